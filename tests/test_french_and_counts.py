"""French typography and elision; the home page's roadmap counts match the roadmap's
status filter; the invalid personal link explains itself."""

import re
from pathlib import Path

import polib
import pytest

from home.french import elide

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soutenir au nom de Angers", "Soutenir au nom d'Angers"),
        ("la demande de Écouflant", "la demande d'Écouflant"),
        ("Membres de Le Lion-d'Angers", "Membres du Lion-d'Angers"),
        ("la demande de Les Amis du débat", "la demande des Amis du débat"),
        ("avant de le faire", "avant de le faire"),
        ("de Cholet", "de Cholet"),
    ],
)
def test_elision_before_names(text, expected):
    assert elide(text, "fr") == expected
    assert elide(text, "en") == text


# A colon, semicolon, exclamation or question mark that ends a word (before a space, a
# quote, the end of a line or of the text) without a non-breaking space before it.
BARE_DOUBLE_PUNCTUATION = re.compile(r'[^\s\u00a0\u202f:/%] ?[:;!?](?=[ "\n]|$)')


def translations(po):
    """Each translation of a catalogue (polib joins the lines it is wrapped on), but the
    header and obsolete entries."""
    texts = []
    for entry in polib.pofile(str(po)):
        if not entry.obsolete:
            texts += [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
    return texts


def test_french_catalogues_put_a_non_breaking_space_before_double_punctuation():
    wrong = []
    for po in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        wrong += [
            f"{po.relative_to(ROOT)}: {text}" for text in translations(po) if BARE_DOUBLE_PUNCTUATION.search(text)
        ]
    assert not wrong, "\n".join(wrong[:20])


def test_the_typography_check_reads_whole_translations(tmp_path):
    """A translation wrapped over several lines is checked whole: a "?" that only ends a
    line (a query string) is not punctuation, a colon split from its word by the wrap is."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Filter"\nmsgstr ""\n"Filtrez avec <code>?"\n"locale=fr</code>."\n\n'
        'msgid "Note"\nmsgid_plural "Notes"\nmsgstr[0] ""\n"Remarque"\n": voir la suite"\nmsgstr[1] "Remarques"\n',
        encoding="utf-8",
    )
    texts = translations(po)
    assert texts == ["Filtrez avec <code>?locale=fr</code>.", "Remarque: voir la suite", "Remarques"]
    assert [bool(BARE_DOUBLE_PUNCTUATION.search(text)) for text in texts] == [False, True, False]


@pytest.mark.django_db
def test_home_roadmap_counts_match_the_status_filter(client, home_page):
    from roadmap.factories import make_action, make_axis, make_roadmap_page

    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    page = make_roadmap_page(home_page, english_home=english_home)
    axis = make_axis("Gouvernance", english="Governance")
    for n in range(3):
        make_action(axis, f"Prévue {n}", status="planned")
    for n in range(2):
        make_action(axis, f"Proposée {n}", status="proposed")
    home = client.get("/").content.decode()
    planned = len(client.get(page.url, {"status": "planned"}).context["page_obj"].object_list)
    proposed = len(client.get(page.url, {"status": "proposed"}).context["page_obj"].object_list)
    assert (planned, proposed) == (3, 2)
    assert f'?status=planned">{planned} prévues' in home
    assert f'?status=proposed">{proposed} proposées' in home


@pytest.mark.django_db
def test_invalid_personal_link_explains_itself(client, home_page):
    response = client.get("/registrations/not-a-real-token/")
    assert response.status_code == 404
    assert "workshops/link_invalid.html" in [t.name for t in response.templates]
    assert client.get("/en/registrations/not-a-real-token/event.ics").status_code == 404
