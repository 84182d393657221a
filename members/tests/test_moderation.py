import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from home.tests.factories import make_themes
from members import services
from members.models import Member, Representative

from .factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("staff", "staff@example.org", "staff-password-2026")


@pytest.fixture
def pending(communes):
    return make_member(
        name="Trélazé", status="pending", contact_email="mairie@trelaze.example", contact_name="Alex Moreau"
    )


def test_approve_records_history_and_invites_the_contact(pending, staff):
    services.approve(pending, by=staff)
    pending.refresh_from_db()
    assert pending.status == "approved"
    entry = ModelLogEntry.objects.for_instance(pending).get(action="members.approve")
    assert entry.user == staff
    assert entry.data == {"from_status": "pending", "to_status": "approved"}
    representative = Representative.objects.get(member=pending)
    assert representative.user.email == "mairie@trelaze.example"
    assert not representative.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mairie@trelaze.example"]
    assert "/member-area/invitation/" in mail.outbox[0].body


def test_approve_in_the_applicants_language(pending, staff):
    pending.language = "en"
    pending.save()
    services.approve(pending, by=staff)
    assert "Welcome to the network" in mail.outbox[0].subject
    assert "/en/member-area/invitation/" in mail.outbox[0].body


def test_reject_needs_a_reason_and_emails_it(pending, staff):
    with pytest.raises(services.ModerationError):
        services.reject(pending, reason="  ", by=staff)
    services.reject(pending, reason="Hors du département", by=staff)
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.rejection_reason == "Hors du département"
    assert "Hors du département" in mail.outbox[0].body
    entry = ModelLogEntry.objects.for_instance(pending).get(action="members.reject")
    assert entry.user == staff and entry.data["reason"] == "Hors du département"


def test_status_rules(pending, staff):
    with pytest.raises(services.ModerationError):
        services.withdraw(pending, by=staff)
    services.approve(pending, by=staff)
    with pytest.raises(services.ModerationError):
        services.approve(pending, by=staff)
    with pytest.raises(services.ModerationError):
        services.reject(pending, reason="non", by=staff)
    services.withdraw(pending, by=staff)
    pending.refresh_from_db()
    assert pending.status == "withdrawn"


def test_admin_approve_confirm_view(client, pending, staff):
    client.force_login(staff)
    url = f"/admin/members/approve/{pending.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert pending.contact_email in response.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved"
    assert mail.outbox[-1].to == [pending.contact_email]


def test_admin_reject_confirm_view_requires_a_reason(client, pending, staff):
    client.force_login(staff)
    url = f"/admin/members/reject/{pending.pk}/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422  # the form again, with the message on the reason
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not mail.outbox
    response = client.post(url, {"reason": "Doublon d'une autre demande"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert "Doublon" in mail.outbox[0].body


def test_admin_actions_refused_in_the_wrong_status(client, pending, staff):
    client.force_login(staff)
    services.reject(pending, reason="non", by=staff)
    client.post(f"/admin/members/withdraw/{pending.pk}/")
    pending.refresh_from_db()
    assert pending.status == "rejected"


def test_a_refusal_of_the_service_is_shown_on_the_confirm_page(client, pending, staff, monkeypatch):
    """The moderation views are the admin's one confirm view: a rule that refuses at the last
    moment (another moderator was quicker) is shown on the form, answered 422, never a 500."""

    def refuse(member, **kwargs):
        raise services.ModerationError("Cette demande est déjà traitée.", code="status")

    monkeypatch.setattr(services, "approve", refuse)
    client.force_login(staff)
    response = client.post(f"/admin/members/approve/{pending.pk}/")
    assert response.status_code == 422
    assert "Cette demande est déjà traitée." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending" and not mail.outbox


def test_admin_moderation_needs_the_change_permission(client, pending):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "editor-password-2026")
    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(editor)
    assert client.post(f"/admin/members/approve/{pending.pk}/").status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == "pending"
    moderator = get_user_model().objects.create_user("moderator", "moderator@example.org", "moderator-pass-2026")
    moderator.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(moderator)
    assert client.get("/admin/members/").status_code == 200
    assert client.post(f"/admin/members/approve/{pending.pk}/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved"


def test_admin_listing_filters_search_and_export(client, communes, pending, staff):
    make_member(name="Angers")
    make_member(name="Les Amis", kind="association", rna="W491234567", seat_commune=communes["49007"])
    client.force_login(staff)
    response = client.get("/admin/members/", {"status": "pending"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trélazé" in html and "Les Amis" not in html
    assert f"/admin/members/approve/{pending.pk}/" in html
    response = client.get("/admin/members/", {"kind": "association"})
    assert "Les Amis" in response.content.decode() and "Trélazé" not in response.content.decode()
    response = client.get("/admin/members/", {"q": "Amis"})
    assert "Les Amis" in response.content.decode()
    response = client.get("/admin/members/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Trélazé" in content and "mairie@trelaze.example" in content


def test_admin_theme_filter(client, communes, staff):

    theme = make_themes()["budget-participatif"]
    tagged = make_member(name="Angers")
    tagged.themes.add(theme)
    make_member(name="Cholet")
    client.force_login(staff)
    html = client.get("/admin/members/", {"theme": theme.pk}).content.decode()
    assert "Angers" in html and "Cholet" not in html


def test_dashboard_panel_lists_pending_applications(client, pending, staff):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert "pending-member-applications" in html
    assert "Trélazé" in html


def test_dashboard_panel_hidden_without_permission(client, pending):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "editor-password-2026")
    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "pending-member-applications" not in html


def test_groups_have_permissions_on_members(db):
    moderators = Group.objects.get(name="Modérateurs")
    editors = Group.objects.get(name="Rédacteurs")
    assert moderators.permissions.filter(codename="change_member").exists()
    assert editors.permissions.filter(codename="view_member").exists()
    assert not editors.permissions.filter(codename="change_member").exists()


def test_load_communes_is_idempotent(db):
    from django.core.management import call_command

    from members.models import Commune

    call_command("load_communes")
    count = Commune.objects.count()
    assert count > 150
    call_command("load_communes")
    assert Commune.objects.count() == count
    angers = Commune.objects.get(insee_code="49007")
    assert angers.name == "Angers" and "49000" in angers.postal_codes
    assert angers.contour and angers.town_hall_latitude
    assert angers.intercommunality


def test_awaiting_moderation_includes_identity_changes(communes):
    approved = make_member(name="Angers")
    make_member(name="Cholet")
    pending = make_member(name="Saumur", status="pending")
    assert set(Member.objects.awaiting_moderation()) == {pending}
    services.request_identity_change(approved, {"name": "Angers Ville"})
    assert set(Member.objects.awaiting_moderation()) == {pending, approved}


def test_export_leaves_out_the_private_contact_for_staff_who_do_not_moderate(client, pending):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "editor-password-2026")
    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(editor)
    response = client.get("/admin/members/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Trélazé" in content
    assert "mairie@trelaze.example" not in content and "Alex Moreau" not in content


def test_admin_resends_invitations_to_representatives_without_a_password(client, pending, staff):
    services.approve(pending, by=staff)
    first_link = mail.outbox[-1].body
    client.force_login(staff)
    response = client.post(f"/admin/members/resend-invitations/{pending.pk}/")
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["mairie@trelaze.example"]
    assert "/member-area/invitation/" in mail.outbox[-1].body
    assert mail.outbox[-1].body != first_link
    user = pending.representatives.get().user
    user.set_password("Un mot de passe solide 49")
    user.save()
    pending.refresh_from_db()
    assert services.resend_invitations(pending) == 0


def test_the_members_admin_history_shows_each_decision_and_who_took_it(pending, staff, client):
    staff.first_name, staff.last_name = "Dominique", "Leroy"
    staff.save()
    services.approve(pending, by=staff)
    services.withdraw(pending, by=staff, note="Fusion de communes")
    client.force_login(staff)
    response = client.get(reverse("members_member:history", args=[pending.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Approuvé" in html or "Approved" in html
    assert "Fusion de communes" in html
    assert html.count("Dominique Leroy") >= 2
    # The confirm views show the last entries too.
    response = client.get(reverse("members_member:withdraw", args=[pending.pk]))
    assert "Fusion de communes" in response.content.decode()
