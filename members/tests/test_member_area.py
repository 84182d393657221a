import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from wagtail.models import ModelLogEntry

from members import services
from members.models import Member, Representative

from .factories import make_member, make_representative

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-2026"


def invitation_path(message):
    return re.search(r"https?://[^/\s]+(/[^\s\"<]*member-area/invitation/[^\s\"<]+)", message.body).group(1)


@pytest.fixture
def angers(communes):
    return make_member(name="Angers", description="Ville d'Angers", contact_email="a@angers.example")


@pytest.fixture
def cholet(communes):
    return make_member(name="Cholet", description="Ville de Cholet", contact_email="c@cholet.example")


@pytest.fixture
def rep(client, angers):
    user = make_representative(angers)
    client.force_login(user)
    return user


# --- Invitation links ---------------------------------------------------------------------


def approve_and_get_link(communes):
    pending = make_member(name="Trélazé", status="pending", contact_email="mairie@trelaze.example")
    services.approve(pending)
    return pending, invitation_path(mail.outbox[-1])


def test_invitation_sets_the_password_logs_in_and_is_single_use(client, communes):
    member, path = approve_and_get_link(communes)
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "Un mot de passe solide 49", "new_password2": "Un mot de passe solide 49"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/member-area/"
    dashboard = client.get("/member-area/")
    assert dashboard.status_code == 200
    assert "Trélazé" in dashboard.content.decode()
    client.logout()
    reused = client.get(path)
    assert reused.status_code == 400
    assert reused.context["reason"] == "used"
    assert (
        client.post(
            path, {"new_password1": "Autre mot de passe 49", "new_password2": "Autre mot de passe 49"}
        ).status_code
        == 400
    )
    assert client.login(username="mairie@trelaze.example", password="Un mot de passe solide 49")


def test_invitation_password_errors_are_shown(client, communes):
    _member, path = approve_and_get_link(communes)
    response = client.post(path, {"new_password1": "court", "new_password2": "different"})
    assert response.status_code == 422
    assert response.context["form"].errors
    user = get_user_model().objects.get(email="mairie@trelaze.example")
    assert not user.has_usable_password()


def test_expired_invitation(client, communes, monkeypatch):
    _member, path = approve_and_get_link(communes)
    monkeypatch.setattr(services, "INVITATION_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 400
    assert response.context["reason"] == "expired"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ:1x:forged"])
def test_tampered_invitation(client, communes, token):
    response = client.get(f"/member-area/invitation/{token}/")
    assert response.status_code == 400
    assert response.context["reason"] == "invalid"


def test_forged_payload_for_another_user_is_refused(client, communes):
    member, _path = approve_and_get_link(communes)
    user = member.representatives.get().user
    forged = signing.dumps({"u": user.pk, "s": "0" * 20}, salt="another-salt")
    assert client.get(f"/member-area/invitation/{forged}/").status_code == 400


def test_invitation_in_english(client, communes):
    pending = make_member(name="Trélazé", status="pending", contact_email="m@t.example", language="en")
    services.approve(pending)
    path = invitation_path(mail.outbox[-1])
    assert path.startswith("/en/")
    response = client.get(path)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


# --- Login, logout, password reset --------------------------------------------------------


def test_member_area_requires_login(client, angers):
    response = client.get("/member-area/")
    assert response.status_code == 302
    assert response["Location"].startswith("/member-area/login/")


def test_login_and_logout(client, angers):
    make_representative(angers, username="camille")
    assert client.get("/member-area/login/").status_code == 200
    response = client.post("/member-area/login/", {"username": "camille", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/member-area/"
    assert client.post("/member-area/logout/").status_code == 302
    assert client.get("/member-area/").status_code == 302
    bad = client.post("/member-area/login/", {"username": "camille", "password": "wrong"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_password_reset_sends_a_working_link(client, angers):
    user = make_representative(angers, username="camille")
    response = client.post("/member-area/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    path = re.search(r"(/member-area/password-reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body).group(1)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": "Nouveau mot de passe 49", "new_password2": "Nouveau mot de passe 49"}
    )
    assert response.status_code == 302
    assert client.login(username="camille", password="Nouveau mot de passe 49")


def test_non_representative_gets_403(client, db):
    user = get_user_model().objects.create_user("visitor", "v@example.org", PASSWORD)
    client.force_login(user)
    assert client.get("/member-area/").status_code == 403


def test_representative_of_a_withdrawn_member_loses_access(client, angers, rep):
    services.withdraw(angers)
    assert client.get("/member-area/").status_code == 403
    assert client.get("/member-area/profile/").status_code == 403


# --- Profile edit and re-moderation -------------------------------------------------------


def profile_data(m, **overrides):
    member = m
    data = {
        "kind": member.kind,
        "name": member.name,
        "insee_code": member.insee_code,
        "siren": member.siren,
        "rna": member.rna,
        "seat_commune": member.seat_commune_id or "",
        "address": member.address,
        "website": member.website,
        "description": member.description,
        "public_email": member.public_email,
        "contact_name": member.contact_name,
        "contact_role": member.contact_role,
        "contact_email": member.contact_email,
        "contact_phone": member.contact_phone,
    }
    data.update(overrides)
    return data


def test_profile_edit_publishes_descriptive_changes_at_once(client, angers, rep, directory):
    response = client.post("/member-area/profile/", profile_data(angers, description="Une nouvelle présentation"))
    assert response.status_code == 302
    angers.refresh_from_db()
    assert angers.description == "Une nouvelle présentation"
    assert angers.pending_changes == {}
    assert not mail.outbox
    assert "Une nouvelle présentation" in client.get("/annuaire/angers/").content.decode()


def test_identity_changes_go_back_to_moderation(client, angers, rep, directory, django_user_model):
    django_user_model.objects.create_superuser("staff", "staff@example.org", "staff-password-2026")
    response = client.post(
        "/member-area/profile/", profile_data(angers, name="Ville d'Angers", insee_code="49007", description="Nouveau")
    )
    # "Ville d'Angers" does not match the INSEE code's name: refused at field level.
    assert response.status_code == 422
    assert "insee_code" in response.context["form"].errors
    response = client.post(
        "/member-area/profile/",
        profile_data(angers, kind="association", name="Angers Citoyenne", insee_code="", rna="W491234567",
                     seat_commune=angers.seat_commune_id, description="Nouveau"),
    )  # fmt: skip
    assert response.status_code == 302
    angers.refresh_from_db()
    assert angers.name == "Angers" and angers.kind == "commune"
    assert angers.description == "Nouveau"
    assert angers.pending_changes == {
        "kind": "association", "name": "Angers Citoyenne", "insee_code": "", "rna": "W491234567"
    }  # fmt: skip
    from home.emails import staff_recipients

    assert mail.outbox[-1].to == staff_recipients()
    public = client.get("/annuaire/angers/").content.decode()
    assert "Angers Citoyenne" not in public
    # The form shows the values waiting for moderation.
    assert "Angers Citoyenne" in client.get("/member-area/profile/").content.decode()
    services.apply_identity_change(angers)
    angers.refresh_from_db()
    assert angers.name == "Angers Citoyenne" and angers.kind == "association" and angers.pending_changes == {}
    assert mail.outbox[-1].to == [rep.email]


def test_admin_can_decline_identity_changes(client, angers, rep, django_user_model):
    services.request_identity_change(angers, {"name": "Autre nom"})
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "staff-password-2026")
    client.force_login(staff)
    response = client.post(f"/admin/members/discard-changes/{angers.pk}/", {"reason": "Nom non officiel"})
    assert response.status_code == 302
    angers.refresh_from_db()
    assert angers.name == "Angers" and angers.pending_changes == {}
    assert "Nom non officiel" in mail.outbox[-1].body


def test_profile_edit_errors_keep_the_input(client, angers, rep):
    response = client.post(
        "/member-area/profile/", profile_data(angers, website="not a url", description="Texte gardé")
    )
    assert response.status_code == 422
    assert "website" in response.context["form"].errors
    assert "Texte gardé" in response.content.decode()
    angers.refresh_from_db()
    assert angers.description == "Ville d'Angers"


def test_identity_change_to_a_duplicate_is_refused(client, angers, cholet, rep):
    response = client.post("/member-area/profile/", profile_data(angers, name="Cholet", insee_code="49099"))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    angers.refresh_from_db()
    assert angers.pending_changes == {}


# --- Invite a colleague -------------------------------------------------------------------


def test_invite_a_colleague(client, angers, rep):
    response = client.post("/member-area/invite/", {"name": "Sam Bernard", "email": "Sam@Angers.example"})
    assert response.status_code == 302
    colleague = Representative.objects.get(user__email="sam@angers.example")
    assert colleague.member == angers
    assert mail.outbox[-1].to == ["sam@angers.example"]
    path = invitation_path(mail.outbox[-1])
    client.logout()
    response = client.post(path, {"new_password1": "Mot de passe de Sam 49", "new_password2": "Mot de passe de Sam 49"})
    assert response.status_code == 302
    assert "Angers" in client.get("/member-area/").content.decode()


def test_invite_an_existing_account_is_refused(client, angers, cholet, rep):
    other = make_representative(cholet)
    response = client.post("/member-area/invite/", {"name": "X", "email": other.email})
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert Representative.objects.get(user=other).member == cholet
    assert not mail.outbox


# --- Isolation: another structure's data can never be reached ------------------------------


MEMBER_AREA_GET_URLS = ["/member-area/", "/member-area/profile/", "/member-area/invite/"]


@pytest.mark.parametrize("url", MEMBER_AREA_GET_URLS)
def test_member_area_pages_only_show_the_own_structure(client, angers, cholet, rep, url):
    for query in ("", f"?member={cholet.pk}", f"?id={cholet.pk}", f"?pk={cholet.pk}", f"?slug={cholet.slug}"):
        response = client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ville de Cholet" not in html
        assert "c@cholet.example" not in html


@pytest.mark.parametrize("url", ["/member-area/{pk}/", "/member-area/profile/{pk}/", "/member-area/{slug}/profile/"])
def test_urls_with_another_structures_id_do_not_exist(client, cholet, rep, url):
    assert client.get(url.format(pk=cholet.pk, slug=cholet.slug)).status_code == 404


def test_profile_form_ignores_another_structures_id(client, angers, cholet, rep):
    before = Member.objects.values().get(pk=cholet.pk)
    data = profile_data(angers, description="Modifié", member=cholet.pk, id=cholet.pk, pk=cholet.pk, slug=cholet.slug)
    response = client.post(f"/member-area/profile/?member={cholet.pk}", data)
    assert response.status_code == 302
    assert Member.objects.values().get(pk=cholet.pk) == before
    angers.refresh_from_db()
    assert angers.description == "Modifié"


def test_invite_form_ignores_another_structures_id(client, angers, cholet, rep):
    client.post(
        f"/member-area/invite/?member={cholet.pk}", {"name": "X", "email": "x@example.org", "member": cholet.pk}
    )
    assert Representative.objects.get(user__email="x@example.org").member == angers
    assert cholet.representatives.count() == 0


def test_representative_of_another_structure_cannot_use_the_invitation_of_this_one(client, angers, cholet, communes):
    # A representative of Cholet opening Angers' invitation link: it sets the Angers user's
    # password only, never attaches Cholet's user to Angers.
    cholet_user = make_representative(cholet)
    client.force_login(cholet_user)
    pending, path = approve_and_get_link(communes)
    client.post(path, {"new_password1": "Un mot de passe solide 49", "new_password2": "Un mot de passe solide 49"})
    assert Representative.objects.get(user=cholet_user).member == cholet


def test_dashboard_renders_sections_from_other_apps(client, angers, rep):
    from wagtail import hooks

    def section(request, member):
        return [("members/home_join_section.html", {"apply_url": f"/area-section-{member.slug}/"})]

    with hooks.register_temporarily("register_member_area_sections", section):
        response = client.get("/member-area/")
    assert "/area-section-angers/" in response.content.decode()


def test_expired_invitation_can_be_replaced_by_a_password_reset(client, communes):
    member, _path = approve_and_get_link(communes)
    user = member.representatives.get().user
    assert not user.has_usable_password()
    response = client.post("/member-area/password-reset/", {"email": "mairie@trelaze.example"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["mairie@trelaze.example"]
    assert "/member-area/password-reset/" in mail.outbox[-1].body


def test_password_reset_for_an_unknown_address_sends_nothing(client, db):
    assert client.post("/member-area/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    assert not mail.outbox


def png_upload(name="logo.png", size=(40, 40)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_representative_uploads_a_logo(client, angers, rep, directory):
    data = profile_data(angers)
    data["logo_upload"] = png_upload()
    response = client.post("/member-area/profile/", data)
    assert response.status_code == 302
    angers.refresh_from_db()
    assert angers.logo is not None
    assert "<img" in client.get("/annuaire/angers/").content.decode()


def test_logo_upload_refuses_a_non_image(client, angers, rep):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = profile_data(angers, description="Changed")
    data["logo_upload"] = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post("/member-area/profile/", data)
    assert response.status_code == 422
    assert "logo_upload" in response.context["form"].errors
    angers.refresh_from_db()
    assert angers.logo is None and angers.description == "Ville d'Angers"


def test_login_attempts_are_rate_limited(client, angers):
    make_representative(angers, username="camille")
    for _ in range(10):
        assert client.post("/member-area/login/", {"username": "camille", "password": "wrong"}).status_code == 200
    response = client.post("/member-area/login/", {"username": "camille", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# --- Leaving the network ------------------------------------------------------------------


def test_a_representative_withdraws_their_structure_after_confirming(client, angers, cholet, rep, settings):
    from home.models import NetworkSettings

    NetworkSettings.objects.update_or_create(site_id=1, defaults={"staff_email": "equipe@reseau.example"})
    assert b"/member-area/leave/" in client.get("/member-area/").content
    assert client.get("/member-area/leave/").status_code == 200
    # Without the confirmation box: a field error, nothing changes.
    response = client.post("/member-area/leave/", {"reason": "Fusion de communes"})
    assert response.status_code == 422 and "confirm" in response.context["form"].errors
    angers.refresh_from_db()
    assert angers.status == Member.Status.APPROVED
    mail.outbox.clear()
    response = client.post("/member-area/leave/", {"reason": "Fusion de communes", "confirm": "on"})
    assert response.status_code == 302
    angers.refresh_from_db()
    cholet.refresh_from_db()
    assert angers.status == Member.Status.WITHDRAWN and cholet.status == Member.Status.APPROVED
    entry = ModelLogEntry.objects.for_instance(angers).first()
    assert (entry.action, entry.data["reason"], entry.user) == ("members.leave", "Fusion de communes", rep)
    assert [m.to for m in mail.outbox] == [["equipe@reseau.example"]]
    assert "Angers" in mail.outbox[0].subject and "Fusion de communes" in mail.outbox[0].body
    assert client.get("/member-area/").status_code == 403
    assert client.get("/annuaire/angers/").status_code == 404


def test_leaving_needs_a_representative_of_an_approved_structure(client, angers):
    assert client.get("/member-area/leave/").status_code == 302  # to the login page
    user = get_user_model().objects.create_user("visitor", "v@example.org", PASSWORD)
    client.force_login(user)
    assert client.post("/member-area/leave/", {"confirm": "on"}).status_code == 403
    angers.refresh_from_db()
    assert angers.status == Member.Status.APPROVED


def test_leaving_in_english(client, angers, rep):
    response = client.get("/en/member-area/leave/")
    assert response.status_code == 200
    assert b'lang="en"' in response.content
    response = client.post("/en/member-area/leave/", {"reason": "x" * 3000, "confirm": "on"})
    assert response.status_code == 422 and "reason" in response.context["form"].errors
    angers.refresh_from_db()
    assert angers.status == Member.Status.APPROVED
