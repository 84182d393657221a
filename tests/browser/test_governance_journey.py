"""A visitor reads the governance site in a real browser, in French then English;
each page is scanned with axe (no serious or critical violation). The test builds a
page of each kind of the governance site (tests/factories.py, home/tests/factories.py)."""

import pytest

from home.tests.factories import (
    make_governance_pages,
    make_join_page,
    make_network_section,
    make_resource,
    make_themes,
    resource_library,
)
from tests.factories import make_document, make_image, make_news

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRENCH_PAGES = [
    "/",
    "/le-reseau/",
    "/le-reseau/charte/",
    "/le-reseau/comite-de-pilotage/",
    "/le-reseau/comptes-rendus/",
    "/le-reseau/comptes-rendus/compte-rendu-1/",
    "/actualites/",
    "/actualites/actualite-2/",
    "/ressources/",
    "/search/?q=charte",
    "/adherer/",
]
ENGLISH_PAGES = [
    "/en/",
    "/en/the-network/",
    "/en/the-network/charter/",
    "/en/the-network/minutes/",
    "/en/news/",
    "/en/resources/",
    "/en/search/?q=charter",
    "/en/join/",
]


@pytest.fixture
def governance_site(live_site):
    """The governance pages (network, charter, committee, minutes), news (one with an
    image), the resources library and the join page, in French and English."""
    make_governance_pages()
    make_news("Trois ateliers à distance cet automne", english=("Three remote workshops", "three-remote-workshops"))
    make_news(
        "Journée citoyenne à Chemillé",
        slug="actualite-2",
        image=make_image("Journée citoyenne", "Des habitants réunis pour un chantier"),
        english=("Citizen day in Chemillé", "citizen-day"),
    )
    resource_library(show_in_menus=True)
    make_resource("Guide du budget participatif", make_themes()["budget-participatif"], english="Budgeting guide")
    make_join_page(documents=[make_document("Guide de l'adhésion")])
    return live_site


def test_every_governance_page_is_accessible_in_both_languages(governance_site, page, axe):
    for path in FRENCH_PAGES + ENGLISH_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        expected_language = "en" if path.startswith("/en/") else "fr"
        assert page.locator("html").get_attribute("lang") == expected_language
        assert page.locator("main#content").count() == 1
        axe(page)


def test_skip_link_search_and_language_switch(live_site, page, axe):
    make_network_section()
    page.goto("/le-reseau/charte/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    skip_link.press("Enter")
    assert page.url.endswith("#content")

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/the-network/charter/")
    assert page.locator("h1").inner_text() == "Network charter"

    page.get_by_label("Search the site").first.fill("charter")
    page.get_by_role("button", name="Search").first.click()
    assert "/en/search/" in page.url
    assert page.get_by_role("link", name="Network charter").count() >= 1
    axe(page)

    page.get_by_role("link", name="Français").click()
    assert "/search/" in page.url and "/en/" not in page.url


def test_accordion_works_without_javascript(live_site, browser, live_server):
    make_join_page()
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    browser_page = context.new_page()
    browser_page.goto("/adherer/")
    answer = browser_page.get_by_text("Non, l'adhésion est gratuite.")
    assert not answer.is_visible()
    browser_page.get_by_text("L'adhésion est-elle payante ?").click()
    assert answer.is_visible()
    context.close()
