"""The journeys of issue 14 in a real browser, in French and in English, each page scanned
with axe (no serious or critical violation):

1. a representative shares a practice with two contact people; staff publish it in the admin;
   it appears on the member's profile, on the directory's map and under its competency;
2. a visitor asks "who can help me?" for a competency in an intercommunality, gets people
   and practices nearest first, and writes to a person through the relay;
3. two members form an alliance, shown on both profiles and on the map."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from members.reference import load_default_communes
from practices.models import Practice

from .factories import PASSWORD, make_framework, make_member, make_pages, make_person, make_representative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = [("fr", ""), ("en", "/en")]


@pytest.fixture
def world(live_site):
    load_default_communes()
    pages = make_pages(live_site)
    competencies = make_framework()
    angers, cholet, avrille = make_member("Angers"), make_member("Cholet"), make_member("Avrillé")
    competency = competencies["porte-a-porte"]
    people = {
        "lea": make_person(angers, name="Léa Durand", email="lea.secret@example.org", competencies=[competency]),
        "marc": make_person(angers, name="Marc Petit", competencies=[competency]),
        "alice": make_person(avrille, name="Alice Avrillé", competencies=[competency]),
        "claire": make_person(cholet, name="Claire Cholet", competencies=[competency]),
    }
    cache.clear()
    return {
        "pages": pages,
        "competencies": competencies,
        "angers": angers,
        "cholet": cholet,
        "angers_rep": make_representative(angers, username="rep-angers"),
        "cholet_rep": make_representative(cholet, username="rep-cholet"),
        "people": people,
    }


def log_in(page, prefix, username):
    page.context.clear_cookies()
    page.goto(f"{prefix}/member-area/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form.member-form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/member-area/")


@pytest.mark.parametrize("language, prefix", LANGUAGES)
def test_a_practice_is_shared_published_and_shown_everywhere(world, page, axe, language, prefix):
    get_user_model().objects.create_superuser("staff", "staff@example.org", "staff-password-2026")
    log_in(page, prefix, "rep-angers")
    axe(page)
    page.goto(f"{prefix}/member-area/practices/new/")
    submit = page.locator("main form.member-form button[type=submit]")
    submit.click()  # empty: the error summary first
    assert page.locator("#error-summary").is_visible()
    axe(page)
    page.fill("#id_title", "Un porte-à-porte citoyen")
    page.fill("#id_summary", "Aller vers les habitants qu'on n'entend jamais.")
    page.fill("#id_context", "Peu de monde aux réunions publiques.")
    page.fill("#id_what_was_done", "Des binômes élus-habitants ont frappé aux portes.")
    page.get_by_label("Léa Durand").check()
    page.get_by_label("Marc Petit").check()
    competency_label = "Door-to-door visits" if language == "en" else "Porte-à-porte"
    page.get_by_label(competency_label, exact=True).check()
    submit.click()
    page.wait_for_url(f"**{prefix}/member-area/practices/")
    axe(page)
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED and practice.contact_people.count() == 2

    # Staff publish it in the admin.
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-password-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/snippets/practices/practice/publish/{practice.pk}/")
    axe(page)
    page.locator('main form[method="post"] button[type="submit"]').last.click()
    page.wait_for_url("**/admin/snippets/practices/practice/")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    page.context.clear_cookies()

    # The member's profile, the map and the competency show it.
    directory = "/en/directory/" if language == "en" else "/annuaire/"
    page.goto(f"{directory}angers/")
    page.get_by_role("link", name="Un porte-à-porte citoyen").first.click()
    page.wait_for_url(f"**/{practice.slug}/")
    assert page.get_by_role("link", name="Léa Durand").is_visible()
    axe(page)
    page.goto(directory)
    marker = page.locator('svg a[href*="territory=49007"]')
    assert marker.count() == 1
    axe(page)
    framework = "/en/framework/porte-a-porte-en/" if language == "en" else "/referentiel/porte-a-porte/"
    page.goto(framework)
    assert page.get_by_role("link", name="Un porte-à-porte citoyen").is_visible()
    axe(page)


@pytest.mark.parametrize("language, prefix", LANGUAGES)
def test_a_visitor_finds_help_nearest_first_and_writes_through_the_relay(world, page, axe, language, prefix):
    from members.services import relay_message  # noqa: F401 (the relay is what the page calls)

    finder = "/en/who-can-help-me/" if language == "en" else "/qui-peut-m-aider/"
    page.goto(finder)
    axe(page)
    page.locator("#id_competency").select_option("porte-a-porte-en" if language == "en" else "porte-a-porte")
    epci = world["angers"].seat_commune.intercommunality_code
    page.locator("#id_territory").select_option(f"epci-{epci}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**competency=*")
    axe(page)
    names = page.locator("#results-people ~ ul h3").all_inner_texts()
    assert names[-1] == "Claire Cholet"  # the other intercommunality comes last
    assert set(names[:3]) == {"Léa Durand", "Marc Petit", "Alice Avrillé"}
    assert "lea.secret@example.org" not in page.content()
    mail.outbox.clear()
    page.get_by_role("link", name="Léa Durand").first.click()
    axe(page)
    page.locator("main a.btn-primary").click()
    page.wait_for_url("**/contact/")
    axe(page)
    page.fill("#id_sender_name", "Sam Visiteur")
    page.fill("#id_sender_email", "sam@example.net")
    page.fill("#id_message", "Pouvez-vous m'aider à organiser un porte-à-porte ?")
    page.check("#id_consent")
    page.locator("main form.form-narrow button[type=submit]").click()
    page.wait_for_url("**/contact/sent/")
    axe(page)
    assert "lea.secret@example.org" not in page.content()
    relayed = [message for message in mail.outbox if message.to == ["lea.secret@example.org"]]
    assert len(relayed) == 1 and relayed[0].message()["Reply-To"] == "sam@example.net"


@pytest.mark.parametrize("language, prefix", LANGUAGES)
def test_two_members_form_an_alliance(world, page, axe, language, prefix):
    log_in(page, prefix, "rep-angers")
    page.goto(f"{prefix}/member-area/alliances/")
    axe(page)
    page.locator("#id_partner").select_option(str(world["cholet"].pk))
    page.fill("#id_purpose", "Des chantiers de jeunes entre nos deux villes.")
    page.locator("main form.form-narrow button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/member-area/alliances/")
    axe(page)

    log_in(page, prefix, "rep-cholet")
    page.goto(f"{prefix}/member-area/alliances/")
    page.locator('button[name="answer"][value="accept"]').click()
    page.wait_for_url(f"**{prefix}/member-area/alliances/")
    axe(page)
    page.context.clear_cookies()

    directory = "/en/directory/" if language == "en" else "/annuaire/"
    for slug, ally in (("angers", "Cholet"), ("cholet", "Angers")):
        page.goto(f"{directory}{slug}/")
        assert page.get_by_text("Des chantiers de jeunes entre nos deux villes.").is_visible()
        assert page.locator("#member-alliances-title + ul").get_by_role("link", name=ally).is_visible()
        axe(page)
    page.goto(directory)
    assert page.locator("svg a line.alliance-line").count() == 1
    axe(page)
