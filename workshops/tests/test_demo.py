from workshops import demo
from workshops.models import EventPage, Registration


def test_demo_loads_once_with_a_full_activity_and_a_waiting_list(db):
    demo.load()
    events = EventPage.objects.filter(locale__language_code="fr")
    assert events.filter(kind="citizen_day").count() == 5
    assert events.filter(kind="remote_workshop").count() == 5
    upcoming = [event for event in events if not event.is_past]
    assert len(upcoming) == 6
    assert 130 <= Registration.objects.count() <= 170
    assert Registration.objects.filter(status="waitlisted").exists()
    assert EventPage.objects.filter(locale__language_code="en").count() == 10
    count = Registration.objects.count()
    demo.load()
    assert Registration.objects.count() == count
    assert EventPage.objects.filter(locale__language_code="fr").count() == 10
