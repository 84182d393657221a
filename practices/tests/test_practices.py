"""The practices library: submission from the member area, staff review, public pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, ModelLogEntry

from home.emails import staff_recipients
from home.services import ServiceError
from home.translations import translate
from practices import services
from practices.models import Practice

from .factories import make_member, make_person, make_practice

pytestmark = pytest.mark.django_db


def practice_data(**overrides):
    data = {
        "title": "Un porte-à-porte citoyen",
        "summary": "Aller vers les habitants qu'on n'entend jamais.",
        "commune": "",
        "context": "Peu de monde aux réunions.",
        "what_was_done": "Des binômes élus-habitants ont frappé aux portes.",
        "participants": "Dix bénévoles",
        "results": "300 habitants rencontrés",
        "lessons": "Prendre le temps",
        "do_differently": "Commencer plus tôt",
        "image_alt": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-password-2026")


# --- The member area -------------------------------------------------------------------------------


def test_representative_submits_a_practice_with_two_contact_people(client, network, staff):
    first, second = make_person(network.angers, name="Léa"), make_person(network.angers, name="Marc")
    competency = network.competencies["porte-a-porte"]
    client.force_login(network.angers_rep)
    assert client.get("/member-area/practices/new/").status_code == 200
    response = client.post(
        "/member-area/practices/new/",
        practice_data(contact_people=[first.pk, second.pk], competencies=[competency.pk]),
    )
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED and practice.member == network.angers
    assert set(practice.contact_people.all()) == {first, second}
    assert practice.revisions.count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(practice.pk), action="practices.submit").exists()
    assert mail.outbox[-1].to == staff_recipients()
    # Not public before review.
    assert client.get(f"/pratiques/{practice.slug}/").status_code == 404
    assert "Un porte-à-porte citoyen" not in client.get("/pratiques/").content.decode()


def test_a_practice_with_bad_or_hostile_content_is_refused_field_by_field(client, network):
    client.force_login(network.angers_rep)
    cases = [
        (practice_data(title=""), "title"),
        (practice_data(what_was_done="x" * 5001), "what_was_done"),
        (practice_data(commune="999999999999999999999"), "commune"),
        (practice_data(competencies=["99999999999999999999999"]), "competencies"),
    ]
    for data, field in cases:
        response = client.post("/member-area/practices/new/", data)
        assert response.status_code == 422, field
        assert field in response.context["form"].errors, field
        assert response.context["form"]["summary"].value() == data["summary"]
    document = SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post("/member-area/practices/new/", {**practice_data(), "document_upload": document})
    assert response.status_code == 422 and "document_upload" in response.context["form"].errors
    assert not Practice.objects.exists()


def test_script_in_a_practice_is_shown_as_text(client, network):
    practice = make_practice(network.angers, title="<script>alert(1)</script> Pratique", summary="<b>gras</b>")
    page = client.get(f"/pratiques/{practice.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_representative_cannot_list_another_structures_people_as_contacts(client, network):
    foreign = make_person(network.cholet)
    client.force_login(network.angers_rep)
    response = client.post("/member-area/practices/new/", practice_data(contact_people=[foreign.pk]))
    assert response.status_code == 422 and "contact_people" in response.context["form"].errors
    with pytest.raises(ServiceError) as error:
        services.submit_practice(network.angers, {**practice_data(), "commune": None, "contact_people": [foreign]})
    assert error.value.code == "foreign_person"


def test_a_representative_cannot_edit_another_structures_practice(client, network):
    practice = make_practice(network.cholet, title="Pratique de Cholet")
    client.force_login(network.angers_rep)
    assert client.get(f"/member-area/practices/{practice.pk}/").status_code == 404
    assert client.post(f"/member-area/practices/{practice.pk}/", practice_data()).status_code == 404
    practice.refresh_from_db()
    assert practice.title == "Pratique de Cholet"
    with pytest.raises(ServiceError):
        services.update_practice(practice, network.angers, {"title": "Volée"})


def test_editing_a_returned_practice_sends_it_back_to_review(client, network):
    practice = make_practice(network.angers, status=Practice.Status.RETURNED, review_note="Préciser")
    client.force_login(network.angers_rep)
    response = client.post(f"/member-area/practices/{practice.pk}/", practice_data(title="Nouveau titre"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED and practice.title == "Nouveau titre"
    declined = make_practice(network.angers, status=Practice.Status.DECLINED)
    response = client.post(f"/member-area/practices/{declined.pk}/", practice_data(title="Encore"))
    assert response.status_code == 422
    declined.refresh_from_db()
    assert declined.title != "Encore"


# --- Staff review ----------------------------------------------------------------------------------------


def test_staff_publish_a_practice_through_the_confirm_view(client, network, staff):
    practice = make_practice(network.angers, status=Practice.Status.SUBMITTED)
    client.force_login(staff)
    url = f"/admin/snippets/practices/practice/publish/{practice.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED and practice.published_at
    assert ModelLogEntry.objects.filter(object_id=str(practice.pk), action="practices.published").exists()
    assert mail.outbox[-1].to == [network.angers_rep.email]
    # Publishing again is refused with a message, never a 500.
    assert client.post(url).status_code == 302
    assert client.get("/admin/snippets/practices/practice/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_staff_send_back_or_decline_only_with_a_reason(client, network, staff):
    practice = make_practice(network.angers, status=Practice.Status.SUBMITTED)
    client.force_login(staff)
    url = f"/admin/snippets/practices/practice/return/{practice.pk}/"
    assert client.post(url, {"reason": ""}).status_code == 422  # the form again
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert client.post(url, {"reason": "Ajoutez les résultats"}).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED and practice.review_note == "Ajoutez les résultats"
    assert "Ajoutez les résultats" in mail.outbox[-1].body
    decline = f"/admin/snippets/practices/practice/decline/{practice.pk}/"
    assert client.post(decline, {"reason": "Hors sujet"}).status_code == 302
    practice.refresh_from_db()
    assert practice.status == Practice.Status.DECLINED


def test_review_needs_the_permission(client, network):
    practice = make_practice(network.angers, status=Practice.Status.SUBMITTED)
    editor = get_user_model().objects.create_user("editor", "e@example.org", "pw-12345678", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.post(f"/admin/snippets/practices/practice/publish/{practice.pk}/").status_code in (302, 403)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


# --- Public pages ----------------------------------------------------------------------------------------


def test_published_practice_shows_on_the_library_member_profile_map_and_competency(client, network):
    competency = network.competencies["porte-a-porte"]
    public = make_person(network.angers, name="Léa Publique")
    hidden = make_person(network.angers, name="Hugo Caché", hidden=True)
    practice = make_practice(
        network.angers, title="Le porte-à-porte angevin", competencies=[competency], contacts=[public, hidden]
    )
    library = client.get("/pratiques/").content.decode()
    assert practice.title in library
    detail = client.get(f"/pratiques/{practice.slug}/").content.decode()
    assert "Léa Publique" in detail and "Hugo Caché" not in detail
    profile = client.get(f"/annuaire/{network.angers.slug}/").content.decode()
    assert practice.title in profile
    directory = client.get("/annuaire/").content.decode()
    assert "practice-marker" in directory and "?territory=49007" in directory
    competency_page = client.get("/referentiel/porte-a-porte/").content.decode()
    assert practice.title in competency_page
    assert client.get("/pratiques/?competency=porte-a-porte").content.decode().count(practice.title) == 1
    assert practice.title not in client.get("/pratiques/?competency=animer-reunion").content.decode()


def test_library_filters_and_accent_free_search(client, network):
    association = make_member("Les Amis", kind="association", seat=network.angers.seat_commune, rna="W491234567")
    first = make_practice(network.angers, title="Café des Élus")
    second = make_practice(association, title="Jardin partagé")
    third = make_practice(network.cholet, title="Conseil de jeunes")
    page = lambda query: client.get("/pratiques/" + query).content.decode()  # noqa: E731
    assert first.title in page("?q=cafe des elus") and second.title not in page("?q=cafe")
    assert second.title in page("?kind=association") and first.title not in page("?kind=association")
    assert third.title in page("?territory=49099") and first.title not in page("?territory=49099")
    assert client.get("/pratiques/?territory=bogus&kind=bogus&competency=bogus&page=x").status_code == 200


def test_practice_in_english_uses_its_translation(client, network):
    practice = make_practice(network.angers, title="Budget de quartier")
    translate(
        practice,
        Locale.objects.get(language_code="en"),
        strings={"Budget de quartier": "Neighbourhood budget"},
        slugs={practice.slug: "neighbourhood-budget"},
    )
    english = client.get("/en/practices/").content.decode()
    assert "Neighbourhood budget" in english
    detail = client.get("/en/practices/neighbourhood-budget/")
    assert detail.status_code == 200 and "Neighbourhood budget" in detail.content.decode()
    assert client.get("/en/practices/unknown/").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/pratiques/", "/en/practices/", "/referentiel/porte-a-porte/"])
def test_listings_have_constant_queries(client, network, url):
    competency = network.competencies["porte-a-porte"]
    members = [network.angers, network.cholet, make_member("Saumur")]

    def add(count):
        for index in range(count):
            member = members[index % 3]
            make_practice(member, competencies=[competency], contacts=[make_person(member, competencies=[competency])])

    add(5)
    client.get(url)
    small = count_queries(client, url)
    add(45)
    client.get(url)
    assert count_queries(client, url) == small


def test_directory_map_query_count_does_not_grow(client, network):
    from members.queries import build_map

    members = [network.angers, network.cholet, make_member("Saumur")]
    for index in range(5):
        make_practice(members[index % 3])
    build_map("/annuaire/")  # the shared values (page URLs, locales) read once
    with CaptureQueriesContext(connection) as small:
        build_map("/annuaire/")
    for index in range(45):
        make_practice(members[index % 3])
    build_map("/annuaire/")
    with CaptureQueriesContext(connection) as large:
        data = build_map("/annuaire/")
    assert len(large.captured_queries) == len(small.captured_queries)
    assert sum(point["count"] for point in data["points"]) == 50


def test_admin_pages_of_people_practices_and_framework_render(client, network, staff):
    from members.services import propose_alliance

    person = make_person(network.angers)
    practice = make_practice(network.angers, status=Practice.Status.SUBMITTED, contacts=[person])
    alliance = propose_alliance(network.angers, network.cholet, purpose="x")
    competency = network.competencies["porte-a-porte"]
    client.force_login(staff)
    for url in [
        "/admin/",
        "/admin/snippets/practices/practice/",
        "/admin/snippets/practices/practice/?status=submitted",
        f"/admin/snippets/practices/practice/edit/{practice.pk}/",
        f"/admin/snippets/practices/practice/history/{practice.pk}/",
        "/admin/snippets/practices/competency/",
        f"/admin/snippets/practices/competency/edit/{competency.pk}/",
        "/admin/snippets/practices/domain/",
        "/admin/snippets/members/person/",
        f"/admin/snippets/members/person/edit/{person.pk}/",
        "/admin/snippets/members/alliance/",
        f"/admin/snippets/members/alliance/edit/{alliance.pk}/",
        "/admin/snippets/members/sector/",
    ]:
        assert client.get(url).status_code == 200, url
    history = client.get(f"/admin/snippets/practices/practice/history/{practice.pk}/").content.decode()
    assert "practices.submit" not in history  # the label, not the code, is shown


def test_staff_add_a_practice_in_the_admin(client, network, staff):
    client.force_login(staff)
    response = client.get("/admin/snippets/practices/practice/add/")
    assert response.status_code == 200
    practice = Practice(
        member=network.angers, locale=Locale.objects.get(language_code="fr"), title="Écrite par l'équipe",
        summary="s", context="c", what_was_done="w",
    )  # fmt: skip
    practice.save()
    assert practice.slug == "ecrite-par-lequipe" and "ecrite par l'equipe" in practice.search_text


def test_the_site_search_costs_the_same_queries_with_5_or_50_matching_practices(client, network):
    competency = network.competencies["porte-a-porte"]

    def add(start, stop):
        for number in range(start, stop):
            make_practice(network.angers, title=f"Jardin partagé {number}", competencies=[competency])

    url = "/search/?q=jardin"
    add(0, 5)
    client.get(url)
    few = count_queries(client, url)
    add(5, 50)
    client.get(url)
    many = count_queries(client, url)
    assert few == many
    assert many <= 12  # the budget of a page (README, "Benchmark")
    assert "Jardin partagé 49" in client.get(url).content.decode()
