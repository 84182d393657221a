"""The "who can help me?" finder, the competency framework's pages, alliances and RGPD."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.personal_data import erase_personal_data, export_personal_data
from home.services import ServiceError
from home.tests.factories import make_themes
from members import services as member_services
from members.people import Alliance, Person, RelayedMessage

from .factories import make_member, make_person, make_practice, make_representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(network):
    """People and practices with one competency in Angers, Avrillé (same intercommunality)
    and Cholet (another one)."""
    competency = network.competencies["porte-a-porte"]
    avrille = make_member("Avrillé")
    people = {
        "angers": make_person(network.angers, name="Anne Angers", competencies=[competency]),
        "avrille": make_person(avrille, name="Alice Avrillé", competencies=[competency]),
        "cholet": make_person(network.cholet, name="Claire Cholet", competencies=[competency]),
    }
    practices = {
        "angers": make_practice(network.angers, title="Pratique d'Angers", competencies=[competency]),
        "avrille": make_practice(avrille, title="Pratique d'Avrillé", competencies=[competency]),
        "cholet": make_practice(network.cholet, title="Pratique de Cholet", competencies=[competency]),
    }
    return people, practices


def positions(text, names):
    return [text.index(name) for name in names]


def test_finder_lists_people_and_practices_nearest_first_with_counts(client, network, spread):
    response = client.get("/qui-peut-m-aider/?competency=porte-a-porte&territory=49007")
    assert response.status_code == 200
    page = response.content.decode()
    assert positions(page, ["Anne Angers", "Alice Avrillé", "Claire Cholet"]) == sorted(
        positions(page, ["Anne Angers", "Alice Avrillé", "Claire Cholet"])
    )
    assert positions(page, ["Pratique d&#x27;Angers", "Pratique d&#x27;Avrillé", "Pratique de Cholet"]) == sorted(
        positions(page, ["Pratique d&#x27;Angers", "Pratique d&#x27;Avrillé", "Pratique de Cholet"])
    )
    results = response.context["results"]
    assert results["people_counts"] == {"same_commune": 1, "same_intercommunality": 1, "elsewhere": 1, "total": 3}
    assert [p.name for p in results["people"]] == ["Anne Angers", "Alice Avrillé", "Claire Cholet"]
    # From Cholet's intercommunality, Cholet comes first.
    epci = network.cholet.seat_commune.intercommunality_code
    results = client.get(f"/qui-peut-m-aider/?competency=porte-a-porte&territory=epci-{epci}").context["results"]
    assert results["people"][0].name == "Claire Cholet" and results["practices"][0].title == "Pratique de Cholet"
    assert results["practice_counts"]["same_intercommunality"] == 1


def test_finder_lists_resources_and_upcoming_trainings_of_the_competency(client, network, spread):
    from home.models import Resource
    from workshops.models import EventIndexPage, EventPage

    competency = network.competencies["porte-a-porte"]
    theme = make_themes()["budget-participatif"]
    resource = Resource.objects.create(
        locale=competency.locale, title="Guide du porte-à-porte", theme=theme, url="https://example.org/guide"
    )
    competency.resources.add(resource)
    index = EventIndexPage(title="Agenda", slug="agenda-test")
    network.pages["people"].get_parent().add_child(instance=index)
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventPage(
        title="Formation porte-à-porte", slug="formation", intro="Une formation", start=start,
        end=start + datetime.timedelta(hours=3), commune=network.cholet.seat_commune,
    )  # fmt: skip
    index.add_child(instance=event)
    event.save_revision().publish()
    past = EventPage(title="Ancienne formation", slug="ancienne", intro="x", start=start - datetime.timedelta(days=30),
                     end=start - datetime.timedelta(days=29))  # fmt: skip
    index.add_child(instance=past)
    past.save_revision().publish()
    competency.events.add(event, past)
    page = client.get("/qui-peut-m-aider/?competency=porte-a-porte&territory=49099").content.decode()
    assert "Guide du porte-à-porte" in page and "Formation porte-à-porte" in page
    assert "Ancienne formation" not in page
    assert "Guide du porte-à-porte" in client.get("/referentiel/porte-a-porte/").content.decode()


def test_finder_by_theme(client, network):

    theme = make_themes()["budget-participatif"]
    person = make_person(network.angers, name="Thémis", themes=[theme])
    response = client.get(f"/qui-peut-m-aider/?theme={theme.slug}")
    assert response.status_code == 200 and person.name in response.content.decode()


@pytest.mark.parametrize(
    "query, field",
    [
        ("competency=unknown&territory=49007", "competency"),
        ("competency=porte-a-porte&territory=99999", "territory"),
        ("competency=porte-a-porte&territory=epci-000000000", "territory"),
        ("theme=nope", "theme"),
        ("territory=49007", None),
    ],
)
def test_finder_explains_unknown_input_without_a_server_error(client, network, query, field):
    response = client.get("/qui-peut-m-aider/?" + query)
    assert response.status_code == 422
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()
    assert response.context["results"] is None


def test_finder_without_a_query_shows_the_form_only(client, network):
    response = client.get("/qui-peut-m-aider/")
    assert response.status_code == 200 and response.context["results"] is None
    assert "<script" not in response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_finder_in_english(client, network, spread):
    response = client.get("/en/who-can-help-me/?competency=porte-a-porte-en&territory=49007")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Door-to-door visits" in page and "In your commune" in page and "Anne Angers" in page


def test_finder_has_constant_queries(client, network):
    competency = network.competencies["porte-a-porte"]
    members = [network.angers, network.cholet, make_member("Saumur")]

    def add(count):
        for index in range(count):
            member = members[index % 3]
            make_practice(member, competencies=[competency])
            make_person(member, competencies=[competency])

    url = "/qui-peut-m-aider/?competency=porte-a-porte&territory=49007"
    add(5)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(45)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_framework_page_and_unknown_competency(client, network):
    page = client.get("/referentiel/").content.decode()
    assert "Porte-à-porte" in page and "Animer une réunion" in page
    assert "Door-to-door visits" in client.get("/en/framework/").content.decode()
    assert client.get("/referentiel/inconnue/").status_code == 404
    english = client.get("/en/framework/porte-a-porte-en/")
    assert english.status_code == 200 and "Door-to-door visits" in english.content.decode()


# --- Alliances --------------------------------------------------------------------------------------


def test_two_members_form_an_alliance_shown_on_both_profiles_and_the_map(client, network):
    client.force_login(network.angers_rep)
    response = client.post(
        "/member-area/alliances/", {"partner": network.cholet.pk, "purpose": "Des chantiers de jeunes"}
    )
    assert response.status_code == 302
    alliance = Alliance.objects.get()
    assert alliance.status == Alliance.Status.PROPOSED
    assert mail.outbox[-1].to == [network.cholet_rep.email]
    assert "Des chantiers" not in client.get(f"/annuaire/{network.cholet.slug}/").content.decode()
    # The proposer cannot accept its own proposal.
    client.post(f"/member-area/alliances/{alliance.pk}/answer/", {"answer": "accept"})
    alliance.refresh_from_db()
    assert alliance.status == Alliance.Status.PROPOSED
    client.force_login(network.cholet_rep)
    assert "Angers" in client.get("/member-area/").content.decode()
    assert client.post(f"/member-area/alliances/{alliance.pk}/answer/", {"answer": "accept"}).status_code == 302
    alliance.refresh_from_db()
    assert alliance.status == Alliance.Status.ACCEPTED
    assert mail.outbox[-1].to == [network.angers_rep.email]
    for member, other in ((network.angers, network.cholet), (network.cholet, network.angers)):
        profile = client.get(f"/annuaire/{member.slug}/").content.decode()
        assert "Des chantiers de jeunes" in profile and other.name in profile
    directory = client.get("/annuaire/").content.decode()
    assert "alliance-line" in directory and "Alliance between Angers and Cholet" in directory
    english = client.get("/en/directory/").content.decode()
    assert "alliance-line" in english


def test_alliance_rules(client, network):
    with pytest.raises(ServiceError) as error:
        member_services.propose_alliance(network.angers, network.angers, purpose="x")
    assert error.value.code == "self"
    member_services.propose_alliance(network.angers, network.cholet, purpose="x")
    with pytest.raises(ServiceError) as error:
        member_services.propose_alliance(network.cholet, network.angers, purpose="y")
    assert error.value.code == "already_proposed"
    pending = make_member("Saumur", status="pending")
    with pytest.raises(ServiceError):
        member_services.propose_alliance(network.angers, pending, purpose="x")
    client.force_login(network.angers_rep)
    response = client.post("/member-area/alliances/", {"partner": network.cholet.pk, "purpose": "encore"})
    assert response.status_code == 422 and "partner" in response.context["form"].errors
    assert client.post("/member-area/alliances/", {"partner": pending.pk, "purpose": "z"}).status_code == 422
    assert client.post("/member-area/alliances/", {"partner": network.cholet.pk, "purpose": ""}).status_code == 422
    assert Alliance.objects.count() == 1


def test_a_third_member_cannot_answer_or_end_an_alliance(client, network):
    alliance = member_services.propose_alliance(network.angers, network.cholet, purpose="x")
    saumur = make_member("Saumur")
    client.force_login(make_representative(saumur))
    assert client.post(f"/member-area/alliances/{alliance.pk}/answer/", {"answer": "accept"}).status_code == 404
    assert client.post(f"/member-area/alliances/{alliance.pk}/end/").status_code == 404
    assert client.post("/member-area/alliances/999999/end/").status_code == 404
    alliance.refresh_from_db()
    assert alliance.status == Alliance.Status.PROPOSED


def test_ending_an_alliance_removes_it_from_the_profiles(client, network):
    alliance = member_services.propose_alliance(network.angers, network.cholet, purpose="Projet commun")
    member_services.answer_alliance(alliance, network.cholet, accept=True)
    client.force_login(network.cholet_rep)
    assert client.post(f"/member-area/alliances/{alliance.pk}/end/").status_code == 302
    assert "Projet commun" not in client.get(f"/annuaire/{network.angers.slug}/").content.decode()


def test_alliance_pages_in_english(client, network):
    client.force_login(network.angers_rep)
    page = client.get("/en/member-area/alliances/")
    assert page.status_code == 200 and "Propose an alliance" in page.content.decode()


# --- RGPD ---------------------------------------------------------------------------------------------


def test_export_and_erase_cover_profiles_and_relayed_messages(network):
    person = make_person(network.angers, email="lea@example.org", name="Léa")
    member_services.relay_message(person, sender_name="Sam", sender_email="sam@example.net", message="Bonjour")
    other = make_person(network.cholet, email="other@example.org")
    member_services.relay_message(other, sender_name="Sam", sender_email="sam@example.net", message="Salut")
    exported = export_personal_data("LEA@example.org")["data"]["people"]
    assert exported["profiles"][0]["name"] == "Léa"
    assert exported["relayed_messages"][0]["message"] == "Bonjour"
    sender = export_personal_data("sam@example.net")["data"]["people"]
    assert len(sender["relayed_messages"]) == 2 and sender["profiles"] == []
    counts = erase_personal_data("sam@example.net")
    assert counts["people"] == 2 and not RelayedMessage.objects.exists()
    erase_personal_data("lea@example.org")
    assert not Person.objects.filter(pk=person.pk).exists() and Person.objects.filter(pk=other.pk).exists()


def test_old_relayed_messages_are_purged(network):
    from django.core.management import call_command

    person = make_person(network.angers)
    old = member_services.relay_message(person, sender_name="A", sender_email="a@example.net", message="old")
    RelayedMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - datetime.timedelta(days=200))
    member_services.relay_message(person, sender_name="B", sender_email="b@example.net", message="new")
    call_command("purge_relayed_messages")
    assert list(RelayedMessage.objects.values_list("message", flat=True)) == ["new"]
