"""A member of staff who has never used Wagtail writes a governance page in the French
admin, submits it to moderation, reopens it and clicks "Approuver et Publier": the page
is live and its public address answers — every time (autosave is off, a late POST is
refused; see home/wagtail_hooks.py)."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from home.models import ContentPage

from .staff_setup import ensure_staff_groups_and_workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def test_submit_then_approve_and_publish_makes_the_page_live(live_site, page):
    ensure_staff_groups_and_workflow()
    get_user_model().objects.create_superuser("animatrice", "animatrice@example.org", "animatrice-2026")
    log_in(page, "animatrice", "animatrice-2026")

    # 1. A new page under the home page, submitted to moderation.
    page.goto(f"/admin/pages/add/home/contentpage/{live_site.pk}/")
    page.locator("#id_title").fill("Le bureau du réseau")
    page.locator("#id_intro").fill("Qui anime le réseau au quotidien.")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Soumettre à").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    created = ContentPage.objects.get(title="Le bureau du réseau")
    assert not created.live
    assert created.current_workflow_task is not None

    # 2. Reopened and approved: "Approuver et Publier".
    page.goto(f"/admin/pages/{created.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Approuver et Publier").click()
    page.wait_for_load_state("networkidle")
    # Anything the page still sends afterwards (a late autosave, a second click) is given
    # the time to arrive and must change nothing.
    page.wait_for_timeout(2500)

    published = Page.objects.get(pk=created.pk)
    assert published.live, "Approuver et Publier leaves the page live"
    assert not published.has_unpublished_changes
    assert published.current_workflow_task is None
    response = page.goto(published.url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Le bureau du réseau"

    # 3. Leaving a new page form without saving leaves nothing behind.
    count = Page.objects.count()
    page.goto(f"/admin/pages/add/home/contentpage/{live_site.pk}/")
    page.locator("#id_title").fill("Brouillon abandonné")
    page.wait_for_timeout(1500)
    page.goto("/admin/")
    assert Page.objects.count() == count


def test_a_governance_page_with_a_table_through_the_workflow_then_in_english(live_site, page, axe):
    """The editor wrote a page with a table; it goes through moderation, then its English
    translation is made in wagtail-localize's editor, a table cell included."""
    from django.contrib.auth.models import Group

    ensure_staff_groups_and_workflow()
    get_user_model().objects.create_superuser("moderatrice", "moderatrice@example.org", "moderatrice-2026")
    redacteur = get_user_model().objects.create_user("redacteur", "redacteur@example.org", "redacteur-2026")
    redacteur.groups.add(Group.objects.get(name="Rédacteurs"))
    draft = ContentPage(
        title="Calendrier du comité",
        slug="calendrier-du-comite",
        live=False,
        body=[
            (
                "table",
                {
                    "caption": "Réunions prévues",
                    "headings": ["Saison", "Lieu"],
                    "rows": [{"cells": ["Printemps", "Angers"]}, {"cells": ["Automne", "En ligne"]}],
                },
            )
        ],
    )
    live_site.add_child(instance=draft)
    draft.save_revision(user=redacteur)

    # 1. The editor submits it to moderation (an editor cannot publish).
    log_in(page, "redacteur", "redacteur-2026")
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Soumettre à Relecture par les modérateurs").click()
    page.wait_for_load_state("networkidle")
    assert ContentPage.objects.get(pk=draft.pk).current_workflow_task is not None
    page.context.clear_cookies()

    # 2. The moderator approves and publishes.
    log_in(page, "moderatrice", "moderatrice-2026")
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Approuver et Publier").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    published = ContentPage.objects.get(pk=draft.pk)
    assert published.live and not published.has_unpublished_changes

    # 3. Its English translation, a table cell included.
    page.goto(f"/admin/localize/submit/page/{draft.pk}/")
    page.get_by_label("English").check()
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(lambda url: "/localize/submit/" not in url)
    for source, english in [("Calendrier du comité", "Committee calendar"), ("Printemps", "Spring")]:
        segment = page.locator("li", has=page.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name="Traduire").click()
        segment.locator("textarea").fill(english)
        segment.get_by_role("button", name="Enregistrer").click()
        page.wait_for_timeout(800)
    page.get_by_role("button", name=re.compile(r"^Publier (en|dans)")).click()
    page.wait_for_load_state("networkidle")
    english_page = published.get_translation(Locale.objects.get(language_code="en"))
    english_page.refresh_from_db()
    assert english_page.live
    page.goto(english_page.url)
    assert page.locator("h1").inner_text() == "Committee calendar"
    assert page.locator("table td", has_text="Spring").count() == 1
    assert page.locator("table td", has_text="Printemps").count() == 0
    axe(page)
