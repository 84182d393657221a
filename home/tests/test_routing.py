"""The home page routes to the site's live pages from the layout's cache (HomePage.route):
one query for the page, and a page added, renamed, unpublished or deleted is seen at once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get(locale__language_code="fr")


def add_section(home, title, slug):
    page = home.add_child(instance=ContentPage(title=title, slug=slug))
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]


def test_a_section_is_read_in_one_query_once_the_layout_is_warm(client, home):
    section = add_section(home, "Participer", "participer")
    child = section.add_child(instance=ContentPage(title="Budget participatif", slug="budget-participatif"))
    child.save_revision().publish()
    client.get(child.url)
    response, queries = page_queries(client, child.url)
    assert response.status_code == 200 and response.context["page"] == child
    # Wagtail's routing looks each level up by its slug (then reads its specific row): the
    # page now comes from the cache, and is read by its id.
    assert not [sql for sql in queries if '"wagtailcore_page"."slug" = ' in sql]


def test_a_page_the_map_does_not_know_yet_is_found_under_its_parent(client, home):
    section = add_section(home, "Participer", "participer")
    client.get(section.url)  # the map is built, then a page is added without a signal
    child = section.add_child(instance=ContentPage(title="Budget participatif", slug="budget-participatif"))
    response = client.get(child.url)
    assert response.status_code == 200 and response.context["page"] == child
    assert client.get(child.url + "inconnu/").status_code == 404


def test_a_new_renamed_unpublished_or_deleted_section_is_seen_at_once(client, home):
    assert client.get("/participer/").status_code == 404
    section = add_section(home, "Participer", "participer")
    assert client.get("/participer/").status_code == 200

    section.slug = "agir"
    section.save_revision().publish()
    old_address = client.get("/participer/")  # Wagtail's automatic redirect
    assert old_address.status_code == 301 and old_address["Location"] == "/agir/"
    assert client.get("/agir/").status_code == 200

    section.unpublish()
    assert client.get("/agir/").status_code == 404
    section.save_revision().publish()
    assert client.get("/agir/").status_code == 200

    ContentPage.objects.get(pk=section.pk).delete()
    assert client.get("/agir/").status_code == 404


def test_a_draft_section_is_not_served(client, home):
    draft = home.add_child(instance=ContentPage(title="Brouillon", slug="brouillon", live=False))
    assert client.get("/brouillon/").status_code == 404
    assert ContentPage.objects.filter(pk=draft.pk).exists()


def test_a_routable_pages_own_routes_come_before_a_child_of_the_same_name(client):
    """As in Wagtail's routing: the agenda's `archives/` route is not hidden by an event
    whose slug is `archives`, and the event's own routes (its calendar) still answer."""
    from workshops.factories import agenda, make_event

    index = agenda()
    event = make_event(index, title="Archives")
    past = make_event(index, title="Passé", start=timezone.now() - timedelta(days=10))
    assert event.slug == "archives"
    client.get(past.url)  # the map is built
    response = client.get(index.url + "archives/")
    assert response.status_code == 200 and [e.title for e in response.context["events_page"]] == ["Passé"]
    assert client.get(past.url + "ical/")["Content-Type"].startswith("text/calendar")
