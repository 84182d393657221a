"""The public API: records, filters, languages, conditional requests, CORS, rate limits,
and a clear problem+json 4xx for every kind of bad request (never a 500)."""

import pytest
from django.test import override_settings

from members.models import Member
from roadmap.factories import make_action

from .conftest import make_members

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})


def problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"] and body["title"] and "detail" in body
    assert response["Access-Control-Allow-Origin"] == "*"
    return body


# --- Records ----------------------------------------------------------------------------


def test_members_list_shows_approved_members_with_their_codes(client, world):
    body = client.get("/api/v1/members/").json()
    names = [m["name"] for m in body["results"]]
    assert names == ["Angers", "Les Amis de la Participation"]  # not the pending or rejected ones
    assert body["count"] == 2 and body["pages"] == 1 and body["next"] is None
    angers = body["results"][0]
    assert angers["insee_code"] == "49007" and angers["siren"] == "214900075"
    assert angers["commune"] == {
        "insee_code": "49007",
        "name": "Angers",
        "postal_codes": ["49000"],
        "epci_siren": "244900015",
        "epci_name": "CU Angers Loire Métropole",
    }
    assert body["results"][1]["rna"] == "W491234567"


def test_member_detail_lists_public_commitments_and_hosted_events(client, world):
    body = client.get(f"/api/v1/members/{world['association'].pk}/").json()
    assert [c["kind"] for c in body["commitments"]] == ["room"]
    commune = client.get(f"/api/v1/members/{world['commune_member'].pk}/").json()
    assert commune["commitments"] == []  # its only commitment is hidden
    assert commune["hosted_events"] == [world["citizen_day"].pk]


def test_pending_member_is_not_found(client, world):
    problem(client.get(f"/api/v1/members/{world['pending'].pk}/"), 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=commune", ["Angers"]),
        ("kind=association", ["Les Amis de la Participation"]),
        ("commune=49007", ["Angers", "Les Amis de la Participation"]),
        ("commune=49099", []),
        ("epci=244900015", ["Angers", "Les Amis de la Participation"]),
        ("q=participation", ["Les Amis de la Participation"]),
        ("theme=no-such-theme", []),
    ],
)
def test_members_filters(client, world, query, expected):
    assert [m["name"] for m in client.get(f"/api/v1/members/?{query}").json()["results"]] == expected


def test_actions_with_counts_owners_and_english_titles(client, world):
    body = client.get("/api/v1/actions/").json()
    charter = next(a for a in body["results"] if a["id"] == world["action"].pk)
    assert charter["support_count"] == 2  # the unconfirmed support does not count
    assert charter["commitment_count"] == 1  # the hidden one does not count
    assert charter["lead_member"]["name"] == "Angers"
    assert [m["name"] for m in charter["contributing_members"]] == ["Les Amis de la Participation"]
    assert charter["events"] == [world["citizen_day"].pk]
    other = next(a for a in body["results"] if a["id"] == world["other_action"].pk)
    assert other["lead_member"] is None  # led by a pending member
    english = client.get(f"/api/v1/actions/{world['action'].pk}/?lang=en").json()
    assert english["title"] == "Write the charter" and english["status_label"] == "Planned"
    assert english["axis"]["title"] == "Structure the governance"
    assert english["id"] == world["action"].pk
    assert [u["progress"] for u in english["updates"]] in ([None, 40], [40, None])
    assert [c["kind"] for c in english["commitments"]] == ["room"]


def test_actions_filters(client, world):
    assert client.get("/api/v1/actions/?status=in_progress").json()["count"] == 1
    by_member = client.get(f"/api/v1/actions/?member={world['association'].pk}").json()
    assert [a["id"] for a in by_member["results"]] == [world["action"].pk]
    assert client.get(f"/api/v1/actions/?axis={world['axis'].pk}").json()["count"] == 2


def test_axes_in_both_languages(client, world):
    assert client.get("/api/v1/axes/").json()["results"][0]["title"] == "Structurer la gouvernance"
    assert client.get("/api/v1/axes/?lang=en").json()["results"][0]["title"] == "Structure the governance"


def test_events_with_seats_left_and_activities(client, world):
    body = client.get("/api/v1/events/").json()
    titles = [e["title"] for e in body["results"]]
    assert "Journée passée" not in titles  # upcoming by default
    workshop = next(e for e in body["results"] if e["id"] == world["workshop"].pk)
    assert workshop["registration"]["capacity"] == 3 and workshop["registration"]["seats_left"] == 2
    assert workshop["remote"] is True
    day = client.get(f"/api/v1/events/{world['citizen_day'].pk}/").json()
    assert day["commune"]["insee_code"] == "49007" and day["commune"]["epci_siren"] == "244900015"
    assert [(a["title"], a["seats_left"]) for a in day["activities"]] == [("Chantier nature", 7), ("Atelier vélo", 5)]
    assert day["host_members"] == [{"id": world["commune_member"].pk, "name": "Angers"}]
    assert day["actions"] == [world["action"].pk]
    past = client.get("/api/v1/events/?period=past").json()
    assert [e["title"] for e in past["results"]] == ["Journée passée"]
    assert client.get("/api/v1/events/?period=all&kind=remote_workshop").json()["count"] == 1
    assert client.get("/api/v1/events/?commune=49007").json()["count"] == 1
    month = world["citizen_day"].start.strftime("%Y-%m")
    assert world["citizen_day"].pk in [e["id"] for e in client.get(f"/api/v1/events/?month={month}").json()["results"]]


def test_unpublished_event_is_not_found(client, world):
    world["workshop"].unpublish()
    problem(client.get(f"/api/v1/events/{world['workshop'].pk}/"), 404)


def test_pagination_links(client, world):
    make_members(5)
    first = client.get("/api/v1/members/?page_size=3").json()
    assert first["count"] == 7 and first["pages"] == 3 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"].endswith("page_size=3")
    assert len(client.get("/api/v1/members/?page_size=3&page=3").json()["results"]) == 1


# --- Bad requests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/?colour=blue",
        "/api/v1/members/?page=0",
        "/api/v1/members/?page=abc",
        "/api/v1/members/?page_size=1000",
        "/api/v1/members/?kind=castle",
        "/api/v1/members/?commune=4900",
        "/api/v1/members/?epci=12",
        "/api/v1/members/?q=" + "x" * 300,
        "/api/v1/members/?lang=de",
        "/api/v1/members/?theme=%00",
        "/api/v1/members/1/?extra=1",
        "/api/v1/actions/?status=finished",
        "/api/v1/actions/?axis=-1",
        "/api/v1/actions/?member=99999999999999999999999",
        "/api/v1/events/?month=2026-13",
        "/api/v1/events/?month=0000-01",
        "/api/v1/events/?period=someday",
        "/api/v1/events/?kind=%00",
        "/api/v1/axes/?page_size=0",
        "/api/v1/schema/?x=1",
    ],
)
def test_bad_query_parameters_are_400_problems(client, world, url):
    body = problem(client.get(url), 400)
    assert body["invalid_params"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/?page=999",
        "/api/v1/members/0/",
        "/api/v1/members/abc/",
        "/api/v1/members/99999999999999999999999/",
        "/api/v1/actions/987654/",
        "/api/v1/events/-3/",
        "/api/v1/nothing/",
        "/api/v2/members/",
        "/api/",
    ],
)
def test_unknown_resources_are_404_problems(client, world, url):
    problem(client.get(url), 404)


def test_control_characters_are_cleaned_or_refused_at_the_edge(client, world):
    """home.edge removes them from query strings (an empty search) and refuses a path
    carrying one with a 400, before the API is reached: never a 500."""
    assert client.get("/api/v1/members/?q=%00").status_code == 200
    assert client.get("/api/v1/members/%00/").status_code == 400


def test_wrong_accept_header_is_406_problem(client, world):
    problem(get(client, "/api/v1/members/", accept="text/xml"), 406)
    problem(get(client, "/api/v1/members/1/", accept="application/yaml"), 406)
    assert get(client, "/api/v1/members/", accept="text/html,*/*;q=0.8").status_code == 200


def test_writes_are_refused(client, world):
    problem(client.post("/api/v1/members/", {"name": "x"}), 405)
    problem(client.delete(f"/api/v1/members/{world['association'].pk}/"), 405)


# --- HTTP behaviour ---------------------------------------------------------------------


def test_etag_and_last_modified_give_304(client, world, settings):
    # Last-Modified is when the content generation was first seen. The world's registrations
    # left a live-figures change pending, which moves the generation on in the next figures
    # window (home/page_cache.py): a test crossing a 2-s window boundary saw a new date. One
    # window for the whole test makes the generation move once, before the first answer.
    settings.PAGE_CACHE_FIGURES_SECONDS = 10**9
    response = client.get("/api/v1/members/")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag and last_modified and "max-age=60" in response["Cache-Control"]
    assert get(client, "/api/v1/members/", if_none_match=etag).status_code == 304
    assert get(client, "/api/v1/members/", if_modified_since=last_modified).status_code == 304
    Member.objects.filter(pk=world["association"].pk).update(name="Les Amis renommés")
    assert get(client, "/api/v1/members/", if_none_match=etag).status_code == 200  # the body changed


def test_cors_is_open_for_get_and_preflight(client, world):
    response = get(client, "/api/v1/events/", origin="https://reuser.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/events/", HTTP_ORIGIN="https://reuser.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    files = get(client, "/donnees/membres.csv", origin="https://reuser.example")
    assert files["Access-Control-Allow-Origin"] == "*"


@override_settings(OPENDATA_API_RATE="3/minute")
def test_rate_limit_answers_429_with_retry_after(client, world):
    for _ in range(3):
        assert client.get("/api/v1/axes/").status_code == 200
    response = client.get("/api/v1/axes/")
    problem(response, 429)
    assert int(response["Retry-After"]) > 0
    # Another address has its own allowance.
    assert client.get("/api/v1/axes/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_responses_speak_the_requested_language(client, world):
    assert client.get("/api/v1/members/?lang=en")["Content-Language"] == "en"
    body = client.get("/api/v1/members/?kind=commune&lang=en").json()
    assert body["results"][0]["kind_label"] == "Commune"
    assert client.get("/api/v1/events/?lang=en").json()["results"][0]["kind_label"] in (
        "Citizen day",
        "Remote workshop",
    )
    french = problem(client.get("/api/v1/members/?page=9"), 404)
    english = problem(client.get("/api/v1/members/?page=9&lang=en"), 404)
    assert french["detail"] != english["detail"]


# --- Constant queries -------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request reads what is then kept in the shared cache (theme names, page URLs)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


LIST_URLS = [
    "/api/v1/members/?page_size=100",
    "/api/v1/members/?page_size=100&lang=en",
    "/api/v1/actions/?page_size=100",
    "/api/v1/actions/?page_size=100&lang=en",
    "/api/v1/events/?page_size=100&period=all",
    "/api/v1/events/?page_size=100&period=all&lang=en",
    "/api/v1/axes/",
]


def test_list_queries_do_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    """Every list endpoint makes as many queries with 5 more records of each kind as with 50."""
    from workshops.factories import agenda, make_event

    def grow(count):
        members = make_members(count, prefix=f"Grow{count}")
        for n in range(count):
            action = make_action(world["axis"], f"Action {count}-{n}", lead_member=members[n])
            action.contributing_members.add(*members[:3])
        index = agenda()
        for n in range(count // 5):
            make_event(index, title=f"Événement {count}-{n}", activities=[("A", 5), ("B", 5)], capacity=None)

    grow(5)
    small = {url: _queries(client, url, django_assert_max_num_queries) for url in LIST_URLS}
    grow(45)
    large = {url: _queries(client, url, django_assert_max_num_queries) for url in LIST_URLS}
    assert large == small
    assert max(small.values()) <= 12, small


@pytest.mark.parametrize("kind", ["members", "actions", "events"])
def test_detail_queries_are_few(client, world, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pk = {"members": world["commune_member"], "actions": world["action"], "events": world["citizen_day"]}[kind].pk
    client.get(f"/api/v1/{kind}/{pk}/?lang=en")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/api/v1/{kind}/{pk}/?lang=en").status_code == 200
    assert len(captured) <= 12, [q["sql"][:120] for q in captured]
