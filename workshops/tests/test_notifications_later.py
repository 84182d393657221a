"""E-mails of a resident's own action are rendered and sent by a task
(`workshops.notifications.send_later`), and skipped when they would no longer be true."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from workshops import services
from workshops.factories import make_event
from workshops.models import Registration
from workshops.notifications import send_later

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(index):
    return make_event(index, capacity=5, start=timezone.now() + timedelta(days=10))


def register(event, n=1):
    return services.register_for_event(event, name=f"P{n}", email=f"p{n}@example.org", party_size=1, language="fr")


def test_registering_sends_the_confirmation_through_the_task(event):
    registration = register(event)
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["p1@example.org"]
    assert any(name == "event.ics" for name, _content, _type in mail.outbox[0].attachments)


def test_an_email_about_a_status_that_changed_meanwhile_is_not_sent(event):
    registration = register(event)
    mail.outbox.clear()
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    send_later.call(registration.pk, "confirmation", "confirmed", {})
    assert mail.outbox == []


def test_an_erased_registration_gets_no_email(event):
    registration = register(event)
    mail.outbox.clear()
    pk = registration.pk
    registration.delete()
    send_later.call(pk, "confirmation", "confirmed", {})
    assert mail.outbox == []


def test_a_cancellation_is_sent_whatever_the_status(event):
    registration = register(event)
    mail.outbox.clear()
    send_later.call(registration.pk, "cancellation", "confirmed", {})
    assert len(mail.outbox) == 1
