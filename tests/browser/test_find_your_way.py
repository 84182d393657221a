"""Residents and representatives find their way, in a real browser with an axe scan of
each page: governance pages reached by links and the site plan (French and English);
seats shown before signing up and the choice when an activity is full; focus on the
error summary after a failed submit; "report this content"; a host's registrations."""

import re

import pytest

from home import contributions
from home.tests.factories import make_governance_pages
from roadmap import services as roadmap_services
from roadmap.factories import make_axis, make_member, make_representative, make_roadmap_page
from workshops import services as workshops_services
from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_governance_pages_are_reached_by_links_in_both_languages(live_site, page, axe):
    make_governance_pages()
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Le réseau").click()
    axe(page)
    page.locator("#child-pages-title").wait_for()
    page.get_by_role("link", name="Charte du réseau").first.click()
    assert page.url.endswith("/le-reseau/charte/")
    axe(page)
    section = page.get_by_role("navigation", name="Dans cette rubrique")
    section.get_by_role("link", name=re.compile("Comptes rendus")).click()
    assert "/le-reseau/comptes-rendus/" in page.url
    axe(page)
    page.get_by_role("link", name="Plan du site").click()
    assert page.url.endswith("/plan-du-site/")
    assert page.get_by_role("link", name="Charte du réseau").count() == 1
    axe(page)
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/site-plan/")
    page.get_by_role("link", name="Network charter").click()
    assert page.get_by_role("navigation", name="In this section").count() == 1
    axe(page)


def test_seats_shown_before_signing_up_and_the_choice_when_full(live_site, page, axe):
    index = agenda(live_site)
    event = make_event(index, title="Journée de Feneu", activities=[("Chantier nature", 10), ("Atelier vélo", 1)])
    velo = event.activities.get(title="Atelier vélo")
    workshops_services.register_for_event(event, name="Zoé", email="z@example.org", activities=[velo], notify=False)
    remote = make_event(index, title="Atelier complet", kind="remote_workshop", capacity=1, has_waitlist=False)
    workshops_services.register_for_event(remote, name="Yann", email="y@example.org", notify=False)

    page.goto(index.url)
    axe(page)
    cards = page.locator("article.card")
    assert cards.filter(has_text="Journée de Feneu").get_by_text("10 places restantes").count() == 1
    assert cards.filter(has_text="Atelier complet").get_by_text("Complet", exact=True).count() == 1

    page.goto(event.url)
    axe(page)
    assert page.get_by_text("Complet — liste d'attente").count() >= 1
    # A failed submit moves the focus to the error summary.
    page.get_by_role("button", name="S'inscrire").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    axe(page)
    page.get_by_label("Votre nom").fill("Alice Martin")
    page.locator("#id_email").fill("alice@example.org")
    page.get_by_label(re.compile("Chantier nature")).check()
    page.get_by_label(re.compile("Atelier vélo \\(")).check()
    page.get_by_label(re.compile("M'inscrire dès maintenant")).check()
    page.get_by_label(re.compile("J'accepte")).check()
    page.get_by_role("button", name="S'inscrire").click()
    assert "/registrations/" in page.url
    assert page.get_by_text("Vous êtes aussi en liste d'attente pour").count() == 1
    axe(page)
    main = Registration.objects.get(email="alice@example.org", part_of__isnull=True)
    assert main.status == "confirmed" and main.waiting_parts.get().status == "waitlisted"


def test_report_a_proposal_and_a_host_sees_its_registrations(live_site, page, axe):
    english_home = live_site.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(live_site, english_home=english_home)
    axis = make_axis("Gouvernance", english="Governance")
    proposal = roadmap_services.propose(
        axis=axis, title="Des bancs partout", description="Texte.", name="Camille", email="c@example.org"
    )
    proposal = roadmap_services.confirm_proposal(roadmap_services.make_token(proposal, roadmap_services.PROPOSAL_SALT))
    contributions.publish(proposal)
    page.goto(f"/feuille-de-route/propositions/{proposal.pk}/")
    axe(page)
    page.get_by_role("link", name="Signaler ce contenu").click()
    axe(page)
    page.get_by_label(re.compile("Qu'est-ce qui ne va pas")).fill("Hors sujet")
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.url.endswith(f"/feuille-de-route/propositions/{proposal.pk}/")
    assert page.get_by_text("l'équipe du réseau va examiner ce contenu").count() == 1

    host = make_member("Mairie de Feneu")
    event = make_event(agenda(live_site), title="Journée de Feneu", activities=[("Chantier", 10)])
    event.host_members.add(host)
    event.save_revision().publish()
    workshops_services.register_for_event(
        event, name="Alice", email="a@example.org", activities=list(event.activities.all()), needs="Rampe", notify=False
    )
    user = make_representative(host, username="hote")
    page.goto("/member-area/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-12345")
    page.locator("main").get_by_role("button").first.click()
    page.get_by_role("link", name=re.compile("^Inscriptions")).first.click()
    assert page.get_by_role("cell", name="Rampe").count() == 1
    assert page.get_by_text("Données personnelles (RGPD)").count() == 1
    axe(page)
