"""The periodic commands are idempotent and also run as tasks."""

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command

from workshops import services
from workshops.models import Registration
from workshops.tasks import expire_offers_task, purge_registrations_task, send_reminders_task

Status = Registration.Status


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def registered(event, email, party_size=1):
    return services.register_for_event(event, name="X", email=email, party_size=party_size)


def test_send_reminders_command_is_idempotent(remote_workshop):
    registered(remote_workshop, "a@example.org")
    # The event starts in 5 days; move the reminder delay so it is due now.
    remote_workshop.reminder_days = 6
    remote_workshop.save_revision().publish()
    mail.outbox.clear()
    assert run("send_reminders").startswith("1 ")
    assert run("send_reminders").startswith("0 ")
    assert len(mail.outbox) == 1
    assert "BEGIN:VEVENT" in mail.outbox[0].attachments[0][1]


def test_expire_offers_command(remote_workshop):
    holder = registered(remote_workshop, "h@example.org", party_size=3)
    first = registered(remote_workshop, "f@example.org", party_size=3)
    services.cancel(holder)
    Registration.objects.filter(pk=first.pk).update(offer_expires_at=first.created_at - timedelta(hours=1))
    assert run("expire_offers").startswith("1 ")
    assert run("expire_offers").startswith("0 ")
    first.refresh_from_db()
    assert first.status == Status.EXPIRED


def test_purge_command(index):
    from django.utils import timezone

    from workshops.factories import make_event

    event = make_event(index, kind="remote_workshop", capacity=5, start=timezone.now() + timedelta(days=1))
    registration = registered(event, "a@example.org")
    Registration.objects.filter(pk=registration.pk).update(created_at=timezone.now() - timedelta(days=400))
    event.start = timezone.now() - timedelta(days=300)
    event.end = event.start + timedelta(hours=2)
    event.save_revision().publish()
    assert run("purge_registrations").startswith("1 ")
    assert run("purge_registrations", "--months", "1").startswith("0 ")
    registration.refresh_from_db()
    assert registration.anonymised_at and registration.email != "a@example.org"


def test_commands_run_as_tasks(remote_workshop):
    assert run("send_reminders", "--as-task") == "Task enqueued.\n"
    assert send_reminders_task.enqueue().return_value == 0
    assert expire_offers_task.enqueue().return_value == 0
    assert purge_registrations_task.enqueue(months=6).return_value == 0
