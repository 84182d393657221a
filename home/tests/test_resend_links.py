""" "Resend my links": the same answer whatever the address, the links by e-mail to the
address itself, rate-limited and bot-protected, linked from the pages that need it."""

import time

import pytest
from django.core import mail, signing
from django.utils import timezone

from home.forms import FORM_TOKEN_SALT
from roadmap import services as roadmap_services
from roadmap.factories import make_action, make_axis, make_roadmap_page
from roadmap.models import Support
from workshops import services as workshops_services
from workshops.factories import agenda, make_event
from workshops.tokens import make_token

pytestmark = pytest.mark.django_db

URL = "/renvoyer-mes-liens/"


def bot():
    return {"website": "", "form_started": signing.dumps(time.time() - 10, salt=FORM_TOKEN_SALT)}


@pytest.fixture
def holdings(home_page):
    """Camille holds a registration, an unconfirmed proposal and a confirmed support."""
    event = make_event(agenda(), title="Journée des liens", capacity=20)
    past = make_event(agenda(), title="Passée", capacity=20)
    registration = workshops_services.register_for_event(
        event, name="Camille", email="camille@example.org", notify=False
    )
    workshops_services.register_for_event(past, name="Camille", email="camille@example.org", notify=False)
    type(past).objects.filter(pk=past.pk).update(
        start=timezone.now() - timezone.timedelta(days=3), end=timezone.now() - timezone.timedelta(days=2)
    )
    make_roadmap_page(home_page)
    axis = make_axis("Participation")
    action = make_action(axis, "Budget participatif")
    proposal = roadmap_services.propose(
        axis=axis, title="Une idée perdue", description="…", name="Camille", email="camille@example.org"
    )
    support = Support.objects.create(
        action=action, email="camille@example.org", confirmed_at=timezone.now(), notify_updates=True
    )
    mail.outbox.clear()
    return {"registration": registration, "proposal": proposal, "support": support, "past": past}


def test_a_known_address_receives_all_its_links(client, holdings):
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"email": "Camille@Example.org", **bot()})
    assert response.status_code == 302 and response["Location"] == URL + "?envoye=1"
    (message,) = mail.outbox
    assert message.to == ["camille@example.org"]
    body = message.body
    assert holdings["registration"].absolute_personal_url() in body
    assert "/roadmap/confirm-proposal/" in body and "Une idée perdue" in body
    assert "/roadmap/unsubscribe/" in body
    assert "Passée" not in body  # an event already over has no link to resend
    # The fresh confirmation link works.
    token = body.split("/roadmap/confirm-proposal/")[1].split("/")[0]
    assert roadmap_services.confirm_proposal(token).pk == holdings["proposal"].pk
    assert "Get your personal links again" not in client.get(URL + "?envoye=1").content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, holdings):
    known = client.post(URL, {"email": "camille@example.org", **bot()})
    unknown = client.post(URL, {"email": "personne@example.org", **bot()})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    assert client.get(unknown["Location"]).content.decode().count("alert-success") == 1


def test_the_page_in_english(client, holdings):
    response = client.get("/en" + URL)
    assert response.status_code == 200 and '<html lang="en"' in response.content.decode()
    client.post("/en" + URL, {"email": "camille@example.org", **bot()})
    assert mail.outbox[0].subject == "Your personal links"
    assert "/en/registrations/" in mail.outbox[0].body or "/registrations/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-address"},
        {"email": ""},
        {"email": "camille@example.org", "website": "http://spam.example"},
        {"email": "camille@example.org", "form_started": "tampered"},
    ],
)
def test_bad_input_is_refused_field_by_field_without_e_mail(client, holdings, data):
    response = client.post(URL, {**bot(), **data})
    assert response.status_code == 422
    assert mail.outbox == []


def test_a_replayed_form_is_refused(client, holdings):
    data = {"email": "camille@example.org", **bot()}
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 422
    assert len(mail.outbox) == 1


def test_rate_limited_per_client_and_per_address(client, holdings):
    for n in range(10):
        client.post(URL, {"email": f"someone{n}@example.org", **bot()})
    assert client.post(URL, {"email": "camille@example.org", **bot()}).status_code == 429
    other = client.__class__(REMOTE_ADDR="10.9.9.9")
    for n in range(5):
        other.post(URL, {"email": "camille@example.org", **bot()}, REMOTE_ADDR=f"10.9.9.{n + 1}")
    # Three e-mails an hour to one address, however many clients ask.
    assert len(mail.outbox) == 3


def test_the_pages_that_need_it_link_to_it(client, holdings):
    registration = holdings["registration"]
    event = registration.event
    # The confirmation (personal) page.
    personal = client.get(registration.personal_url()).content.decode()
    assert URL in personal
    # An invalid personal link: a clear page, with the way to get one's links again.
    response = client.get(f"/registrations/{make_token(registration)}x/")
    assert response.status_code == 404 and URL in response.content.decode()
    # An invalid or expired roadmap link.
    response = client.get("/roadmap/confirm-proposal/garbage/")
    assert response.status_code == 400 and URL in response.content.decode()
    # "Already registered".
    response = client.post(
        event.url,
        {"name": "Camille", "email": "camille@example.org", "party_size": "1", "consent": "on", **bot()},
    )
    assert response.status_code == 422 and URL in response.content.decode()
