"""Page search, resources, agenda and roadmap ignore accents and case."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_page_search_ignores_accents(client, home_page):
    from tests.factories import content_page

    content_page(title="Comité de pilotage")
    content_page(title="Groupes de travail")
    accented = client.get("/search/", {"q": "comité"}).context["results_page"].paginator.count
    plain = client.get("/search/", {"q": "COMITE"}).context["results_page"].paginator.count
    assert accented == 1 and plain == accented


def test_resources_search_ignores_accents(client, home_page):
    from home.tests.factories import make_resource, make_themes, resource_library

    themes = make_themes()
    resource_library()
    resource = make_resource("Guide de l'élu participatif", themes["democratie-locale"])
    make_resource("Guide du budget participatif", themes["budget-participatif"])
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


def test_a_member_is_found_by_words_in_different_fields_and_each_row_is_folded_once_per_word(home_page):
    """`matches` folds the fields joined by a space: every word must be in one of them (in
    any field, accents ignored), a word never runs across two fields, and the SQL folds
    each row once per word, not once per word and field."""
    from django.db import connection

    from home.text_search import matches
    from members.models import Commune, Member
    from members.queries import member_search
    from members.tests.factories import make_member

    seat = Commune.objects.get_or_create(insee_code="49092", defaults={"name": "Chemillé-en-Anjou"})[0]
    found = make_member("Association Élan", kind=Member.Kind.ASSOCIATION, seat=seat, description="Démocratie locale")
    make_member("Jean", kind=Member.Kind.ASSOCIATION, description="Pierre")

    def search(query):
        return list(Member.objects.filter(member_search(query)).values_list("name", flat=True))

    assert search("elan CHEMILLE democratie") == ["Association Élan"]  # name, commune, description
    assert search("49092 élan") == ["Association Élan"]
    assert search("elan pierre") == []  # each word must be found, but in the same member
    assert search("jeanpierre") == [] and search("jean pierre") == ["Jean"]
    assert found.pk
    fields = ("name", "description", "seat_commune__name", "seat_commune__insee_code", "insee_code")
    sql = str(Member.objects.filter(matches("un deux", *fields)).query)
    fold = "unaccent(" if connection.vendor == "postgresql" else "reseau_fold("
    assert sql.count(fold) == 2
    # The members' search reads their search text, folded when they were saved: no row is
    # folded at all.
    sql = str(Member.objects.filter(member_search("un deux")).query)
    assert "unaccent(" not in sql and "reseau_fold(" not in sql


def test_a_members_search_text_follows_its_changes_and_its_communes(home_page):
    from members.models import Commune, Member
    from members.queries import member_search
    from members.reference import load_communes
    from members.tests.factories import make_member

    def found(query):
        return list(Member.objects.filter(member_search(query)).values_list("name", flat=True))

    seat = Commune.objects.create(insee_code="49099", name="Saint-Éloi")
    member = make_member("Les Voisins", kind=Member.Kind.ASSOCIATION, seat=seat)
    assert found("saint-eloi voisins") == ["Les Voisins"]
    member.description = "Jardins partagés"
    member.save(update_fields=["description"])
    assert found("jardins partages") == ["Les Voisins"]
    seat.name = "Saint-Éloi-sur-Loire"
    seat.save()
    assert found("eloi-sur-loire") == ["Les Voisins"]
    load_communes([{"insee_code": "49099", "name": "Val-d'Éloi"}])  # the reference data, in bulk
    assert found("val-d'eloi") == ["Les Voisins"] and found("sur-loire") == []


def test_on_postgresql_the_directory_order_is_read_from_its_index(home_page):
    """The directory's order (folded name, name, id) matches the expression index of
    members' migration 0008, so a page of members is read from the index, not sorted."""
    from django.db import connection, transaction

    from home.text_search import french_order
    from members.models import Member

    if connection.vendor != "postgresql":
        # SQLite: the sort key's function, which remembers the names it folded.
        assert "reseau_sort_key(" in str(Member.objects.order_by(*french_order("name"), "pk").query)
        return
    listing = Member.objects.approved().order_by(*french_order("name"), "pk")[:12]
    sql, params = listing.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A test database is small enough for a sort to look cheaper: forbid it, so that only
        # an index that matches the order can serve it.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "members_member_name_fold" in plan, plan


def test_on_postgresql_a_search_reads_the_trigram_index_of_each_search_text(home_page):
    """Every search text column has a trigram index on PostgreSQL (home.text_search.
    trigram_index), so that `contains_words`' LIKE '%word%' does not scan the table."""
    from django.db import connection, transaction

    from home.text_search import SearchText, contains_words

    models = [model for model in apps.get_models() if issubclass(model, SearchText)]
    assert len(models) >= 5
    if connection.vendor != "postgresql":
        return  # SQLite scans: a trigram index is PostgreSQL's
    for model in models:
        sql, params = model._base_manager.filter(contains_words("citoyenne")).values("pk").query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            # A test table is small enough for a scan to look cheaper: forbid it.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"{model._meta.db_table}_search_text_trgm" in plan, plan


def test_an_actions_search_text_follows_its_text_in_each_language(home_page):
    """Roadmap actions are found by their title and description, accents and case ignored,
    in the language they are written in (home.text_search.SearchText)."""
    from home.text_search import contains_words
    from roadmap.factories import make_action, make_axis
    from roadmap.models import Action

    def found(query):
        return set(Action.objects.filter(contains_words(query)).values_list("locale__language_code", flat=True))

    action = make_action(make_axis(), "Budget participatif des écoles", english="Schools' participatory budget")
    assert found("ECOLES budget") == {"fr"}
    assert found("schools' budget") == {"en"}
    action.description = "Voté en conseil municipal."
    action.save(update_fields=["description"])
    assert found("vote conseil") == {"fr"}
    assert found("une description") == set()  # its former description, no longer searched


def test_an_events_search_text_follows_its_revisions_and_its_commune(home_page):
    """Events are found by title, summary, place and commune, as published."""
    from home.text_search import contains_words
    from members.models import Commune
    from workshops.factories import agenda, make_event
    from workshops.models import EventPage

    def found(query):
        return list(EventPage.objects.filter(contains_words(query)).values_list("title", flat=True))

    commune = Commune.objects.create(insee_code="49997", name="Les Ponts-de-Cé")
    event = make_event(agenda(), title="Journée propreté", place_name="Salle Émile-Zola", commune=commune)
    assert found("PONTS-DE-CE emile-zola") == ["Journée propreté"]
    assert found("49997 proprete") == ["Journée propreté"]
    event.intro = "Ramassage des déchets au bord de Loire."
    event.save_revision().publish()
    assert found("dechets loire") == ["Journée propreté"]
    commune.name = "Ponts-de-Cé-sur-Loire"
    commune.save()
    assert found("ce-sur-loire") == ["Journée propreté"]


def test_a_members_people_and_practices_are_found_by_its_new_name(home_page):
    """People and practices are found by their structure's name: renaming it rewrites
    their search text (home.text_search.SearchText)."""
    from members.models import Member, Person
    from members.tests.factories import make_member
    from practices.models import Practice
    from practices.tests.factories import make_person, make_practice

    member = make_member("Centre social Étoile", kind=Member.Kind.ASSOCIATION)
    make_person(member, "Inès Roux")
    make_practice(member, "Café des parents")
    member.name = "Maison de quartier Œillet"
    member.save()
    assert list(Person.objects.filter(search_text__contains="oeillet").values_list("name", flat=True)) == ["Inès Roux"]
    assert list(Practice.objects.filter(search_text__contains="oeillet").values_list("title", flat=True)) == [
        "Café des parents"
    ]
    assert not Person.objects.filter(search_text__contains="etoile").exists()
