"""Choosers and multi-selects that search and show only the edited object's language."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale

from home.models import Theme
from home.tests.factories import make_governance_body, make_themes
from roadmap.factories import make_action, make_axis, make_minutes, make_roadmap_page
from workshops.factories import agenda, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def themes(db):
    return make_themes()


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("chooser", "chooser@example.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def actions(home_page):
    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(home_page, english_home=english_home)
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


def test_event_editor_offers_themes_of_its_language_in_a_searchable_list(client, staff, home_page):
    event = make_event(agenda(home_page), title="Journée de Segré", kind="citizen_day")
    french = list(Theme.objects.filter(locale__language_code="fr").values_list("name", flat=True))
    english = list(Theme.objects.filter(locale=Locale.objects.get(language_code="en")).values_list("name", flat=True))
    assert french and english
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert "data-searchable-choices" in html
    assert all(name in html for name in french)
    assert not [name for name in english if name not in french and f">{name}<" in html.replace("\n", "")]


def test_action_editor_lists_members_and_events_searchable_in_one_language(client, staff, actions, home_page):
    event = make_event(agenda(home_page), title="Journée de Doué", kind="citizen_day")
    html = client.get(reverse("wagtailsnippets_roadmap_action:edit", args=[actions[0].pk])).content.decode()
    assert html.count("data-searchable-choices") >= 2
    assert "Journée de Doué" in html
    assert event.pk


# --- Every translatable snippet's chooser, every many-to-many of the admin's forms --------


def english():
    return Locale.objects.get(language_code="en")


def offered(html, field="themes"):
    """The ids offered by a checkbox list (Django writes type, name, value in this order)."""
    return {int(pk) for pk in re.findall(rf'name="{field}" value="(\d+)"', html)}


def theme_ids(language_code):
    return set(Theme.objects.filter(locale__language_code=language_code).values_list("pk", flat=True))


def test_theme_chooser_lists_the_edited_language_only_and_search_narrows_it(client, staff, home_page):
    """Wagtail's chooser script adds `locale` (the editor's ACTIVE_CONTENT_LOCALE) to the
    modal's URL: from an English page, English themes only, with no language filter."""
    french_names = set(Theme.objects.filter(locale__language_code="fr").values_list("name", flat=True))
    english_names = set(Theme.objects.filter(locale=english()).values_list("name", flat=True))
    only_english = sorted(english_names - french_names)
    only_french = sorted(french_names - english_names)
    assert only_english and only_french

    html = client.get(reverse("wagtailsnippetchoosers_home_theme:choose"), {"locale": "en"}).json()["html"]
    assert all(name in html for name in only_english)
    assert not [name for name in only_french if name in html]
    assert 'name="locale"' not in html and 'name="q"' in html
    # The language travels with searches and result pages.
    assert "locale=en" in html

    html = client.get(reverse("wagtailsnippetchoosers_home_theme:choose")).json()["html"]
    assert all(name in html for name in only_french)  # without a language: the default one
    assert not [name for name in only_english if name in html]

    wanted = only_english[0]
    others = [name for name in only_english if name != wanted and wanted.split()[0] not in name]
    results = client.get(
        reverse("wagtailsnippetchoosers_home_theme:choose_results"), {"locale": "en", "q": wanted.split()[0].lower()}
    ).content.decode()
    assert wanted in results
    assert not [name for name in others if name in results]
    assert not [name for name in only_french if name in results]


def test_governing_body_chooser_lists_the_edited_language_only_and_searches(client, staff, home_page):
    from home.models import GovernanceBody

    french = GovernanceBody.objects.create(locale=Locale.objects.get(language_code="fr"), name="Comité de pilotage")
    other = GovernanceBody.objects.create(locale=french.locale, name="Groupe mobilisation")
    translated = french.copy_for_translation(english())
    translated.name = "Steering committee"
    translated.save()

    html = client.get(reverse("wagtailsnippetchoosers_home_governancebody:choose"), {"locale": "en"}).json()["html"]
    assert "Steering committee" in html
    assert "Comité de pilotage" not in html and other.name not in html
    assert 'name="locale"' not in html

    results = client.get(
        reverse("wagtailsnippetchoosers_home_governancebody:choose_results"), {"q": "mobilisation"}
    ).content.decode()
    assert other.name in results and "Comité de pilotage" not in results and "Steering" not in results


def test_an_english_page_editor_opens_its_choosers_in_english(client, staff, home_page):
    """The page editor gives Wagtail's chooser script its language (ACTIVE_CONTENT_LOCALE)."""
    from home.models import MinutesPage

    make_minutes(make_governance_body())
    minutes = (
        MinutesPage.objects.filter(locale__language_code="fr")
        .first()
        .copy_for_translation(english(), copy_parents=True)
    )
    html = client.get(reverse("wagtailadmin_pages:edit", args=[minutes.pk])).content.decode()
    assert '"ACTIVE_CONTENT_LOCALE": "en"' in html
    assert reverse("wagtailsnippetchoosers_home_governancebody:choose") in html


def test_an_english_event_lists_english_themes_only(client, staff, home_page):
    event = make_event(agenda(home_page), title="Journée de Segré", kind="citizen_day")
    english_event = event.copy_for_translation(english(), copy_parents=True)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[english_event.pk])).content.decode()
    assert "data-searchable-choices" in html
    assert offered(html) == theme_ids("en")


def test_every_many_to_many_of_the_admin_forms_is_searchable_and_of_one_language(client, staff, home_page):
    """Not only the fields named in panels: a practitioner's profile (not translated) offers
    the themes of the default language, as a searchable list."""
    from members.models import Member
    from members.people import Person

    member = Member.objects.create(kind=Member.Kind.ASSOCIATION, name="Les Voisins", slug="voisins")
    person = Person.objects.create(
        member=member, name="Aline Ressource", slug="aline", category="volunteer", email="aline@example.org"
    )
    html = client.get(reverse("wagtailsnippets_members_person:edit", args=[person.pk])).content.decode()
    assert "data-searchable-choices" in html
    assert offered(html) == theme_ids("fr")


def test_every_translatable_snippets_chooser_searches_in_one_language(client, staff, home_page):
    """Themes, governing bodies, resources, axes, actions, sectors, calls, domains,
    competencies, practices: whichever a form or a block chooses, its modal has a search
    box and no language filter."""
    from wagtail.models import TranslatableMixin
    from wagtail.snippets.models import get_snippet_models

    models = [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]
    assert len(models) >= 8
    for model in models:
        url = reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose"))
        response = client.get(url, {"locale": "en"})
        assert response.status_code == 200, model
        html = response.json()["html"]
        assert 'name="q"' in html, model
        assert 'name="locale"' not in html, model
        results = client.get(
            reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose_results")), {"locale": "en", "q": "zz"}
        )
        assert results.status_code == 200, model


def test_a_translatable_snippet_created_in_english_offers_english_themes(client, staff, home_page):
    html = client.get(reverse("wagtailsnippets_practices_practice:add"), {"locale": "en"}).content.decode()
    assert "data-searchable-choices" in html
    assert offered(html) == theme_ids("en")
    html = client.get(reverse("wagtailsnippets_practices_practice:add")).content.decode()
    assert offered(html) == theme_ids("fr")
