"""Page search, resources, agenda and roadmap ignore accents and case."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_page_search_ignores_accents(client, demo_site):
    accented = client.get("/search/", {"q": "comité"}).context["results_page"].paginator.count
    plain = client.get("/search/", {"q": "COMITE"}).context["results_page"].paginator.count
    assert accented >= 1 and plain == accented


def test_resources_search_ignores_accents(client, demo_site):
    from home.models import Resource

    resource = Resource.objects.filter(locale__language_code="fr").first()
    resource.title = "Guide de l'élu participatif"
    resource.save()
    response = client.get("/ressources/", {"q": "ELU"})
    assert [r.pk for r in response.context["resources_page"]] == [resource.pk]


def test_agenda_search_ignores_accents(client, home_page):
    from workshops.factories import agenda, make_event

    index = agenda(home_page)
    make_event(index, title="Journée citoyenne d'Écouflant", start=timezone.now() + timedelta(days=3))
    make_event(index, title="Atelier budget", start=timezone.now() + timedelta(days=4))
    response = client.get(index.url, {"q": "ecouflant"})
    assert [event.title for event in response.context["events_page"]] == ["Journée citoyenne d'Écouflant"]


def test_roadmap_search_ignores_accents_in_both_languages(client, home_page):
    from roadmap.factories import make_action, make_axis, make_roadmap_page

    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    page = make_roadmap_page(home_page, english_home=english_home)
    axis = make_axis("Structurer", english="Structure")
    make_action(axis, "Écrire la charte", english="Write the charter")
    make_action(axis, "Former les élus", english="Train elected officials")
    response = client.get(page.url, {"q": "ecrire"})
    assert [a.display_title for axis in response.context["axes"] for a in axis.roadmap_actions] == ["Écrire la charte"]
    response = client.get(english_url(page), {"q": "CHARTER"})
    assert [a.display_title for axis in response.context["axes"] for a in axis.roadmap_actions] == ["Write the charter"]


def english_url(page):
    return page.get_translations().get(locale__language_code="en").url
