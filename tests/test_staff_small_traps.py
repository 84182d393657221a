"""Item 7 of issue 11: the wording and small traps staff met in the French admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from home.models import MinutesPage, NetworkSettings
from members import services as member_services
from members.models import Member, Representative
from roadmap.factories import make_axis
from roadmap.models import ActionUpdate, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(user)
    return user


def test_third_party_strings_read_right_in_french():
    with translation.override("fr"):
        assert translation.gettext("Locales") == "Langues"  # wagtail-localize said "Régions"
        assert translation.gettext("Locale") == "Langue"


def test_the_french_admin_loads_the_fix_for_wagtail_localize_titles(client, staff, home_page):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "js/admin-french.js" in html


def test_minutes_form_names_the_governing_body(home_page):
    with translation.override("fr"):
        label = str(MinutesPage._meta.get_field("body").verbose_name)
    assert label.lower() != "contenu" and "instance" in label.lower()


def test_update_form_has_no_ignored_fields(client, staff, home_page):
    html = client.get(reverse("wagtailsnippets_roadmap_actionupdate:add")).content.decode()
    assert 'name="previous_status"' not in html and 'name="author"' not in html
    assert 'name="text"' in html and 'name="progress"' in html
    assert {"previous_status", "author"}.isdisjoint(
        panel.field_name for panel in ActionUpdate.panels if hasattr(panel, "field_name")
    )


def test_rejection_email_can_be_answered(home_page):
    settings = NetworkSettings.for_site(home_page.get_site())
    settings.staff_email = "animation@example.org"
    settings.save()
    member = Member.objects.create(
        kind=Member.Kind.ASSOCIATION, name="Asso", slug="asso", contact_email="asso@example.org"
    )
    mail.outbox.clear()
    member_services.reject(member, reason="Hors du département.")
    message = next(m for m in mail.outbox if m.to == ["asso@example.org"])
    assert message.message()["Reply-To"] == "animation@example.org"  # the outbox sends it as a header


def test_declining_a_proposal_without_address_does_not_claim_it_was_sent(client, staff, home_page):
    axis = make_axis("Gouvernance")
    proposal = Proposal.objects.create(
        axis=axis, title="Sans adresse", description="…", status=Proposal.Status.OPEN, confirmed_at=timezone.now()
    )
    response = client.post(
        reverse("wagtailsnippets_roadmap_proposal:decline", args=[proposal.pk]), {"reason": "Déjà prévu."}, follow=True
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "e-mail" in text.lower() or "adresse" in text.lower()
    assert "envoyé" not in text.lower()


def test_representatives_are_not_listed_among_staff_users(client, staff, home_page):
    User = get_user_model()
    member = Member.objects.create(kind=Member.Kind.COMMUNE, name="Brissac", slug="brissac")
    rep = User.objects.create_user("rep-brissac", "maire@brissac.example", "pw")
    Representative.objects.create(user=rep, member=member)
    editor = User.objects.create_user("redactrice", "r@example.org", "pw")
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "redactrice" in html and "chef" in html
    assert "rep-brissac" not in html


def test_listings_say_oui_non_not_true_false(client, staff, home_page):
    from workshops.factories import agenda, make_event
    from workshops.models import Registration

    event = make_event(agenda(home_page), title="Journée de Baugé", kind="citizen_day")
    Registration.objects.create(event=event, name="Nina", email="nina@example.org", status="confirmed")
    html = client.get(reverse("wagtailsnippets_workshops_registration:list")).content.decode()
    assert ">non<" in html.replace(" ", "").replace("\n", "") or "non</td>" in html
    assert ">False<" not in html.replace(" ", "").replace("\n", "")


def test_member_inspect_page_leaves_empty_values_out(client, staff, home_page):
    """No "Logo None" and no "{}" (an empty pending change) on the member's inspect page."""
    import re

    member = Member.objects.create(
        kind=Member.Kind.ASSOCIATION, name="Les Voisins", slug="voisins", status=Member.Status.APPROVED
    )
    assert member.logo is None and not member.pending_changes
    html = client.get(reverse("members_member:inspect", args=[member.pk])).content.decode()
    assert "Les Voisins" in html
    values = re.findall(r"<dd[^>]*>(.*?)</dd>", html, flags=re.S)
    assert values
    assert not [value for value in values if value.strip() in ("None", "{}", "[]")]
    assert "Logo" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
