import io

import pytest
from django.utils import translation

from members import demo
from members.models import DirectoryPage, Member, Representative

pytestmark = pytest.mark.django_db


def test_demo_loads_members_directory_and_representative_once(client, demo_site, settings):
    settings.DEBUG = True
    out = io.StringIO()
    demo.load(out)
    assert 38 <= Member.objects.approved().count() <= 45
    assert Member.objects.pending().count() == 5
    assert Member.objects.approved().filter(kind="association").count() >= 8
    representative = Representative.objects.select_related("user", "member").get(user__username="representant")
    assert representative.member.is_approved
    assert "representant" in out.getvalue()
    assert DirectoryPage.objects.live().filter(locale__language_code="en").exists()
    demo.load(io.StringIO())
    assert Member.objects.count() == 45
    # Every demo commune is a real commune of the reference data, matching its name.
    for member in Member.objects.filter(kind="commune").select_related("seat_commune"):
        assert member.seat_commune.name == member.name
    with translation.override("en"):
        assert Member.objects.approved().first().get_absolute_url().startswith("/en/directory/")
    assert client.get("/en/directory/").status_code == 200
    assert client.login(username="representant", password=demo.DEMO_REPRESENTATIVE["password"])
    assert client.get("/member-area/").status_code == 200


def test_demo_never_creates_accounts_when_debug_is_off(demo_site, settings, django_user_model):
    from django.core.management import call_command

    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert not django_user_model.objects.filter(username__in=["representant", "admin"]).exists()
    assert not Representative.objects.exists()
    assert "DEBUG is off" in out.getvalue()


def test_admin_edit_form_renders(client, demo_site, django_user_model):
    demo.load()
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "staff-password-2026")
    client.force_login(staff)
    member = Member.objects.approved().first()
    assert client.get(f"/admin/members/edit/{member.pk}/").status_code == 200
    assert client.get(f"/admin/members/inspect/{member.pk}/").status_code == 200
    assert client.get("/admin/members/communes/").status_code == 200


def test_admin_edit_applies_the_identity_rules(client, demo_site, django_user_model):
    from django.forms.models import model_to_dict

    demo.load()
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "staff-password-2026")
    client.force_login(staff)
    member = Member.objects.filter(kind="commune", status="approved").select_related("seat_commune").first()
    url = f"/admin/members/edit/{member.pk}/"
    data = {key: value for key, value in model_to_dict(member).items() if value is not None}
    data["themes"] = [theme.pk for theme in member.themes.all()]
    data.pop("logo", None)
    # A commune's INSEE code that is not the code of its name is refused, field by field.
    other = Member.objects.exclude(pk=member.pk).filter(kind="commune").first()
    response = client.post(url, {**data, "insee_code": other.insee_code})
    assert response.status_code == 200
    assert "insee_code" in response.context["form"].errors
    member.refresh_from_db()
    assert member.insee_code != other.insee_code
    # The right code is accepted and sets the seat.
    response = client.post(url, {**data, "description": "Nouvelle description"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    member.refresh_from_db()
    assert member.description == "Nouvelle description" and member.seat_commune.insee_code == member.insee_code
