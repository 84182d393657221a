"""A reuser finds the open data from the footer, reads the datasets' fields and the API
documentation, in French and English; each page is scanned with axe."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_open_data_page_and_api_documentation(live_site, world, page, axe):
    page.goto("/")
    page.get_by_role("link", name="Données ouvertes et API").click()
    assert page.url.endswith("/donnees-ouvertes/")
    assert page.locator("h1").inner_text() == "Données ouvertes"
    axe(page)
    members = page.locator("#membres")
    members.locator("summary").click()
    assert members.get_by_role("cell", name="Code INSEE de la commune du siège de la structure.").is_visible()
    response = page.request.get(
        members.get_by_role("link", name="CSV — Membres du réseau de la citoyenneté").get_attribute("href")
    )
    assert response.status == 200 and response.headers["content-type"].startswith("text/csv")

    page.get_by_role("link", name="Documentation de l’API").click()
    assert "/api/v1/docs/" in page.url
    assert page.locator("#op-members_list").is_visible()
    axe(page)

    page.goto("/en/open-data/")
    assert page.locator("h1").inner_text() == "Open data"
    assert page.get_by_role("heading", name="Members of the citizenship network").is_visible()
    axe(page)
