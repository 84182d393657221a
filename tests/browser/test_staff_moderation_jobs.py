"""Two staff jobs of issue 11's "Done when", done in the French admin by a member of the
"Modérateurs" group (not a superuser), starting where a newcomer would: approve a member
from the dashboard, accept a resident's proposal into a roadmap action from the list of
proposals."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from members.models import Member
from roadmap.factories import make_axis, make_roadmap_page
from roadmap.models import Action, Proposal

from .staff_setup import ensure_staff_groups_and_workflow
from .test_staff_publishing_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MODERATION = {
    "members": ["view_member", "change_member"],
    "roadmap": ["view_proposal", "change_proposal", "view_action", "add_action", "change_action", "view_axis"],
}


def moderator():
    """A moderator, with the permissions migration home 0005 gives the group (the test
    database of browser tests is flushed between tests, so they are given again)."""
    ensure_staff_groups_and_workflow()
    group = Group.objects.get(name="Modérateurs")
    for app_label, codenames in MODERATION.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    user = get_user_model().objects.create_user("moderatrice", "moderatrice@example.org", "moderatrice-2026")
    user.groups.add(group)
    return user


def test_a_moderator_approves_a_member_from_the_dashboard(live_site, page, axe):
    member = Member.objects.create(
        kind=Member.Kind.COMMUNE,
        name="Trélazé",
        slug="trelaze",
        status=Member.Status.PENDING,
        contact_name="Nadia Benali",
        contact_email="mairie@trelaze.example",
    )
    moderator()
    mail.outbox.clear()
    log_in(page, "moderatrice", "moderatrice-2026")

    # The dashboard lists the application waiting, with its buttons.
    axe(page)
    row = page.locator("tr", has_text="Trélazé")
    row.get_by_role("link", name="Approuver").click()
    page.get_by_role("button", name="Oui, approuver").wait_for()
    axe(page)
    page.get_by_role("button", name="Oui, approuver").click()
    page.wait_for_url("**/admin/members/")
    member.refresh_from_db()
    assert member.status == Member.Status.APPROVED
    assert page.get_by_text("Trélazé").first.is_visible()
    assert [message.to for message in mail.outbox if "mairie@trelaze.example" in message.to]


def test_a_moderator_accepts_a_proposal_into_an_action(live_site, page, axe):
    make_roadmap_page(live_site)
    axis = make_axis("Mobiliser les habitants")
    proposal = Proposal.objects.create(
        axis=axis,
        title="Un conseil des jeunes",
        description="Pour que les 12-18 ans donnent leur avis sur les projets de la commune.",
        name="Paul Martin",
        email="paul@example.org",
        status=Proposal.Status.OPEN,
        confirmed_at=timezone.now(),
    )
    moderator()
    log_in(page, "moderatrice", "moderatrice-2026")

    page.goto("/admin/snippets/roadmap/proposal/")
    axe(page)
    page.get_by_role("button", name="Plus d’options pour « Un conseil des jeunes »").click()
    page.get_by_role("link", name="Accepter « Un conseil des jeunes »").click()
    page.get_by_role("button", name="Oui, accepter").wait_for()
    axe(page)
    page.get_by_role("button", name="Oui, accepter").click()
    page.wait_for_url("**/admin/snippets/roadmap/action/edit/**")
    proposal.refresh_from_db()
    action = Action.objects.get(title="Un conseil des jeunes")
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.action == action
    assert action.axis == axis and action.status == Action.Status.PROPOSED
    # The action's form opens, in French, to carry on.
    assert page.locator("#id_title").input_value() == "Un conseil des jeunes"
