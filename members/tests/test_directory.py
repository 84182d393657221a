import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from home.models import Theme
from members import services

from .factories import make_member, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(communes, directory):
    themes = {
        "budget": make_theme("budget-des-habitants", "Budget des habitants", english="Residents' budget"),
        "enfance": make_theme("enfance", "Enfance", english="Childhood"),
    }
    angers = make_member(name="Angers", description="Budget participatif et conseils de quartier",
                         contact_name="Secret Person", contact_email="secret@angers.example",
                         contact_phone="06 11 22 33 44", public_email="public@angers.example")  # fmt: skip
    angers.themes.add(themes["budget"])
    cholet = make_member(name="Cholet")
    cholet.themes.add(themes["enfance"])
    association = make_member(name="Les Amis du débat", kind="association", rna="W491234567",
                              seat_commune=communes["49007"], description="Débats publics")  # fmt: skip
    association.themes.add(themes["enfance"])
    pending = make_member(name="Saumur", status="pending", description="En attente")
    rejected = make_member(name="Trélazé", status="rejected")
    return {"angers": angers, "cholet": cholet, "association": association, "pending": pending, "rejected": rejected}


def names(response):
    return [member.name for member in response.context["members_page"]]


def test_directory_lists_only_approved_members(client, members):
    response = client.get("/annuaire/")
    assert response.status_code == 200
    assert names(response) == ["Angers", "Cholet", "Les Amis du débat"]
    html = response.content.decode()
    assert "Saumur" not in names(response) and "Trélazé" not in names(response)
    assert "Licence Ouverte" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "association"}, ["Les Amis du débat"]),
        ({"kind": "commune"}, ["Angers", "Cholet"]),
        ({"kind": "bogus"}, ["Angers", "Cholet", "Les Amis du débat"]),
        ({"theme": "enfance"}, ["Cholet", "Les Amis du débat"]),
        ({"theme": "budget-des-habitants"}, ["Angers"]),
        ({"territory": "CU Angers Loire Métropole"}, ["Angers", "Les Amis du débat"]),
        ({"territory": "CA Cholet Agglomération"}, ["Cholet"]),
        ({"commune": "49007"}, ["Angers", "Les Amis du débat"]),
        ({"q": "débat"}, ["Les Amis du débat"]),
        ({"q": "quartier budget"}, ["Angers"]),
        ({"q": "attente"}, []),
        ({"q": "x" * 5000}, []),
        ({"kind": "commune", "theme": "enfance"}, ["Cholet"]),
    ],
)
def test_directory_filters(client, members, params, expected):
    response = client.get("/annuaire/", params)
    assert response.status_code == 200
    assert names(response) == expected


def test_theme_filter_works_in_english(client, members):
    theme = Theme.objects.get(locale__language_code="en", slug="enfance-en")
    response = client.get("/en/directory/", {"theme": theme.slug})
    assert response.status_code == 200
    assert names(response) == ["Cholet", "Les Amis du débat"]
    assert theme.name in response.content.decode()


def test_pagination(client, communes, directory):
    for commune in list(communes.values())[:25]:
        make_member(name=commune.name)
    first = client.get("/annuaire/")
    second = client.get("/annuaire/", {"page": 2})
    assert len(names(first)) + len(names(second)) <= 25
    assert set(names(first)).isdisjoint(names(second))
    assert client.get("/annuaire/", {"page": "abc"}).status_code == 200
    assert client.get("/annuaire/", {"page": 999}).status_code == 200


def count_queries(client, url):
    client.get(url)  # warm the caches (site root paths, directory URL)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_directory_query_count_does_not_grow_with_members(client, communes, directory):
    themes = [make_theme(f"theme-{number}", f"Thème {number}") for number in range(3)]
    codes = list(communes)

    def add(start, stop):
        for index in range(start, stop):
            member = make_member(name=communes[codes[index]].name)
            member.themes.set(themes[: 1 + index % 3])

    add(0, 5)
    small = count_queries(client, "/annuaire/")
    small_filtered = count_queries(client, "/annuaire/?theme=theme-0&kind=commune")
    add(5, 50)
    assert count_queries(client, "/annuaire/") == small
    assert count_queries(client, "/annuaire/?theme=theme-0&kind=commune") == small_filtered


def test_map_highlights_member_communes_and_counts_associations(client, members):
    from django.utils.html import escape

    from members.queries import build_map

    response = client.get("/annuaire/")
    html = response.content.decode()
    map_data = build_map("/annuaire/")
    shapes = {shape["name"]: shape for shape in map_data["shapes"]}
    assert "<svg" in html
    assert shapes["Angers"]["member"] and shapes["Angers"]["others"] == 1
    assert shapes["Cholet"]["member"] and shapes["Cholet"]["others"] == 0
    assert not shapes["Saumur"]["member"] and not shapes["Saumur"]["label"]  # pending: not on the map
    for name in ("Angers", "Cholet"):
        assert shapes[name]["label"].startswith(name) and len(shapes[name]["label"]) > len(name)
        assert f'aria-label="{escape(shapes[name]["label"])}"' in html
    assert 'href="/annuaire/?commune=49007#results"' in html
    assert map_data["member_communes"] == 2
    assert map_data["other_members"] == 1
    assert len(map_data["shapes"]) > 150


def test_the_cached_map_follows_an_approval_at_once(client, members):

    before = client.get("/annuaire/").content.decode()
    assert 'href="/annuaire/?commune=49328#results"' not in before  # Saumur, pending
    services.approve(members["pending"])
    after = client.get("/annuaire/").content.decode()
    assert 'href="/annuaire/?commune=49328#results"' in after


def test_profile_page_shows_public_data_only(client, members):
    response = client.get("/annuaire/angers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget participatif et conseils de quartier" in html
    assert "public@angers.example" in html
    for private in ("Secret Person", "secret@angers.example", "06 11 22 33 44"):
        assert private not in html
    assert private not in client.get("/annuaire/").content.decode()
    assert "secret@angers.example" not in client.get("/search/", {"q": "Angers"}).content.decode()


@pytest.mark.parametrize("slug", ["saumur", "trelaze", "unknown"])
def test_profile_of_a_non_approved_or_unknown_member_is_404(client, members, slug):
    assert client.get(f"/annuaire/{slug}/").status_code == 404


def test_profile_in_english(client, members):
    response = client.get("/en/directory/angers/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "Back to the directory" in response.content.decode()


def test_get_absolute_url_follows_the_active_language(members):
    angers = members["angers"]
    with translation.override("fr"):
        assert angers.get_absolute_url() == "/annuaire/angers/"
    with translation.override("en"):
        assert angers.get_absolute_url() == "/en/directory/angers/"


def test_profile_renders_sections_from_other_apps(client, members):
    from wagtail import hooks

    def section(request, member):
        return [("members/home_join_section.html", {"apply_url": f"/section-for-{member.slug}/"})]

    with hooks.register_temporarily("register_member_profile_sections", section):
        response = client.get("/annuaire/angers/")
    assert "/section-for-angers/" in response.content.decode()


def test_home_key_figures_section_and_search(client, members):
    html = client.get("/").content.decode()
    assert "/annuaire/adherer/" in html
    assert "/annuaire/?kind=commune" in html
    key_figures = {figure["label"]: figure["value"] for figure in client.get("/").context["key_figures"]}
    assert 2 in key_figures.values() and 1 in key_figures.values()
    search = client.get("/search/", {"q": "Amis"})
    items = [item for section in search.context["other_results"] for item in section["items"]]
    assert {"title": "Les Amis du débat", "url": "/annuaire/les-amis-du-debat/"} in items
    search = client.get("/search/", {"q": "Saumur"})
    items = [item for section in search.context["other_results"] for item in section["items"]]
    assert not [item for item in items if item["title"] == "Saumur"]


def test_cached_figures_and_territories_follow_an_approval(client, members, communes):

    def commune_figure():
        figures = client.get("/").context["key_figures"]
        return next(figure["value"] for figure in figures if "/annuaire/?kind=commune" in figure.get("url", ""))

    assert commune_figure() == 2
    territory = communes["49328"].intercommunality
    assert territory and territory not in client.get("/annuaire/").context["territories"]
    saumur = members["pending"]
    saumur.seat_commune = communes["49328"]
    saumur.save()
    services.approve(saumur)
    assert commune_figure() == 3
    assert territory in client.get("/annuaire/").context["territories"]


def test_directory_page_rules(directory):
    from wagtail.test.utils import WagtailTestUtils  # noqa: F401

    from home.models import HomePage
    from members.models import DirectoryPage

    assert DirectoryPage.parent_page_types == ["home.HomePage"]
    assert not DirectoryPage.can_create_at(HomePage.objects.get(locale__language_code="fr"))  # one per home
