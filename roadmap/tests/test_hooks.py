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
