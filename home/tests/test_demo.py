"""The smoke test of home.demo.load(): the governance site in French and English (the
`demo_site` fixture builds it in place of the tests' base site), and loading it again
changes nothing."""

import io

import pytest
from wagtail.models import Page

from home import demo
from home.models import ContentPage, HomePage, MinutesPage, NetworkSettings, NewsPage

pytestmark = pytest.mark.django_db


def test_the_governance_demo_loads_once_in_both_languages(client, demo_site):
    pages = Page.objects.count()
    out = io.StringIO()
    home = demo.load(out)
    assert "nothing to do" in out.getvalue()
    assert home == HomePage.objects.get(locale__language_code="fr")
    assert Page.objects.count() == pages
    for language in ("fr", "en"):
        assert HomePage.objects.live().filter(locale__language_code=language).exists()
        assert ContentPage.objects.live().filter(locale__language_code=language).count() >= 5
        assert NewsPage.objects.live().filter(locale__language_code=language).exists()
    assert MinutesPage.objects.live().filter(locale__language_code="fr").count() >= 3  # minutes are French
    assert NetworkSettings.objects.exists()
    assert client.get("/").status_code == 200 and client.get("/en/").status_code == 200
