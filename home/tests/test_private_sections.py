"""`public()` of home's pages (home.queries.PublicPageQuerySet): the private sections come
from the layout's cache, and a new or removed view restriction is seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import NewsPage
from tests.factories import make_news, news_index

pytestmark = pytest.mark.django_db


def test_a_restricted_news_item_leaves_the_listings_and_comes_back(home_page):
    news = make_news()
    assert news in NewsPage.objects.live().public()
    restriction = PageViewRestriction.objects.create(page=news, restriction_type="login")
    assert news not in NewsPage.objects.live().public()
    restriction.delete()
    assert news in NewsPage.objects.live().public()


def test_a_restricted_section_hides_its_descendants(home_page):
    index = news_index()
    make_news(index=index)
    make_news(index=index)
    assert NewsPage.objects.live().public().descendant_of(index).count() == 2
    PageViewRestriction.objects.create(page=index, restriction_type="password", password="secret")
    assert not NewsPage.objects.live().public().descendant_of(index).exists()


def test_public_reads_no_view_restriction_once_the_layout_is_warm(home_page):
    list(NewsPage.objects.live().public())
    with CaptureQueriesContext(connection) as queries:
        list(NewsPage.objects.live().public())
        list(NewsPage.objects.live().public().filter(locale=home_page.locale))
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]


def test_the_site_search_leaves_out_private_pages(client, home_page):
    news = make_news("Dix nouvelles communes rejoignent le réseau")
    link = f'href="{news.url}"'
    assert link in client.get("/search/", {"q": news.title}).content.decode()
    PageViewRestriction.objects.create(page=news, restriction_type="login")
    assert link not in client.get("/search/", {"q": news.title}).content.decode()


def test_the_agenda_leaves_out_an_event_under_a_view_restriction(client, home_page):
    from workshops.factories import agenda, make_event

    event = make_event(agenda(), title="Atelier réservé aux élus")
    assert event.title in client.get(agenda().url).content.decode()
    PageViewRestriction.objects.create(page=event, restriction_type="login")
    assert event.title not in client.get(agenda().url).content.decode()
