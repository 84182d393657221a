"""The API's resources for the network between events: the competency framework, field
practices, people who opted in, and calls for ideas with their published ideas and results.
Public records only, filters like the public pages, both languages, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Publication
from roadmap.call_models import Idea

from .conftest import PRIVATE
from .test_api import problem

pytestmark = pytest.mark.django_db


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def test_domains_and_competencies_in_both_languages(client, world):
    domains = results(client, "/api/v1/domains/")
    assert [d["name"] for d in domains] == ["Animer", "Mobiliser"]  # by order, then name
    assert [c["slug"] for c in domains[0]["competencies"]] == ["animer-reunion", "facile-a-lire"]
    english = results(client, "/api/v1/domains/?lang=en")
    assert english[0]["name"] == "Facilitating" and english[0]["id"] == domains[0]["id"]
    assert english[0]["competencies"][0]["name"] == "Running a meeting"
    competency = world["competency"]
    listed = results(client, f"/api/v1/competencies/?domain={world['domain'].pk}")
    assert [c["id"] for c in listed] == [competency.pk, *[c["id"] for c in listed[1:]]]
    meeting = listed[0]
    # Only the published practice of an approved member, only the public profile.
    assert meeting["practice_count"] == 1 and meeting["people_count"] == 1
    detail = client.get(f"/api/v1/competencies/{competency.pk}/?lang=en").json()
    assert detail["name"] == "Running a meeting" and detail["slug"] == "animer-reunion-en"
    assert detail["domain"]["name"] == "Facilitating"
    assert detail["practices"] == [world["practice"].pk]
    assert detail["people"] == [world["person"].pk]
    assert detail["events"] == [world["citizen_day"].pk]


def test_practices_are_the_published_ones_with_their_sheet(client, world):
    practice = world["practice"]
    listed = results(client, "/api/v1/practices/")
    assert [p["id"] for p in listed] == [practice.pk]
    record = listed[0]
    assert record["member"] == {"id": world["association"].pk, "name": "Les Amis de la Participation"}
    assert record["commune"]["insee_code"] == "49007" and record["commune"]["epci_siren"] == "244900015"
    assert [c["id"] for c in record["competencies"]] == [world["competency"].pk]
    assert "results" not in record  # the list carries the summary, the record the sheet
    head = client.head("/api/v1/practices/")
    assert head.status_code == 200 and head["ETag"] and not head.content
    detail = client.get(f"/api/v1/practices/{practice.pk}/").json()
    assert detail["what_was_done"] == "Ce qui a été fait"
    assert "[…]" in detail["results"] and "06 11" not in detail["results"]
    assert detail["contact_people"] == [{"id": world["person"].pk, "name": "Léa Praticienne", "role": "Animatrice"}]
    assert detail["events"] == [world["citizen_day"].pk] and detail["actions"] == [world["action"].pk]
    english = client.get(f"/api/v1/practices/{practice.pk}/?lang=en").json()
    assert english["id"] == practice.pk and english["competencies"][0]["name"] == "Running a meeting"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("competency=animer-reunion", True),
        ("competency=animer-reunion-en&lang=en", True),
        ("competency=porte-a-porte", False),
        ("competency=no-such-competency", False),
        ("commune=49007", True),
        ("commune=49099", False),
        ("epci=244900015", True),
        ("kind=association", True),
        ("kind=commune", False),
        ("q=envie", True),
        ("q=absent", False),
        ("theme=no-such-theme", False),
    ],
)
def test_practices_filters(client, world, query, found):
    assert bool(results(client, f"/api/v1/practices/?{query}")) is found


def test_people_are_only_those_who_opted_in(client, world):
    person = world["person"]
    listed = results(client, "/api/v1/people/")
    assert [p["name"] for p in listed] == ["Léa Praticienne"]
    record = listed[0]
    assert record["role"] == "Animatrice" and record["category"] == "mobilisation_agent"
    assert record["sectors"] == [{"slug": "jeunesse", "name": "Jeunesse"}]
    assert "@" not in record["presentation"] and "email" not in record and "token" not in record
    detail = client.get(f"/api/v1/people/{person.pk}/?lang=en").json()
    assert detail["category_label"] == "Mobilisation agent"
    assert detail["competencies"][0]["name"] == "Running a meeting"
    assert detail["practices"] == [world["practice"].pk]
    for query in ("sector=jeunesse", "competency=animer-reunion", "category=mobilisation_agent", "commune=49007"):
        assert [p["id"] for p in results(client, f"/api/v1/people/?{query}")] == [person.pk], query
    for query in ("sector=culture", "category=volunteer", "commune=49099", f"member={world['commune_member'].pk}"):
        assert results(client, f"/api/v1/people/?{query}") == [], query


def test_profiles_that_are_not_public_are_not_found(client, world):
    from members.people import Person

    for name in (PRIVATE["hidden_person"], PRIVATE["unconsented_person"], PRIVATE["pending_member_person"]):
        problem(client.get(f"/api/v1/people/{Person.objects.get(name=name).pk}/"), 404)


def test_calls_with_their_published_ideas_and_results(client, world):
    call = world["call"]
    listed = results(client, "/api/v1/calls/")
    assert [c["id"] for c in listed] == [call.pk]
    assert listed[0]["state"] == "results" and listed[0]["idea_count"] == 2
    assert listed[0]["commune"]["insee_code"] == "49007" and listed[0]["event"] == world["citizen_day"].pk
    assert results(client, "/api/v1/calls/?state=open") == []
    assert [c["id"] for c in results(client, "/api/v1/calls/?state=results&epci=244900015")] == [call.pk]
    detail = client.get(f"/api/v1/calls/{call.pk}/?lang=en").json()
    assert detail["title"] == "Your ideas for the citizen day" and detail["kind_label"] == "Call for ideas"
    assert [idea["title"] for idea in detail["ideas"]] == ["Un repas partagé", "Une fresque"]
    fresco = detail["ideas"][1]
    assert detail["selected"] == [fresco["id"]] and fresco["action"] == world["action"].pk
    assert fresco["member"]["name"] == "Les Amis de la Participation"


def test_ideas_are_the_published_ones_and_residents_are_never_named(client, world):
    idea = world["idea"]
    listed = results(client, f"/api/v1/ideas/?call={world['call'].pk}")
    assert len(listed) == 2
    meal = client.get(f"/api/v1/ideas/{idea.pk}/").json()
    assert meal["member"] is None  # a resident
    assert meal["support_count"] == 2  # the unconfirmed support does not count
    assert meal["selection"] == "not_selected" and meal["selection_reason"] == "Déjà prévu l'an dernier."
    assert [i["title"] for i in results(client, "/api/v1/ideas/?selection=selected")] == ["Une fresque"]
    assert results(client, "/api/v1/ideas/?selection=none") == []
    for title in (PRIVATE["pending_idea"], PRIVATE["rejected_idea"]):
        problem(client.get(f"/api/v1/ideas/{Idea.objects.get(title=title).pk}/"), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/practices/?kind=castle",
        "/api/v1/practices/?commune=4900",
        "/api/v1/practices/?competency=" + "x" * 200,
        "/api/v1/practices/?member=0",
        "/api/v1/people/?category=wizard",
        "/api/v1/people/?sector=a%20b",
        "/api/v1/competencies/?domain=abc",
        "/api/v1/domains/?q=x",
        "/api/v1/calls/?state=closed",
        "/api/v1/calls/?kind=party",
        "/api/v1/ideas/?selection=maybe",
        "/api/v1/ideas/?call=-4",
        "/api/v1/people/1/?q=x",
    ],
)
def test_bad_filters_are_400_problems(client, world, url):
    assert problem(client.get(url), 400)["invalid_params"]


@pytest.mark.parametrize("kind", ["competencies", "practices", "people", "calls", "ideas"])
def test_unknown_records_are_404_problems(client, world, kind):
    problem(client.get(f"/api/v1/{kind}/987654/"), 404)
    problem(client.get(f"/api/v1/{kind}/0/"), 404)


def _count(client, url):
    client.get(url)  # what the shared cache keeps (names, page URLs) is read once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


NETWORK_URLS = [
    "/api/v1/domains/",
    "/api/v1/competencies/?page_size=100",
    "/api/v1/practices/?page_size=100",
    "/api/v1/practices/?page_size=100&lang=en",
    "/api/v1/people/?page_size=100",
    "/api/v1/people/?page_size=100&lang=en",
    "/api/v1/calls/?page_size=100",
    "/api/v1/calls/?page_size=100&lang=en",
    "/api/v1/ideas/?page_size=100",
]


def test_list_queries_do_not_grow_with_the_data(client, world):
    """5 more of everything, then 50 more: the same number of queries."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Locale

    from practices.models import Competency
    from practices.tests.factories import make_person, make_practice
    from roadmap.call_models import Call, IdeaSupport

    competencies = list(Competency.objects.filter(locale__language_code="fr"))
    members = [world["association"], world["commune_member"]]

    def grow(count):
        for n in range(count):
            member = members[n % 2]
            person = make_person(member, competencies=competencies)
            practice = make_practice(member, competencies=competencies, contacts=[person])
            practice.events.add(world["citizen_day"])
            call = Call.objects.create(
                locale=Locale.objects.get(language_code="fr"),
                title=f"Appel {count}-{n}",
                description="…",
                deadline=timezone.now() + timedelta(days=n + 1),
                commune=world["commune_member"].seat_commune,
            )
            idea = Idea.objects.create(
                call=call, title=f"Idée {n}", description="…", member=member, publication=Publication.PUBLISHED
            )
            IdeaSupport.objects.create(idea=idea, email=f"s{count}-{n}@example.org", confirmed_at=timezone.now())

    grow(5)
    small = {url: _count(client, url) for url in NETWORK_URLS}
    grow(45)
    large = {url: _count(client, url) for url in NETWORK_URLS}
    assert large == small
    assert max(small.values()) <= 14, small


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/competencies/{competency}/?lang=en",
        "/api/v1/practices/{practice}/?lang=en",
        "/api/v1/people/{person}/?lang=en",
        "/api/v1/calls/{call}/?lang=en",
        "/api/v1/ideas/{idea}/",
    ],
)
def test_detail_queries_are_few(client, world, url):
    url = url.format(**{key: world[key].pk for key in ("competency", "practice", "person", "call", "idea")})
    assert _count(client, url) <= 14
