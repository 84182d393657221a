"""The query budget of the agenda and of an event page: the same number of queries with 5
or 50 events, activities and registrations, and at most 12 (the event page: 12, plus the
three of the roadmap's participation tags — its missions, the calls that prepare it and the
ideas that became its activities)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.tests.factories import make_themes
from members.models import Member
from workshops.factories import make_event
from workshops.models import Activity, Registration

AGENDA_BUDGET = 12
EVENT_BUDGET = 12 + 3

pytestmark = pytest.mark.django_db


def _queries(client, url):
    client.get(url)  # the shared caches (layout, site) are filled by a first visit
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _register(event, activities, count, prefix):
    """`count` confirmed registrations spread over the activities, written in bulk."""
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"P{n}",
            email=f"{prefix}{n}@example.org",
            status=Registration.Status.CONFIRMED,
            token=f"{prefix}-{event.pk}-{n}",
        )
        for n in range(count)
    )
    if activities:
        Registration.activities.through.objects.bulk_create(
            Registration.activities.through(
                registration_id=registration.pk, activity_id=activities[n % len(activities)].pk
            )
            for n, registration in enumerate(registrations)
        )


@pytest.fixture
def theme(db):
    return make_themes()["budget-participatif"]


@pytest.fixture
def host(db):
    return Member.objects.create(kind="commune", name="Chemillé", slug="chemille", status="approved")


def test_agenda_stays_within_budget_with_5_or_50_events(client, index, commune, theme, host):
    start = timezone.now() + timedelta(days=1)
    created = 0

    def add_events(total):
        nonlocal created
        for n in range(created, total):
            kind = "citizen_day" if n % 2 else "remote_workshop"
            event = make_event(
                index,
                title=f"Événement {n}",
                slug=f"evenement-{n}",
                kind=kind,
                commune=commune,
                capacity=None if kind == "citizen_day" else 100,
                start=start + timedelta(hours=n),
                activities=[("Chantier", 30), ("Atelier", 30)] if kind == "citizen_day" else (),
            )
            event.themes.add(theme)
            event.host_members.add(host)
            event.save_revision().publish()
            _register(event, list(event.activities.all()), 5, prefix=f"e{n}-")
        created = total

    add_events(5)
    five = _queries(client, index.url)
    add_events(50)
    fifty = _queries(client, index.url)
    assert five == fifty
    assert fifty <= AGENDA_BUDGET


@pytest.mark.parametrize("kind", ["citizen_day", "remote_workshop"])
@pytest.mark.parametrize("has_waitlist", [True, False])
def test_event_page_stays_within_budget_with_5_or_50_activities_and_registrations(
    client, index, commune, theme, host, kind, has_waitlist
):
    event = make_event(
        index,
        title="Journée",
        kind=kind,
        commune=commune,
        capacity=None if kind == "citizen_day" else 500,
        has_waitlist=has_waitlist,
    )
    event.themes.add(theme)
    event.host_members.add(host)
    event.save_revision().publish()

    def grow(total):
        if kind == "citizen_day":
            existing = event.activities.count()
            for n in range(existing, total):
                start = event.start + timedelta(minutes=n)
                Activity.objects.create(
                    event=event,
                    locale=event.locale,
                    sort_order=n,
                    title=f"Activité {n}",
                    capacity=100,
                    start=start,
                    end=start + timedelta(minutes=30),
                )
        activities = list(event.activities.all())
        done = Registration.objects.filter(event=event).count()
        _register(event, activities, total - done, prefix=f"r{total}-")

    grow(5)
    five = _queries(client, event.url)
    grow(50)
    fifty = _queries(client, event.url)
    assert five == fifty
    assert fifty <= EVENT_BUDGET
