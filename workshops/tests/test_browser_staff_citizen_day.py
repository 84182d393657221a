"""Staff, in the French admin, create a citizen day with two activities and publish it,
export its registrations for Excel (CSV with BOM and semicolons, the activity of each
person), then e-mail all participants after seeing how many will receive it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from workshops.factories import agenda
from workshops.models import EventPage
from workshops.services import register_for_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_create_a_citizen_day_export_for_excel_and_email_participants(live_site, page, axe):
    index = agenda(live_site)
    get_user_model().objects.create_superuser("animatrice", "animatrice@example.org", "animatrice-2026")
    page.goto("/admin/login/")
    page.fill("#id_username", "animatrice")
    page.fill("#id_password", "animatrice-2026")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")

    # 1. A citizen day with two activities.
    page.goto(f"/admin/pages/add/workshops/eventpage/{index.pk}/")
    # Dates are typed; the date pickers would only get in the way of the next clicks.
    page.add_style_tag(content=".xdsoft_datetimepicker { display: none !important; }")
    page.fill("#id_title", "Journée citoyenne de Montreuil-Bellay")
    page.select_option("#id_kind", "citizen_day")
    page.fill("#id_intro", "Une journée pour embellir la commune ensemble.")
    page.fill("#id_start", "2027-05-15 09:00")
    page.fill("#id_end", "2027-05-15 17:00")
    page.keyboard.press("Escape")
    page.fill("#id_place_name", "Place de la mairie")
    for number, (title, seats, start, end) in enumerate(
        [("Chantier des remparts", "12", "09:00", "12:00"), ("Atelier peinture", "8", "14:00", "17:00")]
    ):
        page.keyboard.press("Escape")  # closes a date picker left open
        page.locator("#id_activities-ADD").evaluate("button => button.click()")
        page.locator(f"#id_activities-{number}-title").wait_for()
        page.fill(f"#id_activities-{number}-title", title)
        page.fill(f"#id_activities-{number}-capacity", seats)
        page.fill(f"#id_activities-{number}-start", f"2027-05-15 {start}")
        page.fill(f"#id_activities-{number}-end", f"2027-05-15 {end}")
    page.keyboard.press("Escape")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    event = EventPage.objects.get(title="Journée citoyenne de Montreuil-Bellay")
    assert event.live
    remparts, peinture = event.activities.order_by("sort_order", "pk")
    assert (remparts.title, remparts.capacity, peinture.capacity) == ("Chantier des remparts", 12, 8)

    # Residents register (the public form has its own browser test).
    register_for_event(event, name="Léa Moreau", email="lea@example.org", activities=[remparts], party_size=2)
    register_for_event(
        event, name="Hugo Roux", email="hugo@example.org", activities=[peinture], needs="Fauteuil roulant"
    )

    # 2. The registrations, exported for French Excel.
    page.goto(reverse("wagtailsnippets_workshops_registration:event", args=[event.pk]))
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger les inscriptions (CSV pour Excel)").click()
    raw = open(download_info.value.path(), "rb").read()
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    heading = text.splitlines()[0].split(";")
    assert "Activités" in heading and "Nom" in heading and "Statut" in heading
    assert re.search(r"Chantier des remparts;Léa Moreau;", text)
    assert "Atelier peinture;Hugo Roux;" in text and "Fauteuil roulant" in text and "Confirmée" in text

    # 3. E-mail all participants, after seeing how many will receive it.
    mail.outbox.clear()
    page.fill("#id_subject", "Rendez-vous à 9 h")
    page.fill("#id_message", "Pensez à vos gants.")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_text("Ce message sera envoyé à 2 personnes.").wait_for()
    assert not mail.outbox
    axe(page)
    page.get_by_role("button", name="Envoyer à 2 personnes").click()
    page.wait_for_url("**" + reverse("wagtailsnippets_workshops_registration:event", args=[event.pk]))
    assert sorted(message.to[0] for message in mail.outbox) == ["hugo@example.org", "lea@example.org"]
