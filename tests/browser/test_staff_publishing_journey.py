"""A member of staff who has never used Wagtail writes a governance page in the French
admin, submits it to moderation, reopens it and clicks "Approuver et Publier": the page
is live and its public address answers — every time (autosave is off, a late POST is
refused; see home/wagtail_hooks.py)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from home.models import ContentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def test_submit_then_approve_and_publish_makes_the_page_live(live_demo_site, page):
    get_user_model().objects.create_superuser("animatrice", "animatrice@example.org", "animatrice-2026")
    log_in(page, "animatrice", "animatrice-2026")

    # 1. A new page under the home page, submitted to moderation.
    page.goto(f"/admin/pages/add/home/contentpage/{live_demo_site.pk}/")
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
    page.goto(f"/admin/pages/add/home/contentpage/{live_demo_site.pk}/")
    page.locator("#id_title").fill("Brouillon abandonné")
    page.wait_for_timeout(1500)
    page.goto("/admin/")
    assert Page.objects.count() == count
