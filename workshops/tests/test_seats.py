"""Seats before signing up: the event page, its activities and the agenda cards say how
many seats are left, "full — waiting list" or "full"; the form lets the resident choose
what happens when one chosen activity is full."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.translations import translate
from workshops import services
from workshops.factories import english, make_event
from workshops.models import Registration

from .test_views import form_data

Status = Registration.Status
pytestmark = pytest.mark.django_db


def fill(event, activity=None, people=None, prefix="p"):
    capacity = activity.capacity if activity else event.capacity
    for n in range(capacity if people is None else people):
        services.register_for_event(
            event,
            name=f"P{n}",
            email=f"{prefix}{n}@example.org",
            activities=[activity] if activity else (),
            notify=False,
        )


def test_remote_workshop_page_and_card_say_seats_left(client, index):
    event = make_event(index, title="Atelier", kind="remote_workshop", capacity=3)
    fill(event, people=1)
    page = client.get(event.url)
    assert page.context["seats"] == {"state": "open", "seats_left": 2, "activities": {}}
    assert "seats-open" in page.content.decode()
    card = client.get(index.url).content.decode()
    assert "seats-open" in card


def test_full_remote_workshop_with_waiting_list_says_so_before_signing_up(client, index):
    event = make_event(index, title="Atelier complet", kind="remote_workshop", capacity=2, has_waitlist=True)
    fill(event)
    page = client.get(event.url)
    assert page.context["seats"]["state"] == "waitlist"
    assert "seats-waitlist" in page.content.decode()
    assert "seats-waitlist" in client.get(index.url).content.decode()


def test_full_event_without_waiting_list_says_full(client, index):
    event = make_event(index, title="Sans liste", kind="remote_workshop", capacity=1, has_waitlist=False)
    fill(event)
    page = client.get(event.url)
    assert page.context["registration_state"] == "full"
    assert "seats-full" in page.content.decode()
    assert "seats-full" in client.get(index.url).content.decode()


def test_each_activity_says_its_seats(client, citizen_day):
    nature, velo = citizen_day.activities.order_by("sort_order")
    fill(citizen_day, velo)
    page = client.get(citizen_day.url)
    seats = {a.title: a.seats["state"] for a in page.context["activities"]}
    assert seats == {"Chantier nature": "open", "Atelier vélo": "waitlist"}


def test_english_page_shows_the_shared_seats(client, index, citizen_day):
    nature, velo = citizen_day.activities.order_by("sort_order")
    fill(citizen_day, velo)
    en_index = translate(index, english())
    en_event = translate(citizen_day, english())
    page = client.get(en_event.url)
    assert page.context["seats"]["seats_left"] == 10
    assert sorted(a.seats["state"] for a in page.context["activities"]) == ["open", "waitlist"]
    assert "seats-open" in client.get(en_index.url).content.decode()


def test_agenda_seats_cost_constant_queries(client, index):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    for n in range(2):
        make_event(index, title=f"Atelier {n}", kind="remote_workshop", capacity=5)
    few = count()
    for n in range(2, 10):
        make_event(index, title=f"Atelier {n}", kind="remote_workshop", capacity=5)
    assert count() <= few


def test_form_offers_the_choice_when_full(client, citizen_day):
    page = client.get(citizen_day.url).content.decode()
    assert 'name="when_full"' in page and 'value="split"' in page and 'value="wait_all"' in page


def test_split_registers_the_open_activity_and_waits_for_the_full_one(client, citizen_day):
    nature, velo = citizen_day.activities.order_by("sort_order")
    fill(citizen_day, velo)
    data = form_data(citizen_day, activities=[str(nature.pk), str(velo.pk)], when_full="split")
    response = client.post(citizen_day.url, data)
    assert response.status_code == 302
    main = Registration.objects.get(email="alice@example.org", part_of__isnull=True)
    assert main.status == Status.CONFIRMED and list(main.activities.all()) == [nature]
    part = main.waiting_parts.get()
    assert part.status == Status.WAITLISTED and list(part.activities.all()) == [velo]
    # The personal page says both.
    detail = client.get(response["Location"]).content.decode()
    assert part.personal_url() in detail
    # Cancelling the registration leaves the waiting list too.
    services.cancel(main)
    part.refresh_from_db()
    assert part.status == Status.CANCELLED


def test_wait_for_all_keeps_the_whole_registration_waiting(client, citizen_day):
    nature, velo = citizen_day.activities.order_by("sort_order")
    fill(citizen_day, velo)
    data = form_data(citizen_day, activities=[str(nature.pk), str(velo.pk)], when_full="wait_all")
    assert client.post(citizen_day.url, data).status_code == 302
    registration = Registration.objects.get(email="alice@example.org")
    assert registration.status == Status.WAITLISTED
    assert set(registration.activities.all()) == {nature, velo}


def test_the_waiting_part_gets_the_offer_when_a_seat_frees(citizen_day):
    nature, velo = citizen_day.activities.order_by("sort_order")
    fill(citizen_day, velo)
    main = services.register_for_event(
        citizen_day, name="A", email="a@example.org", activities=[nature, velo], when_full=services.WhenFull.SPLIT
    )
    part = main.waiting_parts.get()
    first = Registration.objects.filter(activities=velo, status=Status.CONFIRMED).first()
    services.cancel(first)
    part.refresh_from_db()
    assert part.status == Status.OFFERED
    # The capacity rule holds: the activity is never over its capacity.
    services.accept_offer(part)
    taken = sum(r.party_size for r in Registration.objects.filter(activities=velo).holding_seats())
    assert taken == velo.capacity


def test_split_without_waiting_list_registers_the_open_ones_only(index):
    event = make_event(index, title="Sans liste", activities=[("A", 5), ("B", 1)], has_waitlist=False)
    a, b = event.activities.order_by("sort_order")
    fill(event, b)
    registration = services.register_for_event(
        event, name="Z", email="z@example.org", activities=[a, b], when_full=services.WhenFull.SPLIT
    )
    assert registration.status == Status.CONFIRMED and list(registration.activities.all()) == [a]
    assert not registration.waiting_parts.exists()
    with pytest.raises(services.EventFull):
        services.register_for_event(event, name="Y", email="y@example.org", activities=[a, b])
