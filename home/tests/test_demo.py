"""The smoke test of home.demo.load(): the governance site in French and English (the
`demo_site` fixture builds it in place of the tests' base site), and loading it again
changes nothing. Its content is checked here, in the one demo load: every page renders in
both languages, none loads a third-party asset, the privacy page says what the law asks."""

import io
import re

import pytest
from wagtail.models import Page

from home import demo
from home.models import ContentPage, HomePage, MinutesPage, NetworkSettings, NewsPage

pytestmark = pytest.mark.django_db

# What the privacy page must explain, in each language.
PRIVACY_WORDS = {
    "fr": ["Base légale", "Durée de conservation", "30 jours", "tant que la structure est membre", "Vos droits"],
    "en": ["Legal basis", "Retention", "30 days", "while the structure is a member", "Your rights"],
}


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

    live_pages = list(Page.objects.live().filter(depth__gte=2).specific())
    assert {page.locale.language_code for page in live_pages} == {"fr", "en"}
    assert len(live_pages) >= 25
    for page in live_pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        content = response.content.decode()
        assert f'<html lang="{page.locale.language_code}">' in content
        assert_no_third_party_asset(content)

    for language, words in PRIVACY_WORDS.items():
        page = ContentPage.objects.get(slug__in=["donnees-personnelles", "privacy"], locale__language_code=language)
        html = client.get(page.url).content.decode().replace("&#x27;", "'")
        for word in words:
            assert word in html


def assert_no_third_party_asset(content):
    """No stylesheet, script or image of `content` comes from another site (links to other
    sites are fine)."""
    from home.services import site_root_url

    for attribute in re.findall(r'(?:src|href)="(https?://[^"]+)"', content):
        if attribute.startswith(site_root_url() + "/"):
            continue  # the page's own canonical address and its translations
        tag_context = content[max(0, content.find(attribute) - 200) : content.find(attribute)]
        assert "<link" not in tag_context.rsplit(">", 1)[-1], attribute
        assert "<script" not in tag_context.rsplit(">", 1)[-1], attribute
        assert "<img" not in tag_context.rsplit(">", 1)[-1], attribute
