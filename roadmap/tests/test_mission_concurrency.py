"""150 people sign up at the same moment for a mission of 20 places: exactly 20 are
confirmed, the others are told it is full, and nobody gets an error. The same burst as
the registrations' (workshops/tests/test_concurrency.py): each thread has its own
database connection, as each request of a production server would."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from home.services import ServiceError
from roadmap.factories import make_action, make_axis, make_mission
from roadmap.mission_models import Volunteer
from roadmap.services import missions
from tests.factories import build_site

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.serial]

PEOPLE = 150
PLACES = 20


def test_mission_places_hold_under_150_simultaneous_sign_ups():
    from conftest import ensure_wagtail_root

    ensure_wagtail_root()
    build_site()
    mission = make_mission(action=make_action(make_axis("Concurrence")), title="Chantier très demandé", capacity=PLACES)
    # PostgreSQL allows 100 connections by default: cap the threads inside the database.
    inside = threading.BoundedSemaphore(30 if connection.vendor == "postgresql" else PEOPLE)
    start = threading.Barrier(PEOPLE)
    outcomes = Counter()
    errors = []
    lock = threading.Lock()

    def attempt(number):
        try:
            start.wait()
            with inside:
                missions.sign_up(mission, name=f"Bénévole {number}", email=f"benevole{number}@example.org")
            with lock:
                outcomes["confirmed"] += 1
        except ServiceError as error:
            with lock:
                outcomes[error.code] += 1
        except Exception as error:  # noqa: BLE001 — every error is counted and reported
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    taken = Volunteer.objects.filter(mission=mission, status="confirmed").count()
    print(f"\n[{connection.vendor}] {PEOPLE} sign-ups for {PLACES} places: {taken} taken, {dict(outcomes)}")
    assert errors == []
    assert taken == PLACES
    assert outcomes["confirmed"] == PLACES
    assert outcomes["full"] == PEOPLE - PLACES
    assert Volunteer.objects.filter(mission=mission).count() == PLACES


def test_mission_lock_timeout_becomes_a_friendly_busy_error(monkeypatch):
    """PostgreSQL: while another transaction holds the mission's row, a sign-up waits at
    most `lock_timeout`, then gets the "try again" refusal (code "busy")."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite waits for its write lock (busy timeout) instead.")
    from conftest import ensure_wagtail_root
    from roadmap.mission_models import Mission
    from workshops import services as workshops_services

    ensure_wagtail_root()
    build_site()
    mission = make_mission(action=make_action(make_axis("Verrou")), capacity=5)
    monkeypatch.setattr(workshops_services, "LOCK_TIMEOUT_MS", 200)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with workshops_services.capacity_lock(Mission.objects.filter(pk=mission.pk)):
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(ServiceError) as error:
            missions.sign_up(mission, name="A", email="a@example.org")
        assert error.value.code == "busy"
    finally:
        release.set()
        holder.join()
    assert missions.sign_up(mission, name="A", email="a@example.org").status == "confirmed"
