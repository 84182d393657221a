"""A resident proposes an action and confirms it from the e-mail, staff accept it in the
Wagtail admin, it appears on the roadmap, and the resident supports another action once.
Every public page visited is scanned with axe."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from wagtail.models import Locale

from home.models import HomePage
from roadmap.factories import make_action, make_axis, make_roadmap_page
from roadmap.models import Action, Proposal, Support

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def path_of_link(message, kind):
    return urlsplit(re.search(rf"https?://\S+/{kind}/\S+/", message.body).group(0)).path


@pytest.fixture
def roadmap(live_site):
    english_home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    page = make_roadmap_page(live_site, english_home=english_home)
    axis = make_axis("Mobiliser les habitants", english="Mobilise residents")
    make_action(axis, "Des cafés citoyens", english="Citizen cafés", status=Action.Status.IN_PROGRESS, progress=30)
    other = make_action(axis, "Former des habitants", english="Train residents", progress=10)
    return page, axis, other


def test_resident_proposes_staff_accept_resident_supports(roadmap, page, axe, browser, live_server, django_user_model):
    _roadmap_page, axis, other_action = roadmap

    # A resident proposes an action (first with a mistake, then correctly).
    page.goto("/feuille-de-route/propose/")
    axe(page)
    page.get_by_label("Titre de l’action").fill("Des ateliers dans les collèges")
    page.get_by_role("textbox", name="Description").fill("Faire découvrir la participation aux collégiens.")
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre adresse e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    assert page.locator("#error-summary").is_visible()
    axe(page)
    assert page.get_by_label("Titre de l’action").input_value() == "Des ateliers dans les collèges"
    page.get_by_label("Votre adresse e-mail").fill("camille@example.org")
    page.get_by_label("J’accepte que le réseau conserve mon nom").check()
    page.get_by_role("button", name="Envoyer ma proposition").click()
    assert "/feuille-de-route/propositions/" in page.url
    axe(page)
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNCONFIRMED

    # She confirms from the e-mail.
    page.goto(path_of_link(mail.outbox[-1], "confirm-proposal"))
    assert page.locator("h1").inner_text() == "Votre proposition est confirmée"
    axe(page)
    page.get_by_role("link", name="Voir les propositions publiées").click()  # pre-moderated: not public yet
    axe(page)

    # Staff accept it in the Wagtail admin.
    django_user_model.objects.create_superuser(username="animatrice", email="a@example.org", password="pw-roadmap-1")
    staff = browser.new_context(base_url=live_server.url)
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("animatrice")
    admin.locator("#id_password").fill("pw-roadmap-1")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    assert "Des ateliers dans les collèges" in admin.content()  # the dashboard panel
    admin.goto("/admin/snippets/roadmap/proposal/")
    admin.locator(f'a[href$="/proposal/accept/{proposal.pk}/"]').first.click()
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/roadmap/action/edit/\d+/"))
    staff.close()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED

    # It appears on the roadmap.
    page.goto("/feuille-de-route/")
    axe(page)
    page.get_by_role("link", name="Des ateliers dans les collèges").click()
    assert page.locator("h1").inner_text() == "Des ateliers dans les collèges"
    axe(page)

    # She supports another action, once.
    page.goto(f"/feuille-de-route/actions/{other_action.pk}/")
    axe(page)
    page.get_by_label("Votre adresse e-mail").fill("camille@example.org")
    page.get_by_label("M’envoyer les nouvelles de cette action par e-mail").check()
    page.get_by_label("J’accepte que le réseau conserve mon adresse e-mail").check()
    page.get_by_role("button", name="Soutenir", exact=True).click()
    axe(page)
    page.goto(path_of_link(mail.outbox[-1], "confirm-support"))
    assert page.locator("h1").inner_text() == "Votre soutien est compté"
    axe(page)
    page.get_by_role("link", name="Retour à l’action").click()
    assert "1 personne ou structure soutient cette action" in page.content()
    page.get_by_label("Votre adresse e-mail").fill("camille@example.org")
    page.get_by_label("J’accepte que le réseau conserve mon adresse e-mail").check()
    page.get_by_role("button", name="Soutenir", exact=True).click()
    assert page.locator("#error-summary").is_visible()
    axe(page)
    assert Support.objects.filter(action=other_action, confirmed_at__isnull=False).count() == 1

    # The other public pages, and the English roadmap.
    for path in (
        "/",  # the roadmap's key figure and progress summary
        "/search/?q=habitants",
        "/feuille-de-route/proposals/",
        "/feuille-de-route/?status=planned",
        "/feuille-de-route/updates/rss/",
        "/en/",
        "/en/roadmap/",
        f"/en/roadmap/actions/{other_action.pk}/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        if not path.endswith("/rss/"):
            axe(page)
    page.goto("/")
    assert page.locator("#roadmap-summary-title").count() == 1
