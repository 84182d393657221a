"""The unticked "send me the newsletter" box of the registration, proposal and support
forms: unticked by default, and when ticked, a newsletter subscription waiting for the
address's confirmation, with the consent's source, date and wording."""

import pytest
from django.core import mail

from follows.models import Consent, Subscriber
from roadmap.factories import bot_fields
from workshops.factories import make_event

pytestmark = pytest.mark.django_db


def assert_unticked(response):
    content = response.content.decode()
    assert 'name="newsletter"' in content
    tag = content.split('name="newsletter"', 1)[1].split(">", 1)[0]
    assert "checked" not in tag


def assert_pending_subscription(email, source):
    subscriber = Subscriber.objects.get(email=email)
    assert not subscriber.newsletter  # waits for the confirmation
    consent = Consent.objects.get(subscriber=subscriber, purpose="newsletter")
    assert consent.source == source and consent.wording and consent.given_at
    assert any("/suivre/confirmation/" in m.body for m in mail.outbox if m.to == [email])


def test_registration_form(client, index, commune):
    event = make_event(index, title="Journée", commune=commune, capacity=10)
    assert_unticked(client.get(event.url))
    data = {"name": "Alice", "email": "alice@example.org", "party_size": "1", "consent": "on", **bot_fields()}
    client.post(event.url, {**data, "commune": commune.pk})
    assert not Subscriber.objects.exists()  # not ticked: nothing
    data.update(bot_fields())  # a fresh form token: a replayed one is refused
    response = client.post(event.url, {**data, "email": "bob@example.org", "newsletter": "on", "commune": commune.pk})
    assert response.status_code == 302, response.context["form"].errors if response.context else response.status_code
    assert_pending_subscription("bob@example.org", "registration")
    assert Subscriber.objects.get(email="bob@example.org").commune == commune


def test_proposal_form(client, axis):
    url = "/feuille-de-route/propose/"
    assert_unticked(client.get(url))
    data = {"axis": axis.pk, "title": "Une idée", "description": "Pour tous.", "name": "Camille", "consent": "on"}
    client.post(url, {**data, "email": "camille@example.org", "newsletter": "on", **bot_fields()})
    assert_pending_subscription("camille@example.org", "proposal")


def test_support_form(client, action):
    url = f"/feuille-de-route/actions/{action.pk}/support/"
    client.post(url, {"email": "lea@example.org", "consent": "on", "newsletter": "on", **bot_fields()})
    assert_pending_subscription("lea@example.org", "support")
