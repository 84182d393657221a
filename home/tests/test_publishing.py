"""Publishing that publishes: autosave is off, a late background save or a second
"Approve" POST cannot undo a publication, and a background save never creates a page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from home.models import ContentPage

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-2026-chef")
    client.force_login(user)
    return user


@pytest.fixture
def submitted_page(home_page, staff):
    page = ContentPage(title="Notre comité", slug="notre-comite", live=False)
    home_page.add_child(instance=page)
    revision = page.save_revision(user=staff)
    workflow = page.get_workflow()
    assert workflow is not None, "the default moderation workflow covers the site"
    workflow.start(page, staff)
    page.refresh_from_db()
    assert revision and page.current_workflow_task is not None
    return page


def test_autosave_is_off_in_the_page_editor(client, home_page, staff):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk]))
    assert response.status_code == 200
    assert b"data-w-autosave-interval-value" not in response.content
    response = client.get(reverse("wagtailadmin_pages:add", args=["home", "contentpage", home_page.pk]))
    assert response.status_code == 200
    assert b"data-w-autosave-interval-value" not in response.content


def test_a_second_approve_after_publication_changes_nothing(client, submitted_page, staff):
    task = submitted_page.current_workflow_task
    task.on_action(submitted_page.current_workflow_task_state, staff, "approve")
    submitted_page.refresh_from_db()
    assert submitted_page.live
    edit_url = reverse("wagtailadmin_pages:edit", args=[submitted_page.pk])

    # The late duplicate of the click, with the form as it was before publication.
    response = client.post(
        edit_url,
        {
            "title": "Ancien titre",
            "slug": "notre-comite",
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url
    page = Page.objects.get(pk=submitted_page.pk)
    assert page.live and page.title == "Notre comité"
    assert not page.has_unpublished_changes


def test_a_background_save_after_publication_is_refused(client, submitted_page, staff):
    submitted_page.current_workflow_task.on_action(submitted_page.current_workflow_task_state, staff, "approve")
    revisions = submitted_page.revisions.count()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted_page.pk]),
        {"title": "Ancien titre", "slug": "notre-comite"},
        **JSON,
    )
    assert response.status_code == 400
    assert response.json()["success"] is False
    page = Page.objects.get(pk=submitted_page.pk)
    assert page.live and page.title == "Notre comité" and not page.has_unpublished_changes
    assert page.revisions.count() == revisions


def test_a_background_save_of_a_new_page_creates_nothing(client, home_page, staff):
    before = Page.objects.count()
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["home", "contentpage", home_page.pk]),
        {"title": "Brouillon abandonné", "slug": "brouillon-abandonne"},
        **JSON,
    )
    assert response.status_code == 400
    assert Page.objects.count() == before
