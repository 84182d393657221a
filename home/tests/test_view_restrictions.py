"""Wagtail's check of view restrictions before serving a page, from the cached private
sections (home.queries.CachedViewRestrictionsMixin): no query for a public page, and a
restriction on the page or a parent applies at once, whatever was cached before."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    home = HomePage.objects.get(locale__language_code="fr")
    parent = home.add_child(instance=ContentPage(title="Espace des élus", slug="espace-des-elus"))
    child = parent.add_child(instance=ContentPage(title="Compte rendu", slug="compte-rendu"))
    for page in (parent, child):
        page.save_revision().publish()
    return ContentPage.objects.get(pk=parent.pk), ContentPage.objects.get(pk=child.pk)


def restriction_queries(client, url):
    """The queries of Wagtail's own check: the ancestors (with their `alias_of`), then the
    restrictions of those pages."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [
        q["sql"]
        for q in queries
        if '"alias_of_id" FROM "wagtailcore_page"' in q["sql"]
        or ('FROM "wagtailcore_pageviewrestriction"' in q["sql"] and '"page_id" IN (' in q["sql"])
    ]


def test_a_public_page_is_served_without_reading_view_restrictions(client, section):
    _parent, child = section
    client.get(child.url)  # the private sections are read once, with the layout
    response, queries = restriction_queries(client, child.url)
    assert response.status_code == 200
    assert queries == []


def test_a_restriction_on_a_parent_applies_at_once(client, section):
    parent, child = section
    assert client.get(child.url).status_code == 200
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(child.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert child.get_view_restrictions().exists()


def test_a_password_on_the_page_itself_is_asked_for(client, section):
    _parent, child = section
    PageViewRestriction.objects.create(page=child, restriction_type=PageViewRestriction.PASSWORD, password="élus")
    response = client.get(child.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_a_logged_in_user_passes_a_login_restriction(client, section):
    parent, child = section
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.create_user("elu", password="x" * 12))
    assert client.get(child.url).status_code == 200


def test_an_alias_is_checked_wagtails_way(section):
    parent, child = section
    PageViewRestriction.objects.create(page=child, restriction_type=PageViewRestriction.LOGIN)
    alias = child.create_alias(parent=parent.get_parent(), update_slug="alias-compte-rendu")
    assert alias.get_view_restrictions().exists()
