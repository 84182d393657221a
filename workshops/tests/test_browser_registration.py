"""A resident registers for a citizen-day activity, opens the personal link from the
e-mail and cancels; a waitlisted resident receives the freed seats and accepts them.
Every page is scanned with axe (no serious or critical violation)."""

import re

import pytest
from django.core import mail

from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINK = re.compile(r"https?://[^/\s]+(/registrations/[^/\s]+/)")


def personal_path(email):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    return LINK.search(message.body).group(1)


def register(page, axe, event_url, name, email, party_size, activity):
    page.goto(event_url)
    axe(page)
    page.get_by_label("Votre nom").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_party_size").select_option(str(party_size))
    page.get_by_label(re.compile(activity)).check()
    page.get_by_label(re.compile("J'accepte")).check()
    page.get_by_role("button", name="S'inscrire").click()
    assert "/registrations/" in page.url
    axe(page)


def test_register_cancel_and_accept_an_offer(live_site, page, axe):
    event = make_event(
        agenda(live_site),
        title="Journée citoyenne de Chemillé",
        place_name="Place du marché",
        activities=[("Atelier vélo", 2), ("Plantation", 20)],
    )
    page.goto(agenda(live_site).url)
    axe(page)
    page.get_by_role("link", name="Journée citoyenne de Chemillé").first.click()

    register(page, axe, event.url, "Alice Martin", "alice@example.org", 2, "Atelier vélo")
    assert page.get_by_text("Confirmée").count() >= 1
    register(page, axe, event.url, "Bruno Petit", "bruno@example.org", 1, "Atelier vélo")
    assert page.get_by_text("Sur liste d'attente").count() >= 1

    # Alice opens her personal link from the e-mail and cancels.
    page.goto(personal_path("alice@example.org"))
    axe(page)
    page.get_by_role("button", name="Annuler mon inscription").click()
    # One click is not enough: the page asks to confirm, with the focus on the question.
    assert Registration.objects.get(email="alice@example.org").status == "confirmed"
    axe(page)
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert page.get_by_text("Annulée").count() >= 1
    # The cancelled page offers to register again.
    assert page.get_by_role("link", name="S'inscrire de nouveau à cet évènement").count() == 1
    axe(page)

    # Bruno receives the offer by e-mail and accepts it.
    offer = [m for m in mail.outbox if m.to == ["bruno@example.org"]][-1]
    assert "Bruno" in offer.body
    page.goto(personal_path("bruno@example.org"))
    axe(page)
    page.get_by_role("button", name="Accepter les places").click()
    assert page.get_by_text("Confirmée").count() >= 1
    axe(page)
    assert Registration.objects.get(email="bruno@example.org").status == "confirmed"
