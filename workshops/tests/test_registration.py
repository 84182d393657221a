"""The rules of `workshops.services`: capacity, waiting list, offers."""

import contextlib
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from workshops import services
from workshops.factories import make_event
from workshops.models import Registration

Status = Registration.Status


def register(event, email, party_size=1, activities=None, **kwargs):
    if activities is None:
        activities = list(event.activities.all()[:1])
    return services.register_for_event(
        event, name=email.split("@")[0], email=email, party_size=party_size, activities=activities, **kwargs
    )


def test_registration_is_confirmed_with_email_and_ics(citizen_day):
    registration = register(citizen_day, "alice@example.org", party_size=2)
    assert registration.status == Status.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert registration.personal_url() in message.body
    assert message.attachments[0][0] == "event.ics"
    assert "BEGIN:VEVENT" in message.attachments[0][1]


def test_full_event_with_list_puts_registration_on_waitlist(remote_workshop):
    register(remote_workshop, "a@example.org", party_size=3)
    registration = register(remote_workshop, "b@example.org")
    assert registration.status == Status.WAITLISTED
    assert "BEGIN:VEVENT" not in str(mail.outbox[-1].attachments)


def test_full_event_without_list_refuses(index):
    event = make_event(index, kind="remote_workshop", capacity=2, has_waitlist=False)
    register(event, "a@example.org", party_size=2)
    with pytest.raises(services.EventFull):
        register(event, "b@example.org")
    assert Registration.objects.filter(event=event).count() == 1


def test_capacity_counts_party_sizes(citizen_day):
    velo = citizen_day.activities.get(title="Atelier vélo")
    register(citizen_day, "a@example.org", party_size=4, activities=[velo])
    assert register(citizen_day, "b@example.org", party_size=2, activities=[velo]).status == Status.WAITLISTED
    assert register(citizen_day, "c@example.org", party_size=1, activities=[velo]).status == Status.CONFIRMED


def test_duplicate_email_is_refused_case_insensitively(citizen_day):
    register(citizen_day, "alice@example.org")
    with pytest.raises(services.AlreadyRegistered):
        register(citizen_day, "  ALICE@example.org ")


def test_a_duplicate_on_a_full_event_is_told_it_is_already_registered(index):
    event = make_event(index, kind="remote_workshop", capacity=1, has_waitlist=False)
    register(event, "alice@example.org")
    with pytest.raises(services.AlreadyRegistered):
        register(event, "alice@example.org")


def test_a_registration_reads_registrations_only_under_the_lock(index, monkeypatch):
    """No duplicate check before the lock: the unique constraint decides, under it."""
    event = make_event(index, kind="remote_workshop", capacity=5, has_waitlist=False)
    before_the_lock = []  # the queries of a registration, until it takes the lock
    take_lock = services.locked_event

    @contextmanager
    def tracked(event):
        with take_lock(event) as activities:
            before_the_lock.append("locked")
            yield activities

    def record(execute, sql, params, many, context):
        before_the_lock.append(sql)
        return execute(sql, params, many, context)

    monkeypatch.setattr(services, "locked_event", tracked)
    for email in ("alice@example.org", "ALICE@example.org"):
        before_the_lock.clear()
        with connection.execute_wrapper(record), contextlib.suppress(services.AlreadyRegistered):
            register(event, email)
        queries = before_the_lock[: before_the_lock.index("locked")]
        assert not [sql for sql in queries if "workshops_registration" in sql]
    assert Registration.objects.filter(event=event).count() == 1


def test_duplicate_is_also_a_database_constraint(citizen_day):
    first = register(citizen_day, "alice@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=citizen_day, name="x", email=first.email, status=Status.WAITLISTED)


def test_email_can_register_again_after_cancelling(citizen_day):
    first = register(citizen_day, "alice@example.org")
    services.cancel(first)
    assert register(citizen_day, "alice@example.org").status == Status.CONFIRMED


def test_closed_registration_is_refused(index):
    event = make_event(index, registration_closes=timezone.now() - timedelta(hours=1), activities=[("A", 5)])
    with pytest.raises(services.RegistrationClosed):
        register(event, "a@example.org")


def test_registration_not_yet_open_is_refused(index):
    event = make_event(index, registration_opens=timezone.now() + timedelta(days=1), activities=[("A", 5)])
    with pytest.raises(services.RegistrationClosed):
        register(event, "a@example.org")


def test_past_event_is_refused(index):
    start = timezone.now() - timedelta(days=3)
    event = make_event(index, start=start, activities=[("A", 5)])
    with pytest.raises(services.RegistrationClosed):
        register(event, "a@example.org")


def test_cancelled_event_is_refused(index):
    event = make_event(index, cancelled=True, activities=[("A", 5)])
    with pytest.raises(services.RegistrationClosed):
        register(event, "a@example.org")


def test_party_size_above_maximum_is_refused(citizen_day):
    with pytest.raises(services.PartyTooLarge):
        register(citizen_day, "a@example.org", party_size=citizen_day.max_party_size + 1)
    assert not Registration.objects.exists()


def test_activity_of_another_event_is_refused(citizen_day, index):
    other = make_event(index, title="Autre", activities=[("Ailleurs", 10)])
    with pytest.raises(services.InvalidActivities):
        register(citizen_day, "a@example.org", activities=list(other.activities.all()))


def test_no_activity_chosen_is_refused(citizen_day):
    with pytest.raises(services.InvalidActivities):
        register(citizen_day, "a@example.org", activities=[])


def test_overlapping_activities_are_refused(index):
    start = timezone.now() + timedelta(days=4)
    event = make_event(
        index,
        start=start,
        activities=[
            {"title": "Matin", "capacity": 5, "start": start, "end": start + timedelta(hours=3)},
            {
                "title": "Chevauche",
                "capacity": 5,
                "start": start + timedelta(hours=2),
                "end": start + timedelta(hours=4),
            },
            {
                "title": "Après-midi",
                "capacity": 5,
                "start": start + timedelta(hours=4),
                "end": start + timedelta(hours=6),
            },
        ],
    )
    morning, overlapping, afternoon = event.activities.order_by("sort_order")
    with pytest.raises(services.OverlappingActivities):
        register(event, "a@example.org", activities=[morning, overlapping])
    registration = register(event, "a@example.org", activities=[morning, afternoon])
    assert set(registration.activities.all()) == {morning, afternoon}


def test_cancellation_offers_seats_to_the_first_waitlisted_who_fit(remote_workshop):
    holder = register(remote_workshop, "holder@example.org", party_size=2)
    register(remote_workshop, "one@example.org", party_size=1)  # full now (3 seats)
    big = register(remote_workshop, "big@example.org", party_size=3)
    small = register(remote_workshop, "small@example.org", party_size=2)
    later = register(remote_workshop, "later@example.org", party_size=1)
    assert {big.status, small.status, later.status} == {Status.WAITLISTED}
    mail.outbox.clear()
    services.cancel(holder)
    big.refresh_from_db(), small.refresh_from_db(), later.refresh_from_db()
    # Two seats freed: the party of 3 does not fit, the party of 2 does, then nobody else.
    assert big.status == Status.WAITLISTED
    assert small.status == Status.OFFERED
    assert later.status == Status.WAITLISTED
    assert small.offer_expires_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["holder@example.org", "small@example.org"]


def test_offer_is_held_then_accepted(remote_workshop):
    holder = register(remote_workshop, "holder@example.org", party_size=3)
    waiting = register(remote_workshop, "w@example.org", party_size=2)
    services.cancel(holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    # The held seats are not sold to someone else.
    assert register(remote_workshop, "new@example.org", party_size=2).status == Status.WAITLISTED
    services.accept_offer(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert "secret-room-4242" in mail.outbox[-1].body


def test_expired_offer_cannot_be_accepted_and_passes_on(remote_workshop):
    holder = register(remote_workshop, "holder@example.org", party_size=3)
    first = register(remote_workshop, "first@example.org", party_size=3)
    second = register(remote_workshop, "second@example.org", party_size=3)
    services.cancel(holder)
    first.refresh_from_db()
    later = first.offer_expires_at + timedelta(minutes=1)
    with pytest.raises(services.OfferExpired):
        services.accept_offer(first, now=later)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == Status.EXPIRED
    assert second.status == Status.OFFERED


def test_expire_offers_is_idempotent(remote_workshop):
    holder = register(remote_workshop, "holder@example.org", party_size=3)
    first = register(remote_workshop, "first@example.org", party_size=3)
    second = register(remote_workshop, "second@example.org", party_size=3)
    services.cancel(holder)
    first.refresh_from_db()
    later = first.offer_expires_at + timedelta(minutes=1)
    assert services.expire_offers(now=later) == 1
    assert services.expire_offers(now=later) == 0
    second.refresh_from_db()
    assert second.status == Status.OFFERED


def test_offer_window_is_shortened_close_to_the_event(index):
    event = make_event(index, kind="remote_workshop", capacity=1, start=timezone.now() + timedelta(hours=20))
    assert event.offer_window() <= timedelta(hours=10)
    far = make_event(index, kind="remote_workshop", capacity=1, start=timezone.now() + timedelta(days=20))
    assert far.offer_window() == timedelta(hours=48)
    imminent = make_event(index, kind="remote_workshop", capacity=1, start=timezone.now() + timedelta(minutes=30))
    assert imminent.offer_window() <= timedelta(minutes=30)


def test_registration_cannot_be_cancelled_once_the_event_started(remote_workshop):
    registration = register(remote_workshop, "a@example.org")
    with pytest.raises(services.NotAllowed):
        services.cancel(registration, now=remote_workshop.start + timedelta(minutes=5))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_reducing_the_party_offers_the_freed_seats(remote_workshop):
    holder = register(remote_workshop, "holder@example.org", party_size=3)
    waiting = register(remote_workshop, "w@example.org", party_size=1)
    with pytest.raises(services.PartyTooLarge):
        services.reduce_party(holder, 3)
    services.reduce_party(holder, 2)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_capacity_increase_makes_offers(remote_workshop):
    register(remote_workshop, "holder@example.org", party_size=3)
    waiting = register(remote_workshop, "w@example.org", party_size=2)
    remote_workshop.capacity = 5
    remote_workshop.save_revision().publish()
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_reschedule_bumps_sequence_and_sends_changed_email(remote_workshop):
    registration = register(remote_workshop, "a@example.org")
    mail.outbox.clear()
    remote_workshop.start += timedelta(days=1)
    remote_workshop.end += timedelta(days=1)
    remote_workshop.save_revision().publish()
    assert [m.to for m in mail.outbox] == [[registration.email]]
    assert "SEQUENCE:1" in mail.outbox[0].attachments[0][1]


def test_event_cancellation_sends_method_cancel(remote_workshop):
    register(remote_workshop, "a@example.org")
    register(remote_workshop, "b@example.org", party_size=3)  # waitlisted
    mail.outbox.clear()
    remote_workshop.cancelled = True
    remote_workshop.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("METHOD:CANCEL" in m.attachments[0][1] for m in mail.outbox)


def test_reminder_is_sent_once_and_again_after_reschedule(remote_workshop):
    register(remote_workshop, "a@example.org")
    mail.outbox.clear()
    now = remote_workshop.start - timedelta(days=1)
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now) == 0
    remote_workshop.start += timedelta(hours=2)
    remote_workshop.end += timedelta(hours=2)
    remote_workshop.save_revision().publish()
    assert services.send_reminders(now=now) == 1


def test_reminder_not_sent_too_early(remote_workshop):
    register(remote_workshop, "a@example.org")
    assert services.send_reminders(now=remote_workshop.start - timedelta(days=4)) == 0


def test_purge_anonymises_old_registrations_and_keeps_counts(index):
    event = make_event(index, kind="remote_workshop", capacity=10)
    registration = register(event, "alice.martin@example.org", party_size=2, needs="Fauteuil")
    later = event.end + timedelta(days=200)
    assert services.purge_registrations(months=6, now=later) == 1
    assert services.purge_registrations(months=6, now=later) == 0
    registration.refresh_from_db()
    assert registration.name == "" and registration.needs == "" and "alice.martin@example.org" != registration.email
    assert registration.party_size == 2 and registration.status == Status.CONFIRMED
    # Its history keeps the state changes, not the name it had.
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.for_instance(registration)
    assert entries.filter(action="workshops.registration_confirmed").count() == 1
    assert entries.count() == 1 and "alice.martin" not in entries.get().label


def test_mark_attended_only_for_confirmed(remote_workshop):
    confirmed = register(remote_workshop, "a@example.org", party_size=3)
    waiting = register(remote_workshop, "b@example.org")
    services.mark_attended(confirmed)
    confirmed.refresh_from_db()
    assert confirmed.attended
    with pytest.raises(services.NotAllowed):
        services.mark_attended(waiting)
