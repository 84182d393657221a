"""The agenda: upcoming events, archive, filters, pagination, constant query count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.tests.factories import make_themes
from home.translations import translate
from members.models import Commune
from workshops.factories import english, make_event


def titles(response):
    return [event.title for event in response.context["events_page"]]


def test_upcoming_and_archive(client, index):
    make_event(index, title="À venir")
    make_event(index, title="Passé", start=timezone.now() - timedelta(days=10))
    assert titles(client.get(index.url)) == ["À venir"]
    assert titles(client.get(index.url + "archive/")) == ["Passé"]


def test_filters_by_kind_commune_theme_and_month(client, index, commune):
    other = Commune.objects.create(insee_code="49328", name="Saumur")
    theme = make_themes()["budget-participatif"]
    soon = timezone.now() + timedelta(days=3)
    day = make_event(index, title="Jour", commune=commune, start=soon)
    day.themes.add(theme)
    day.save_revision().publish()
    make_event(index, title="Saumur", commune=other, start=soon + timedelta(days=40))
    make_event(index, title="Visio", kind="remote_workshop", capacity=10, start=soon)
    assert titles(client.get(index.url, {"kind": "remote_workshop"})) == ["Visio"]
    assert titles(client.get(index.url, {"commune": "49328"})) == ["Saumur"]
    assert titles(client.get(index.url, {"theme": theme.slug})) == ["Jour"]
    month = (soon + timedelta(days=40)).strftime("%Y-%m")
    assert "Saumur" in titles(client.get(index.url, {"month": month}))
    # Odd values never fail.
    for odd in ({"kind": "nope"}, {"month": "2026-99"}, {"month": "x"}, {"page": "999"}, {"commune": "<b>"}):
        assert client.get(index.url, odd).status_code == 200


def test_the_keyword_filter_reads_titles_summaries_places_and_communes_without_accents(client, index, commune):
    soon = timezone.now() + timedelta(days=3)
    clean_up = make_event(index, title="Journée propreté", place_name="Salle Émile-Zola", commune=commune, start=soon)
    make_event(index, title="Atelier vélo", intro="Réparer ensemble.", start=soon + timedelta(days=1))
    assert titles(client.get(index.url, {"q": "PROPRETE"})) == ["Journée propreté"]
    assert titles(client.get(index.url, {"q": "emile-zola"})) == ["Journée propreté"]
    assert titles(client.get(index.url, {"q": "chemille 49092"})) == ["Journée propreté"]
    assert titles(client.get(index.url, {"q": "reparer"})) == ["Atelier vélo"]
    assert titles(client.get(index.url, {"q": "velo proprete"})) == []  # every word, in one event
    # LIKE's wildcards are searched as typed; odd input never fails.
    for odd in ("%", "_", "x" * 500, "\\"):
        response = client.get(index.url, {"q": odd})
        assert response.status_code == 200 and titles(response) == []
    # The English agenda searches the English pages.
    en_index = translate(index, english())
    english_page = translate(clean_up, english())
    english_page.title = "Clean-up day"
    english_page.save_revision().publish()
    assert titles(client.get(en_index.url, {"q": "CLEAN-UP chemille"})) == ["Clean-up day"]
    assert titles(client.get(en_index.url, {"q": "proprete"})) == []


def test_pagination(client, index):
    start = timezone.now() + timedelta(days=1)
    for n in range(14):
        make_event(index, title=f"Événement {n:02d}", start=start + timedelta(days=n))
    first = client.get(index.url)
    assert len(first.context["events_page"]) == 12
    second = client.get(index.url, {"page": 2})
    assert titles(second) == ["Événement 12", "Événement 13"]


def _counts(client, index, data=None):
    """The agenda's response and the queries that counted its events."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(index.url, data or {})
    listing = f"LIKE '{index.path}%"
    return response, [q["sql"] for q in context.captured_queries if "COUNT(" in q["sql"] and listing in q["sql"]]


def test_the_unfiltered_agenda_counts_its_events_once_per_generation_of_the_page_cache(client, index):
    start = timezone.now() + timedelta(days=1)
    for n in range(13):
        make_event(index, title=f"Événement {n:02d}", start=start + timedelta(days=n))
    response, counts = _counts(client, index)
    assert response.context["events_page"].paginator.count == 13 and len(counts) == 1
    # Read again from the shared cache, on any page of the listing.
    response, counts = _counts(client, index, {"page": 2})
    assert titles(response) == ["Événement 12"] and counts == []
    # A filtered listing is counted each time.
    response, counts = _counts(client, index, {"kind": "citizen_day"})
    assert len(counts) == 1
    # Publishing an event moves the page cache's generation: the agenda is counted again.
    make_event(index, title="Événement 13", start=start + timedelta(days=13))
    response, counts = _counts(client, index, {"page": 2})
    assert titles(response) == ["Événement 12", "Événement 13"] and len(counts) == 1
    assert response.context["events_page"].paginator.count == 14


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("route", ["", "ical/"])
def test_agenda_query_count_is_constant(client, index, commune, route):
    theme = make_themes()["budget-participatif"]
    start = timezone.now() + timedelta(days=1)

    def add(count):
        for n in range(count):
            event = make_event(index, title=f"E{n}", commune=commune, start=start + timedelta(hours=n))
            event.themes.add(theme)
            event.save_revision().publish()

    add(5)
    _queries(client, index.url + route)  # warm caches (site root paths)
    five = _queries(client, index.url + route)
    add(45)
    _queries(client, index.url + route)  # the shared layout is read again after a change
    fifty = _queries(client, index.url + route)
    assert five == fifty


def test_english_agenda(client, index, citizen_day):
    en_index = translate(index, english())
    translate(citizen_day, english())
    response = client.get(en_index.url)
    assert response.status_code == 200
    assert en_index.url.startswith("/en/")
    assert b'lang="en"' in response.content
    assert len(response.context["events_page"]) == 1


def _commune_options(response):
    select = response.content.decode().split('id="filter-commune"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w*)"', select)


def test_the_commune_filter_follows_a_newly_published_event(client, index, commune):
    from members.models import Commune

    make_event(index, title="Jour", commune=commune)
    assert _commune_options(client.get(index.url)) == ["", "49092"]
    other = Commune.objects.get_or_create(insee_code="49007", defaults={"name": "Angers"})[0]
    make_event(index, title="Autre jour", commune=other)
    response = client.get(index.url, {"commune": "49092"})
    assert _commune_options(response) == ["", "49007", "49092"]
    assert '<option value="49092" selected>' in response.content.decode()
