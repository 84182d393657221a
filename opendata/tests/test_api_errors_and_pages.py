"""Every error under /api/ is an RFC 9457 problem (application/problem+json), whatever
refuses the request — the edge (control characters), Django (an unknown address, a
method), DRF (parameters, Accept) or Wagtail's pages API — and Wagtail's pages API serves
live public pages only, in both locales, never a private page or a draft."""

import pytest
from wagtail.models import Page, PageViewRestriction

from .test_api import get, problem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/%00/",
        "/api/v1/members/1%00/",
        "/api/%00",
        "/api/v1/%01members/",
        "/api/v1/events/%7F/",
        "/api/v1/schema/%1b",
        "/api/wagtail/v2/pages/%00/",
    ],
)
def test_control_characters_in_an_api_path_are_a_400_problem(client, world, url):
    body = problem(client.get(url), 400)
    assert body["type"].endswith("#problem-invalid-request")


def test_a_control_character_outside_the_api_still_gets_the_sites_page(client, world):
    response = client.get("/annuaire/%00/")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url",
    ["/api/v1/nothing/", "/api/v1/members/1/extra/", "/api/", "/api/wagtail/v2/images/", "/api/wagtail/v2/pages/0/"],
)
def test_unknown_api_addresses_are_404_problems(client, world, url):
    problem(client.get(url), 404)


def test_methods_and_accept_headers_are_problems_everywhere_under_the_api(client, world):
    problem(client.post("/api/v1/docs/"), 405)
    problem(client.post("/api/v1/nothing/", {"x": "1"}), 404)
    problem(client.put("/api/v1/schema/"), 405)
    problem(client.delete("/api/wagtail/v2/pages/"), 405)
    problem(get(client, "/api/v1/schema/", accept="text/xml"), 406)
    problem(get(client, "/api/v1/practices/", accept="application/xml"), 406)
    problem(get(client, "/api/wagtail/v2/pages/", accept="text/html"), 406)


def test_problems_speak_the_requested_language(client, world):
    assert (
        problem(client.get("/api/v1/members/%00/?lang=en"), 400)["detail"]
        != problem(client.get("/api/v1/members/%00/"), 400)["detail"]
    )


# --- Wagtail's pages API -----------------------------------------------------------------------


def pages(client, query=""):
    """Every page of the listing (20 items at a time, Wagtail's maximum)."""
    items, offset = [], 0
    while True:
        response = client.get(f"/api/wagtail/v2/pages/?limit=20&offset={offset}{query}")
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        items += body["items"]
        offset += 20
        if offset >= body["meta"]["total_count"]:
            return {"meta": body["meta"], "items": items}


def test_pages_api_lists_live_public_pages_in_both_locales(client, world):
    body = pages(client)
    assert body["meta"]["total_count"] == len(body["items"]) > 4
    locales = {item["meta"]["locale"] for item in body["items"]}
    assert locales == {"fr", "en"}
    english = pages(client, "&locale=en")
    assert english["items"] and {item["meta"]["locale"] for item in english["items"]} == {"en"}
    home = Page.objects.get(pk=world["citizen_day"].get_parent().get_parent().pk)
    detail = client.get(f"/api/wagtail/v2/pages/{home.pk}/")
    assert detail.status_code == 200 and detail.json()["title"] == home.title
    assert detail["ETag"] and detail["Last-Modified"] and detail["Access-Control-Allow-Origin"] == "*"
    assert "owner" not in detail.json()["meta"]


def test_pages_api_leaves_out_private_pages_and_drafts(client, world, admin_client):
    event = world["citizen_day"]
    live_title = event.title
    event.title = "Titre brouillon secret"
    event.save_revision()  # a draft, not published
    listed = pages(client, "&search=secret")["items"] + pages(client)["items"]
    assert all(item["title"] != "Titre brouillon secret" for item in listed)
    assert client.get(f"/api/wagtail/v2/pages/{event.pk}/").json()["title"] == live_title

    workshop = world["workshop"]
    PageViewRestriction.objects.create(page=workshop, restriction_type=PageViewRestriction.LOGIN)
    problem(client.get(f"/api/wagtail/v2/pages/{workshop.pk}/"), 404)
    problem(admin_client.get(f"/api/wagtail/v2/pages/{workshop.pk}/"), 404)  # not even for staff
    assert workshop.pk not in {item["id"] for item in pages(client)["items"]}

    world["past"].unpublish()
    problem(client.get(f"/api/wagtail/v2/pages/{world['past'].pk}/"), 404)


@pytest.mark.parametrize(
    "query",
    ["?colour=blue", "?fields=owner", "?fields=body", "?type=no.Such", "?order=nothing", "?limit=abc", "?child_of=x"],
)
def test_pages_api_bad_parameters_are_400_problems(client, world, query):
    body = problem(client.get(f"/api/wagtail/v2/pages/{query}"), 400)
    assert body["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/wagtail/v2/pages/find/?id=abc",
        "/api/wagtail/v2/pages/find/?id=99999999999999999999999",
        "/api/wagtail/v2/pages/find/?html_path=/nowhere/",
        "/api/wagtail/v2/pages/find/",
        "/api/wagtail/v2/pages/?child_of=99999999999999999999999",
        "/api/wagtail/v2/pages/?descendant_of=-1",
        "/api/wagtail/v2/pages/?ancestor_of=abc",
        "/api/wagtail/v2/pages/?translation_of=abc",
        "/api/wagtail/v2/pages/?translation_of=99999999999999999999999",
        "/api/wagtail/v2/pages/?locale=xx",
        "/api/wagtail/v2/pages/?limit=-1",
        "/api/wagtail/v2/pages/?offset=abc",
        "/api/wagtail/v2/pages/?fields=title(",
        "/api/wagtail/v2/pages/?order=random&search=x",
        "/api/wagtail/v2/pages/?search=" + "x" * 3000,
        "/api/wagtail/v2/pages/?site=nowhere.example",
        "/api/wagtail/v2/pages/?id=abc",
        "/api/wagtail/v2/pages/99999999999999999999999/",
    ],
)
def test_pages_api_never_answers_a_server_error(client, world, url):
    response = client.get(url)
    assert response.status_code < 500, url
    if response.status_code >= 400:
        problem(response, response.status_code)
