"""A commune applies → staff approve it in the Wagtail admin → the representative opens
the invitation from the e-mail and sets a password → edits the profile → the public
profile shows it. Every page visited is scanned with axe."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from members.models import DirectoryPage, Member
from members.reference import load_default_communes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_commune_joins_and_edits_its_profile(live_site, page, axe):
    load_default_communes()
    directory = DirectoryPage(title="Annuaire des membres", slug="annuaire")
    live_site.add_child(instance=directory)
    directory.save_revision().publish()
    cache.clear()
    get_user_model().objects.create_superuser("staff", "staff@example.org", "staff-password-2026")

    # 1. The commune applies from the directory.
    page.goto("/annuaire/")
    axe(page)
    page.get_by_role("link", name="Demander à rejoindre le réseau").click()
    page.wait_for_url("**/annuaire/adherer/")
    page.get_by_role("button", name="Envoyer la demande").click()  # empty: errors first
    assert page.locator("#error-summary").is_visible()
    axe(page)
    page.get_by_label("Commune", exact=True).check()
    page.fill("#id_name", "Trélazé")
    page.fill("#id_insee_code", "49353")
    page.fill("#id_address", "Place de la Mairie\n49800 Trélazé")
    page.fill("#id_contact_name", "Alex Moreau")
    page.fill("#id_contact_role", "Maire")
    page.fill("#id_contact_email", "mairie@trelaze.example")
    page.check("#id_accept_charter")
    page.check("#id_accept_privacy")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url("**/annuaire/adherer/envoyee/")
    axe(page)
    member = Member.objects.get(name="Trélazé")
    assert member.status == "pending"

    # 2. Staff approve it in the Wagtail admin.
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-password-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/members/approve/{member.pk}/")
    axe(page)
    page.get_by_role("button", name="Oui, approuver").click()
    page.wait_for_url("**/admin/members/")
    member.refresh_from_db()
    assert member.status == "approved"
    page.context.clear_cookies()

    # 3. The representative sets a password from the invitation e-mail.
    invitation = next(
        message for message in mail.outbox if message.to == ["mairie@trelaze.example"] and "invitation" in message.body
    )
    path = re.search(r"https?://[^/\s]+(/member-area/invitation/\S+)", invitation.body).group(1)
    page.goto(path)
    axe(page)
    page.fill("#id_new_password1", "Un mot de passe solide 49")
    page.fill("#id_new_password2", "Un mot de passe solide 49")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.wait_for_url("**/member-area/")
    axe(page)

    # 4. They edit the public profile.
    page.get_by_role("link", name="Modifier le profil").first.click()
    page.wait_for_url("**/member-area/profile/")
    axe(page)
    page.fill("#id_description", "Trélazé lance son premier budget participatif.")
    page.get_by_role("button", name="Enregistrer le profil").click()
    page.wait_for_url("**/member-area/")

    # 5. The public profile shows it.
    page.goto("/annuaire/trelaze/")
    assert page.get_by_text("Trélazé lance son premier budget participatif.").is_visible()
    axe(page)
