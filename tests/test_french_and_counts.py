"""French typography and elision; the home page's roadmap counts match the roadmap's
status filter; the invalid personal link explains itself."""

import re
from pathlib import Path

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


def test_french_catalogues_put_a_non_breaking_space_before_double_punctuation():
    wrong = []
    for po in ROOT.glob("**/locale/fr/LC_MESSAGES/django.po"):
        if ".venv" in po.parts:
            continue
        in_msgstr = False
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgstr"):
                in_msgstr = True
            elif not line.startswith('"'):
                in_msgstr = False
            header = re.match(r'^"[A-Za-z-]+: ', line)  # the catalogue's own header
            if in_msgstr and not header and re.search(r"[^\s\u00a0\u202f:/%] ?[:;!?](?=[ \"]|\\n)", line):
                wrong.append(f"{po.relative_to(ROOT)}: {line}")
    assert not wrong, "\n".join(wrong[:20])


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
