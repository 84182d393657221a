"""The site can be walked (each test builds the pages it needs, tests/factories.py):
governance pages have section navigation and list their pages, the HTML site plan lists every page, and every address of the sitemap is reached
by following links from the home page, in French and in English. Heads carry a
description, a canonical link and hreflang alternates; the sitemap lists every public
detail page with its alternates; /favicon.ico answers."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 — our own sitemap
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest

from home.tests.factories import make_governance_pages
from tests.factories import every_section

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SKIPPED = ("/admin/", "/documents/", "/static/", "/media/", "/search/", "/en/search/")


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    return {urlsplit(loc.text).path for loc in root.findall("s:url/s:loc", SITEMAP_NS)}, root


def crawl(client, starts, limit=3000):
    """Paths reached by following links (same site) from `starts`; of query strings only
    ?page= (pagination) is followed."""
    seen, queue, reached = set(), list(starts), set()
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        reached.add(urlsplit(url).path)
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            href = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIPPED):
                continue
            if parts.path.endswith((".ics", "/ical/", "/rss/", ".xml", ".ico", ".svg")):
                continue
            pages = parse_qs(parts.query).get("page")
            target = parts.path + (f"?{urlencode({'page': pages[0]})}" if pages else "")
            if target not in seen:
                queue.append(target)
    return reached


@pytest.fixture
def governance_pages(home_page):
    """The network section, its charter, the committee's page and the minutes."""
    return make_governance_pages()


def test_every_sitemap_page_is_reached_from_home_in_both_languages(client, home_page):
    every_section()
    paths, _root = sitemap_paths(client)
    assert any(p.startswith("/annuaire/") and p.count("/") == 3 for p in paths)  # member profiles
    assert any("/feuille-de-route/actions/" in p for p in paths)  # roadmap actions
    assert any(p.startswith("/en/") for p in paths)
    reached = crawl(client, ["/", "/en/"])
    missing = sorted(paths - reached)
    assert not missing, f"Sitemap pages no link leads to: {missing}"


def test_network_page_leads_to_charter_bodies_and_minutes(client, governance_pages):
    html = client.get("/le-reseau/").content.decode()
    for path in ("/le-reseau/charte/", "/le-reseau/comite-de-pilotage/", "/le-reseau/comptes-rendus/"):
        assert f'href="{path}"' in html, path
    # The charter's section navigation leads back and across.
    charter = client.get("/le-reseau/charte/").content.decode()
    assert 'aria-labelledby="section-nav-title"' in charter
    assert 'href="/le-reseau/comptes-rendus/"' in charter and 'href="/le-reseau/"' in charter
    english = client.get("/en/the-network/").content.decode()
    assert 'href="/en/the-network/charter/"' in english and 'href="/en/the-network/minutes/"' in english


def test_html_site_plan_lists_every_page_in_each_language(client, governance_pages):
    response = client.get("/plan-du-site/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/le-reseau/charte/"' in html and 'href="/le-reseau/comptes-rendus/"' in html
    english = client.get("/en/site-plan/")
    assert english.status_code == 200
    assert 'href="/en/the-network/charter/"' in english.content.decode()
    # The footer links to it (not to the raw XML).
    home = client.get("/").content.decode()
    assert 'href="/plan-du-site/"' in home and 'href="/sitemap.xml"' not in home


def test_heads_carry_description_canonical_and_alternates(client, governance_pages):
    html = client.get("/le-reseau/charte/").content.decode()
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)
    assert '<link rel="canonical" href="http://localhost/le-reseau/charte/">' in html or re.search(
        r'<link rel="canonical" href="https?://[^"]+/le-reseau/charte/">', html
    )
    assert re.search(r'<link rel="alternate" hreflang="en" href="https?://[^"]+/en/the-network/charter/">', html)
    assert re.search(r'<link rel="alternate" hreflang="x-default" href="https?://[^"]+/le-reseau/charte/">', html)
    # A page without its own description gets a sensible default.
    search = client.get("/search/?q=x").content.decode()
    assert re.search(r'<meta name="description" content="[^"]{20,}">', search)


def test_sitemap_lists_alternates(client, governance_pages):
    _paths, root = sitemap_paths(client)
    for url in root.findall("s:url", SITEMAP_NS):
        if urlsplit(url.find("s:loc", SITEMAP_NS).text).path == "/le-reseau/charte/":
            links = {
                link.get("hreflang"): urlsplit(link.get("href")).path for link in url.findall("x:link", SITEMAP_NS)
            }
            assert links == {
                "fr": "/le-reseau/charte/",
                "en": "/en/the-network/charter/",
                "x-default": "/le-reseau/charte/",
            }
            break
    else:
        pytest.fail("the charter is not in the sitemap")


def test_favicon(client, home_page):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b'rel="icon"' in client.get("/").content
