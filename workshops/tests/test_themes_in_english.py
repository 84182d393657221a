"""English pages show themes in English, and the English filters find what the French
ones find (the English agenda's theme filter used to find nothing)."""

import pytest

from home.models import Theme
from home.tests.factories import make_themes
from home.translations import translate
from workshops.factories import english, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(index):
    french = make_themes()["budget-participatif"]
    event = make_event(index, title="Journée budget")
    event.themes.add(french)
    event.save_revision().publish()
    make_event(index, title="Journée sans thème")
    en_index = translate(index, english())
    en_event = translate(event, english())
    return {"event": event, "en_index": en_index, "en_event": en_event, "french": french}


def english_theme(french):
    return Theme.objects.get(translation_key=french.translation_key, locale__language_code="en")


def test_english_agenda_theme_filter_finds_the_events(client, index, tagged):
    en_theme = english_theme(tagged["french"])
    french = client.get(index.url, {"theme": tagged["french"].slug})
    assert [e.title for e in french.context["events_page"]] == ["Journée budget"]
    response = client.get(tagged["en_index"].url, {"theme": en_theme.slug})
    assert response.status_code == 200
    assert len(response.context["events_page"]) == 1
    assert en_theme.name in response.content.decode()


def test_english_agenda_card_and_event_page_show_english_themes(client, tagged):
    en_theme = english_theme(tagged["french"])
    assert en_theme.name != tagged["french"].name
    html = client.get(tagged["en_index"].url).content.decode()
    card_part = html.split('id="filters-title"')[1].split("</form>")[1]
    assert en_theme.name in card_part and tagged["french"].name not in card_part
    page = client.get(tagged["en_event"].url)
    assert [theme.name for theme in page.context["themes"]] == [en_theme.name]
    assert tagged["french"].name not in page.content.decode()
