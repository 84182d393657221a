"""Staff moderate proposals in the Wagtail admin; the dashboard shows those waiting."""

import pytest
from django.core import mail

from roadmap import services
from roadmap.factories import make_member
from roadmap.models import Action, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_proposal(axis):
    proposal = services.propose(
        axis=axis, title="Un budget participatif", description="x", name="Ana", email="ana@example.org"
    )
    services.confirm_proposal(services.make_token(proposal, services.PROPOSAL_SALT))
    mail.outbox.clear()
    return proposal


def test_listing_dashboard_and_accept(client, staff_user, open_proposal):
    client.force_login(staff_user)
    listing = client.get("/admin/snippets/roadmap/proposal/").content.decode()
    assert f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/" in listing
    dashboard = client.get("/admin/").content.decode()
    assert "Un budget participatif" in dashboard
    assert client.get(f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/").status_code == 200
    response = client.post(f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/")
    assert response.status_code == 302
    open_proposal.refresh_from_db()
    assert open_proposal.status == Proposal.Status.ACCEPTED and open_proposal.decided_by == staff_user
    assert Action.objects.filter(title="Un budget participatif").count() == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    # A second accept is refused without a second action (the confirm view says so and goes back).
    assert client.get(f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/").context["allowed"] is False
    assert client.post(f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/").status_code == 302
    assert Action.objects.filter(title="Un budget participatif").count() == 1


def test_decline_needs_a_reason(client, staff_user, open_proposal):
    client.force_login(staff_user)
    url = f"/admin/snippets/roadmap/proposal/decline/{open_proposal.pk}/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422 and refused.context["form"].errors  # the form again, with its error
    open_proposal.refresh_from_db()
    assert open_proposal.status == Proposal.Status.OPEN
    assert client.post(url, {"reason": "Le département le fait déjà."}).status_code == 302
    open_proposal.refresh_from_db()
    assert open_proposal.status == Proposal.Status.DECLINED
    assert open_proposal.decline_reason == "Le département le fait déjà."
    assert mail.outbox[0].to == ["ana@example.org"]


def test_moderation_needs_permission(client, django_user_model, open_proposal):
    url = f"/admin/snippets/roadmap/proposal/accept/{open_proposal.pk}/"
    assert client.post(url).status_code == 302  # to the admin login
    editor = django_user_model.objects.create_user(username="editor", password="x", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.post(url).status_code in (302, 403)
    open_proposal.refresh_from_db()
    assert open_proposal.status == Proposal.Status.OPEN


def test_exports_and_other_listings(client, staff_user, open_proposal, action):
    make_member()
    client.force_login(staff_user)
    for model in ("action", "axis", "proposal", "actionupdate", "commitment", "support"):
        assert client.get(f"/admin/snippets/roadmap/{model}/").status_code == 200, model
    response = client.get("/admin/snippets/roadmap/proposal/?export=csv")
    assert response.status_code == 200
    assert "Un budget participatif" in b"".join(response.streaming_content).decode()
    assert client.get("/admin/snippets/roadmap/action/?status=planned&q=charte").status_code == 200
    assert client.get(f"/admin/snippets/roadmap/action/edit/{action.pk}/").status_code == 200


def test_editors_translate_an_action_with_wagtail_localize(client, staff_user, axis):
    from wagtail.models import Locale

    from roadmap.factories import make_action

    action = make_action(axis, "Créer une boîte à outils")  # the axis is translated, the action not yet
    en = Locale.objects.get(language_code="en")
    client.force_login(staff_user)
    url = f"/admin/localize/submit/snippet/roadmap/action/{action.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [en.pk]})
    assert response.status_code == 302
    translated = Action.objects.get(translation_key=action.translation_key, locale=en)
    assert translated.status == action.status and translated.axis_id == action.axis_id
    # The translation is edited in wagtail-localize's editor; the roadmap keeps one row per action.
    assert client.get(f"/admin/snippets/roadmap/action/edit/{translated.pk}/").status_code == 200
    assert Action.objects.in_default_locale().filter(translation_key=action.translation_key).count() == 1
