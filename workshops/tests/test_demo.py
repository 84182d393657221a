from workshops import demo
from workshops.models import (
    DatePoll,
    EventPage,
    EventProposal,
    EventReportPage,
    Invitation,
    PollRespondent,
    Registration,
)


def test_demo_loads_once_with_a_full_activity_and_a_waiting_list(db):
    demo.load()
    events = EventPage.objects.filter(locale__language_code="fr")
    assert events.filter(kind="citizen_day").count() == 5
    assert events.filter(kind="remote_workshop").count() == 5
    assert events.filter(kind="network_meeting").count() == 2
    assert events.filter(kind="training").count() == 2
    upcoming = [event for event in events if not event.is_past]
    assert len(upcoming) == 8
    assert 150 <= Registration.objects.filter(role="participant").count() <= 210
    assert Registration.objects.filter(status="waitlisted").exists()
    assert EventPage.objects.filter(locale__language_code="en").count() == 14
    count = Registration.objects.count()
    demo.load()
    assert Registration.objects.count() == count
    assert EventPage.objects.filter(locale__language_code="fr").count() == 14


def test_demo_shows_the_network_life(db, client):
    demo.load()
    past_meeting = EventPage.objects.get(slug=demo.NETWORK_MEETING_SLUG, locale__language_code="fr")
    report = EventReportPage.objects.live().child_of(past_meeting).get()
    assert client.get(report.url).status_code == 200
    hybrid = EventPage.objects.get(slug="rencontre-reseau-saumur", locale__language_code="fr")
    assert hybrid.is_hybrid and Invitation.objects.filter(event=hybrid, role="observer").count() == 3
    assert Registration.objects.filter(event=hybrid, role="observer").exists()
    assert EventPage.objects.filter(kind="training", trainer__gt="").exists()
    poll = DatePoll.objects.get()
    assert poll.is_open and PollRespondent.objects.filter(poll=poll, answered_at__isnull=False).count() == 4
    assert client.get(poll.public_url()).status_code == 200
    assert EventProposal.objects.filter(status="pending").exists() or not EventProposal.objects.exists()
    assert report.get_translations().filter(locale__language_code="en", live=True).exists()
