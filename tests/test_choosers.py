"""Choosers and multi-selects that search and show only the edited object's language."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from home.models import Theme
from roadmap.factories import make_action, make_axis, make_roadmap_page
from workshops.factories import agenda, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("chooser", "chooser@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def actions(demo_site):
    english_home = demo_site.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(demo_site, english_home=english_home)
    axis = make_axis("Mobiliser les habitants", english="Mobilise residents")
    return [
        make_action(axis, "Former les élus", english="Train elected officials"),
        make_action(axis, "Ouvrir un budget participatif", english="Open a participatory budget"),
    ]


def test_action_chooser_offers_the_roadmap_language_only_and_searches(client, staff, actions):
    response = client.get(reverse("wagtailsnippetchoosers_roadmap_action:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Former les élus" in html and "Ouvrir un budget participatif" in html
    assert "Train elected officials" not in html
    assert 'name="locale"' not in html  # no "Locale" filter to get lost in
    assert 'name="q"' in html

    response = client.get(reverse("wagtailsnippetchoosers_roadmap_action:choose_results"), {"q": "budget"})
    html = response.content.decode()
    assert "Ouvrir un budget participatif" in html and "Former les élus" not in html
    response = client.get(reverse("wagtailsnippetchoosers_roadmap_action:choose_results"), {"q": "habitants"})
    assert "Former les élus" in response.content.decode()  # the axis' title matches too


def test_event_editor_offers_themes_of_its_language_in_a_searchable_list(client, staff, demo_site):
    event = make_event(agenda(demo_site), title="Journée de Segré", kind="citizen_day")
    french = list(Theme.objects.filter(locale__language_code="fr").values_list("name", flat=True))
    english = list(Theme.objects.filter(locale=Locale.objects.get(language_code="en")).values_list("name", flat=True))
    assert french and english
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "data-searchable-choices" in html
    assert all(name in html for name in french)
    assert not [name for name in english if name not in french and f">{name}<" in html.replace("\n", "")]


def test_action_editor_lists_members_and_events_searchable_in_one_language(client, staff, actions, demo_site):
    event = make_event(agenda(demo_site), title="Journée de Doué", kind="citizen_day")
    html = client.get(reverse("wagtailsnippets_roadmap_action:edit", args=[actions[0].pk])).content.decode()
    assert html.count("data-searchable-choices") >= 2
    assert "Journée de Doué" in html
    assert event.pk
