"""A representative commits their structure to an action from the member area, sees it
on the action page, then withdraws it; each page is scanned with axe."""

import pytest
from django.test import Client
from wagtail.models import Locale

from home.models import HomePage
from roadmap.factories import make_action, make_axis, make_member, make_representative, make_roadmap_page
from roadmap.models import Commitment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_representative_commits_and_withdraws(live_site, page, axe, live_server):
    make_roadmap_page(live_site, english_home=HomePage.objects.get(locale=Locale.objects.get(language_code="en")))
    action = make_action(make_axis("Outils et pérennité"), "Créer une boîte à outils", progress=30)
    member = make_member("Commune de Doué-en-Anjou")
    log_in(page, live_server, make_representative(member))

    page.goto(f"/feuille-de-route/actions/{action.pk}/")
    axe(page)
    page.get_by_role("link", name="Engager Commune de Doué-en-Anjou sur cette action").click()
    axe(page)
    page.get_by_role("button", name="Enregistrer l’engagement").click()  # nothing described yet
    assert page.locator("#error-summary").is_visible()
    axe(page)
    page.get_by_label("Ce que le membre apporte").select_option("room")
    page.get_by_role("textbox", name="Description").fill("La salle des fêtes, 80 places.")
    page.get_by_role("button", name="Enregistrer l’engagement").click()
    commitment = Commitment.objects.get()
    assert commitment.member == member

    page.goto(f"/feuille-de-route/actions/{action.pk}/")
    assert "La salle des fêtes, 80 places." in page.content()
    page.goto(f"/roadmap/member/commitments/{commitment.pk}/withdraw/")
    axe(page)
    page.get_by_role("button", name="Retirer l’engagement").click()
    assert not Commitment.objects.exists()
