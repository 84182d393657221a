"""The directory and the site search ignore accents and case, find members by name,
commune and INSEE code, and sort names in French order."""

import pytest

from home.text_search import fold, sort_french

from .factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(communes, directory):
    return {
        "ecouflant": make_member(name="Écouflant"),
        "chemille": make_member(name="Chemillé-en-Anjou"),
        "angers": make_member(name="Angers"),
        "feneu": make_member(name="Feneu"),
        "association": make_member(
            name="Les Amis du débat", kind="association", rna="W491234567", seat_commune=communes["49007"]
        ),
    }


def names(response):
    return [member.name for member in response.context["members_page"]]


def test_fold():
    assert fold("Écouflant") == "ecouflant"
    assert fold("CHEMILLÉ") == "chemille"
    assert fold("Œuvre") == "oeuvre"
    assert fold("ANGERS 49007") == "angers 49007"  # plain ASCII: lower-cased only
    assert fold(None) is None


def test_the_directory_keeps_its_french_order_visit_after_visit(client, directory):
    """The sort key (on SQLite, a function that remembers the names it folded) gives the same
    French order on every visit, new names included."""
    for name in ("Zola", "Écouflant", "Durtal", "Feneu"):
        make_member(name, kind="association")
    first = names(client.get(directory.url))
    assert first == ["Durtal", "Écouflant", "Feneu", "Zola"]
    assert names(client.get(directory.url, {"v": 2})) == first
    make_member("Échemiré", kind="association")
    assert names(client.get(directory.url, {"v": 3})) == ["Durtal", "Échemiré", "Écouflant", "Feneu", "Zola"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chemille", ["Chemillé-en-Anjou"]),
        ("ECOUFLANT", ["Écouflant"]),
        ("écouflant", ["Écouflant"]),
        ("debat", ["Les Amis du débat"]),
        ("49007", ["Angers", "Les Amis du débat"]),  # a commune's INSEE code, and a member based there
    ],
)
def test_directory_search_ignores_accents_and_case(client, members, query, expected):
    response = client.get("/annuaire/", {"q": query})
    assert response.status_code == 200
    assert names(response) == expected


def test_directory_search_in_english(client, members):
    response = client.get("/en/directory/", {"q": "ecouflant"})
    assert names(response) == ["Écouflant"]


def test_directory_sorts_names_in_french_order(client, members):
    response = client.get("/annuaire/")
    assert names(response) == ["Angers", "Chemillé-en-Anjou", "Écouflant", "Feneu", "Les Amis du débat"]


def test_commune_lists_in_french_order(communes):
    from members.reference import commune_choices

    wanted = {"Écouflant", "Durtal", "Feneu", "Épieds"}
    names = [label.split(" (")[0] for _pk, label in commune_choices() if label.split(" (")[0] in wanted]
    assert names == ["Durtal", "Écouflant", "Épieds", "Feneu"]
    assert sort_french(["Feneu", "Écouflant", "Durtal"], str) == ["Durtal", "Écouflant", "Feneu"]


@pytest.mark.parametrize("query", ["Écouflant", "ecouflant", "49129"])
def test_site_search_finds_members_by_name_commune_and_code(client, members, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    sections = response.context["other_results"]
    assert any(item["title"] == "Écouflant" for section in sections for item in section["items"])
    # The count says what is shown: never "0" above a result.
    assert response.context["result_count"] >= 1


def test_site_search_count_includes_every_result(client, members):
    response = client.get("/search/", {"q": "chemille"})
    shown = sum(len(section["items"]) for section in response.context["other_results"])
    pages = response.context["results_page"].paginator.count
    assert response.context["result_count"] == shown + pages >= 1
