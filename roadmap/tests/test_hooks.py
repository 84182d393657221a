"""What the roadmap adds to the home page and the site search."""

import pytest

from roadmap.factories import make_action
from roadmap.models import Action

pytestmark = pytest.mark.django_db


def test_home_shows_actions_done_and_progress(client, axis, action):
    make_action(axis, "Faite", status=Action.Status.DONE, progress=100)
    html = client.get("/").content.decode()
    assert "/feuille-de-route/?status=done" in html
    assert "roadmap-summary-title" in html


def test_search_finds_actions_in_both_languages(client, action):
    html = client.get("/search/", {"q": "charte"}).content.decode()
    assert f"/feuille-de-route/actions/{action.pk}/" in html
    html = client.get("/en/search/", {"q": "charter"}).content.decode()
    assert f"/en/roadmap/actions/{action.pk}/" in html and "Write the charter" in html


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the shared values (page URLs, locales, themes)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_actions(axis, start, stop):
    for number in range(start, stop):
        make_action(axis, f"Charte des quartiers {number}")


def test_the_site_search_costs_the_same_few_queries_with_5_or_50_matching_actions(client, axis):
    _add_actions(axis, 0, 5)
    few = _queries(client, "/search/?q=charte")
    _add_actions(axis, 5, 50)
    many = _queries(client, "/search/?q=charte")
    assert few == many
    assert many <= 12  # the budget of a page (README, "Benchmark")


def test_the_home_page_costs_the_same_queries_with_5_or_50_actions(client, axis):
    _add_actions(axis, 0, 5)
    few = _queries(client, "/")
    _add_actions(axis, 5, 50)
    assert _queries(client, "/") == few
