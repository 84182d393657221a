"""The table block's caption, column headings and cells are offered by wagtail-localize
for translation: translating a cell shows it on the English page. One caption only."""

import importlib

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from home.blocks import TableBlock
from home.models import ContentPage

pytestmark = pytest.mark.django_db


def test_the_table_block_has_one_caption():
    names = set(TableBlock.base_blocks)
    assert names == {"caption", "headings", "rows"}


def test_a_translated_cell_shows_on_the_english_page(client, home_page):
    page = ContentPage(
        title="Nos rencontres",
        slug="nos-rencontres",
        body=[
            (
                "table",
                {
                    "caption": "Rencontres par saison",
                    "headings": ["Saison", "Lieu"],
                    "rows": [{"cells": ["Printemps", "Mairie de Saumur"]}, {"cells": ["Automne", "En ligne"]}],
                },
            )
        ],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    offered = {segment.string.data for segment in source.stringsegment_set.select_related("string")}
    assert {"Rencontres par saison", "Saison", "Lieu", "Printemps", "Mairie de Saumur", "En ligne"} <= offered

    translation = Translation.objects.create(source=source, target_locale=english, enabled=True)
    words = {
        "Rencontres par saison": "Meetings by season",
        "Saison": "Season",
        "Lieu": "Place",
        "Printemps": "Spring",
        "Automne": "Autumn",
        "En ligne": "Online",
        "Nos rencontres": "Our meetings",
    }
    for segment in source.stringsegment_set.select_related("string", "context"):
        if segment.string.data in words:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data=words[segment.string.data],
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
    translation.save_target(publish=False)
    target = page.get_translation(english)
    target.get_latest_revision().publish()
    target.refresh_from_db()

    content = client.get(target.url).content.decode()
    assert "<caption>Meetings by season</caption>" in content
    assert '<th scope="col">Season</th>' in content
    assert "<td>Spring</td>" in content and "<td>Online</td>" in content
    assert "Mairie de Saumur" in content  # an untranslated cell keeps its source text
    assert "Printemps" not in content


def test_typed_tables_are_converted_by_the_migration():
    migration = importlib.import_module("home.migrations.0006_table_block_text_cells")
    stream = [
        {"type": "paragraph", "value": "<p>x</p>", "id": "a"},
        {
            "type": "table",
            "id": "b",
            "value": {
                "caption": "Participation",
                "table": {
                    "caption": "",
                    "columns": [{"type": "text", "heading": "Année"}, {"type": "number", "heading": "Personnes"}],
                    "rows": [{"values": ["2025", 120.0]}, {"values": ["2026", "<p>180</p>"]}],
                },
            },
        },
    ]
    assert migration._convert_stream(stream)
    assert stream[1]["value"] == {
        "caption": "Participation",
        "headings": ["Année", "Personnes"],
        "rows": [{"cells": ["2025", "120"]}, {"cells": ["2026", "180"]}],
    }
