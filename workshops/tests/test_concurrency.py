"""200 people register at the same moment for 50 seats: exactly 50 seats are taken,
the others are waitlisted, and nobody gets an error. Each thread has its own database
connection, as each request of a production server would."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models import Sum

from tests.factories import build_site
from workshops import services
from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.serial]

PEOPLE = 200
SEATS = 50


def test_capacity_holds_under_200_simultaneous_registrations(settings):
    from django_tasks_db.models import DBTaskResult

    from conftest import ensure_wagtail_root

    # As in production: each registration's e-mail is a task row written with it (rendered
    # later by the worker), so a registration is one write transaction.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_DELIVERY = "worker"

    ensure_wagtail_root()
    build_site()
    event = make_event(agenda(), title="Chantier très demandé", activities=[("Plantation", SEATS)], has_waitlist=True)
    activity = event.activities.get()
    # PostgreSQL allows 100 connections by default: cap the number of threads inside
    # the database at once there; on SQLite every thread runs at once.
    inside = threading.BoundedSemaphore(30 if connection.vendor == "postgresql" else PEOPLE)
    start = threading.Barrier(PEOPLE)
    outcomes = Counter()
    errors = []
    lock = threading.Lock()

    def attempt(number):
        try:
            start.wait()
            with inside:
                registration = services.register_for_event(
                    event,
                    name=f"Habitant {number}",
                    email=f"habitant{number}@example.org",
                    activities=[activity.pk],
                )
            with lock:
                outcomes[registration.status] += 1
        except services.EventFull:
            with lock:
                outcomes["refused"] += 1
        except Exception as error:  # noqa: BLE001 — every error is counted and reported
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PEOPLE)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began

    taken = (
        Registration.objects.filter(event=event, status__in=Registration.SEAT_STATUSES).aggregate(
            seats=Sum("party_size")
        )["seats"]
        or 0
    )
    print(
        f"\n[{connection.vendor}] {PEOPLE} registrations for {SEATS} seats: seats taken {taken}, "
        f"waitlisted {outcomes['waitlisted']}, refused {outcomes['refused']}, errors {len(errors)}, "
        f"{elapsed:.1f} s"
    )
    assert errors == []
    assert taken == SEATS
    assert outcomes["confirmed"] == SEATS
    assert outcomes["waitlisted"] + outcomes["refused"] == PEOPLE - SEATS
    assert Registration.objects.filter(event=event).count() == SEATS + outcomes["waitlisted"]
    # Every registration's e-mail is queued, none for the refused.
    assert DBTaskResult.objects.filter(task_path="workshops.notifications.send_later").count() == (
        SEATS + outcomes["waitlisted"]
    )


def test_lock_timeout_becomes_a_friendly_busy_error(monkeypatch):
    """PostgreSQL: while another transaction holds the event's lock, a registration
    waits at most `lock_timeout`, then gets `RegistrationBusy` (the "try again" page)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite waits for its write lock (busy timeout) instead.")
    from conftest import ensure_wagtail_root

    ensure_wagtail_root()
    build_site()
    event = make_event(agenda(), title="Verrou", activities=[("Atelier", 5)])
    activity = event.activities.get()
    monkeypatch.setattr(services, "LOCK_TIMEOUT_MS", 200)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with services.locked_event(event):
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert holding.wait(10)
        with pytest.raises(services.RegistrationBusy):
            services.register_for_event(event, name="A", email="a@example.org", activities=[activity.pk])
    finally:
        release.set()
        holder.join()
    assert services.register_for_event(event, name="A", email="a@example.org", activities=[activity.pk]).status == (
        "confirmed"
    )
