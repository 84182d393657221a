"""People profiles: the member area, the personal link, the public directory and the relay."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from members import services as member_services
from members.people import Person, RelayedMessage

from .factories import form_token, make_member, make_person, make_sector

pytestmark = pytest.mark.django_db


def person_data(**overrides):
    data = {
        "name": "Léa Durand",
        "role": "Agente de mobilisation",
        "category": "mobilisation_agent",
        "email": "lea.durand@example.org",
        "commune": "",
        "presentation": "Je travaille dans les quartiers.",
    }
    data.update(overrides)
    return data


def personal_path(message):
    return re.search(r"https?://[^/\s]+(/[^\s\"<]*/(?:mon-profil|my-profile)/[^\s\"<]+/)", message.body).group(1)


# --- The member area ---------------------------------------------------------------------------


def test_representative_adds_a_person_who_must_agree_before_publication(client, network):
    client.force_login(network.angers_rep)
    competency = network.competencies["porte-a-porte"]
    response = client.post("/member-area/people/new/", person_data(competencies=[competency.pk]))
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.member == network.angers and person.consented_at is None
    assert list(person.competencies.all()) == [competency]
    assert ModelLogEntry.objects.filter(object_id=str(person.pk), action="wagtail.create").exists()
    # Not public yet: the directory does not list it and its page is unknown.
    assert "Léa Durand" not in client.get("/personnes-ressources/").content.decode()
    assert client.get(f"/personnes-ressources/{person.slug}/").status_code == 404
    # The person receives their personal link, and publishes the profile with it.
    assert mail.outbox[-1].to == ["lea.durand@example.org"]
    path = personal_path(mail.outbox[-1])
    assert client.get(path).status_code == 200
    assert client.post(path, {"action": "publish"}).status_code == 302
    person.refresh_from_db()
    assert person.consented_at is not None
    page = client.get("/personnes-ressources/").content.decode()
    assert "Léa Durand" in page and "lea.durand@example.org" not in page


def test_invalid_person_form_is_redisplayed_with_errors_and_nothing_saved(client, network):
    client.force_login(network.angers_rep)
    response = client.post("/member-area/people/new/", person_data(email="not-an-address", name=""))
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"email", "name"}
    assert not Person.objects.exists()
    hostile = client.post("/member-area/people/new/", person_data(presentation="x" * 1501))
    assert hostile.status_code == 422 and "presentation" in hostile.context["form"].errors
    # Control characters are removed before any form sees them (home.edge).
    client.post("/member-area/people/new/", person_data(name="Bad\x07name"))
    assert Person.objects.get().name == "Badname"


def test_a_representative_cannot_edit_or_delete_another_structures_people(client, network):
    person = make_person(network.cholet, name="Chloé Cholet")
    client.force_login(network.angers_rep)
    assert client.get(f"/member-area/people/{person.pk}/").status_code == 404
    assert client.post(f"/member-area/people/{person.pk}/", person_data()).status_code == 404
    assert client.post(f"/member-area/people/{person.pk}/delete/").status_code == 404
    person.refresh_from_db()
    assert person.name == "Chloé Cholet"


def test_changing_the_address_asks_the_new_address_to_agree(client, network):
    person = make_person(network.angers, name="Paul Martin", email="paul@example.org")
    client.force_login(network.angers_rep)
    response = client.post(f"/member-area/people/{person.pk}/", person_data(name="Paul Martin", email="p2@example.org"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.consented_at is None and mail.outbox[-1].to == ["p2@example.org"]


def test_representative_deletes_a_person(client, network):
    person = make_person(network.angers)
    client.force_login(network.angers_rep)
    assert client.post(f"/member-area/people/{person.pk}/delete/").status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


# --- The personal link ------------------------------------------------------------------------------


def test_personal_link_hides_and_deletes_and_refuses_tampered_tokens(client, network):
    person = make_person(network.angers, name="Nina Roux")
    path = "/personnes-ressources/mon-profil/" + member_services.personal_token(person) + "/"
    assert client.post(path, {"action": "hide"}).status_code == 302
    person.refresh_from_db()
    assert person.hidden and not person.is_public
    assert client.get(f"/personnes-ressources/{person.slug}/").status_code == 404
    # Tampered, foreign and unknown tokens get a clear page, never a 500.
    assert client.get(path[:-3] + "00/").status_code == 404
    assert client.get("/personnes-ressources/mon-profil/nothing/").status_code == 404
    # Deleting needs the confirmation box.
    client.post(path, {"action": "delete"})
    assert Person.objects.filter(pk=person.pk).exists()
    assert client.post(path, {"action": "delete", "confirm": "yes"}).status_code == 200
    assert not Person.objects.filter(pk=person.pk).exists()
    assert client.get(path).status_code == 404


def test_personal_link_in_english(client, network):
    person = make_person(network.angers, language="en", public=False)
    link = member_services.personal_link(person)
    assert "/en/people/my-profile/" in link
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert "I agree: publish my profile" in response.content.decode()


# --- The public directory of people --------------------------------------------------------------------


def test_directory_filters_by_competency_sector_territory_and_accent_free_search(client, network):
    sector = make_sector()
    competency = network.competencies["porte-a-porte"]
    lea = make_person(network.angers, name="Léa Élégante", competencies=[competency], sectors=[sector])
    marc = make_person(network.cholet, name="Marc Martin")
    page = lambda query: client.get("/personnes-ressources/" + query).content.decode()  # noqa: E731
    assert lea.name in page("?competency=porte-a-porte") and marc.name not in page("?competency=porte-a-porte")
    assert lea.name in page("?sector=jeunesse") and marc.name not in page("?sector=jeunesse")
    assert marc.name in page("?territory=49099") and lea.name not in page("?territory=49099")
    cholet_epci = network.cholet.seat_commune.intercommunality_code
    assert marc.name in page(f"?territory=epci-{cholet_epci}")
    assert lea.name in page("?q=elegante") and marc.name not in page("?q=elegante")
    assert lea.name in page("?q=ÉLÉGANTE")
    # Unknown values are ignored, never a 500.
    assert client.get("/personnes-ressources/?territory=zzz&competency=nope&page=999").status_code == 200


def test_directory_in_english_shows_translated_competencies(client, network):
    make_person(network.angers, name="Léa", competencies=[network.competencies["porte-a-porte"]])
    response = client.get("/en/people/?competency=porte-a-porte-en")
    assert response.status_code == 200
    assert "Door-to-door visits" in response.content.decode() and "Léa" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_directory_of_people_has_constant_queries(client, network):
    competency = network.competencies["porte-a-porte"]
    sector = make_sector()
    members = [network.angers, network.cholet, make_member("Saumur")]

    def add(count):
        for index in range(count):
            make_person(members[index % 3], competencies=[competency], sectors=[sector])

    add(5)
    client.get("/personnes-ressources/")
    small = count_queries(client, "/personnes-ressources/")
    add(45)
    client.get("/personnes-ressources/")
    large = count_queries(client, "/personnes-ressources/")
    assert large == small
    assert count_queries(client, "/personnes-ressources/?competency=porte-a-porte&territory=49007") <= small + 2


# --- The contact relay ----------------------------------------------------------------------------------


def contact_data(**overrides):
    data = {
        "sender_name": "Sam Visiteur",
        "sender_email": "sam@example.net",
        "message": "Bonjour, pouvez-vous m'aider à organiser un porte-à-porte ?",
        "consent": "on",
        "website": "",
        "form_started": form_token(),
    }
    data.update(overrides)
    return data


def test_relay_sends_the_message_to_the_person_with_the_sender_as_reply_to(client, network):
    person = make_person(network.angers, name="Léa Relais", email="secret.lea@example.org")
    page = client.get(f"/personnes-ressources/{person.slug}/").content.decode()
    contact_page = client.get(f"/personnes-ressources/{person.slug}/contact/").content.decode()
    assert "secret.lea@example.org" not in page and "secret.lea@example.org" not in contact_page
    mail.outbox.clear()
    response = client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data())
    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and "secret.lea@example.org" not in sent.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["secret.lea@example.org"]
    assert message.message()["Reply-To"] == "sam@example.net"
    assert "porte-à-porte" in message.body
    assert RelayedMessage.objects.get().sender_email == "sam@example.net"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"sender_email": "nope"}, "sender_email"),
        ({"message": ""}, "message"),
        ({"message": "x" * 3001}, "message"),
        ({"consent": ""}, "consent"),
    ],
)
def test_relay_refuses_bad_input_on_its_field(client, network, overrides, field):
    person = make_person(network.angers)
    response = client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data(**overrides))
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert response.context["form"]["message"].value() == contact_data(**overrides)["message"]
    assert not RelayedMessage.objects.exists() and not mail.outbox


def test_relay_refuses_bots_and_hidden_profiles(client, network):
    person = make_person(network.angers)
    honeypot = client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data(website="http://spam"))
    assert honeypot.status_code == 422
    tampered = client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data(form_started="forged"))
    assert tampered.status_code == 422
    member_services.hide_profile(person)
    assert client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data()).status_code == 404
    with pytest.raises(member_services.ServiceError):
        member_services.relay_message(person, sender_name="a", sender_email="a@b.fr", message="m")
    assert not RelayedMessage.objects.exists() and not mail.outbox


def test_relay_is_rate_limited(client, network):
    person = make_person(network.angers)
    for _index in range(5):
        assert client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data()).status_code == 302
    assert client.post(f"/personnes-ressources/{person.slug}/contact/", contact_data()).status_code == 429
    assert RelayedMessage.objects.count() == 5


def test_relay_in_english(client, network):
    person = make_person(network.angers, name="Léa", language="en", email="lea@example.org")
    form = client.get(f"/en/people/{person.slug}/contact/").content.decode()
    assert "Send the message" in form
    response = client.post(f"/en/people/{person.slug}/contact/", contact_data())
    assert response.status_code == 302 and response["Location"].startswith("/en/people/")
    assert mail.outbox[-1].message()["Reply-To"] == "sam@example.net"
    assert "wrote to you" in mail.outbox[-1].body
