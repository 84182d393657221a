"""In a real browser, in French and in English: a visitor follows an action and the agenda
of one commune, confirms, receives a notice when staff change the action's status and a
digest with a new event in that commune, then unsubscribes in one click (the header's
POST and the visible link). Staff write a newsletter, see its audience, send a test, send
it, and it shows in the archive. Every public page visited is scanned with axe."""

import email
import email.policy
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from wagtail.models import Locale

from follows.factories import make_subscriber
from follows.models import Follow, NewsletterPage, Subscriber
from home.models import HomePage
from members.models import Commune
from roadmap.factories import make_action, make_axis, make_roadmap_page
from workshops.factories import agenda, make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXTS = {
    "fr": {
        "prefix": "",
        "follow": "Suivre",
        "email": "Votre adresse e-mail",
        "consent": "Je veux recevoir des e-mails",
        "submit": "Suivre",
        "check": "Consultez vos e-mails",
        "confirmed": "Adresse confirmée",
        "manage": "Voir et modifier ce que vous suivez",
        "unsubscribe": "Se désinscrire",
        "unsubscribed": "Désabonnement effectué",
        "action": "Écrire la charte",
        "agenda_path": "/agenda/",
    },
    "en": {
        "prefix": "/en",
        "follow": "Follow",
        "email": "Your e-mail address",
        "consent": "I want to receive e-mails",
        "submit": "Follow",
        "check": "Check your e-mail",
        "confirmed": "Address confirmed",
        "manage": "See and change what you follow",
        "unsubscribe": "Unsubscribe",
        "unsubscribed": "Unsubscribed",
        "action": "Write the charter",
        "agenda_path": "/en/agenda/",
    },
}


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def link_in(message, fragment):
    return urlsplit(re.search(rf"https?://\S*{re.escape(fragment)}\S*", message.body).group(0)).path


@pytest.fixture
def site(live_site):
    english_home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    make_roadmap_page(live_site, english_home=english_home)
    axis = make_axis("Structurer la gouvernance", english="Structure the governance")
    action = make_action(axis, "Écrire la charte", english="Write the charter", progress=40)
    index = agenda(live_site)
    english_index = index.copy_for_translation(Locale.objects.get(language_code="en"))
    english_index.title = "Agenda"
    english_index.slug = "agenda"
    english_index.save_revision().publish()
    commune = Commune.objects.get_or_create(insee_code="49092", defaults={"name": "Chemillé-en-Anjou"})[0]
    make_event(index, title="Première journée de Chemillé", commune=commune)
    return action, index, commune


@pytest.mark.parametrize("language", ["fr", "en"])
def test_visitor_follows_confirms_is_notified_gets_a_digest_and_unsubscribes(site, page, axe, language):
    from roadmap import services as roadmap

    action, index, commune = site
    text = TEXTS[language]
    address = f"visiteur-{language}@example.org"
    Follow.objects.all().delete()
    mail.outbox.clear()

    # Follow the action.
    action_path = f"{text['prefix']}/{'feuille-de-route' if language == 'fr' else 'roadmap'}/actions/{action.pk}/"
    page.goto(action_path)
    axe(page)
    page.get_by_role("link", name=re.compile(text["follow"])).first.click()
    axe(page)
    page.get_by_label(text["email"]).fill(address)
    page.get_by_label(re.compile(text["consent"])).check()
    page.get_by_role("button", name=text["submit"], exact=True).click()
    assert page.locator("h1").inner_text() == text["check"]
    axe(page)

    # Follow the agenda of one commune.
    page.goto(f"{text['agenda_path']}?commune={commune.insee_code}")
    axe(page)
    page.get_by_role("link", name=re.compile(text["follow"])).first.click()
    assert "Chemillé-en-Anjou" in page.locator("h1").inner_text()
    page.get_by_label(text["email"]).fill(address)
    page.get_by_label(re.compile(text["consent"])).check()
    page.get_by_role("button", name=text["submit"], exact=True).click()
    assert Follow.objects.filter(subscriber__email=address, confirmed_at__isnull=True).count() == 2

    # Confirm from the e-mail: both start.
    (confirmation,) = mail.outbox
    page.goto(link_in(confirmation, "/confirm" if language == "en" else "/confirmation/"))
    assert page.locator("h1").inner_text() == text["confirmed"]
    axe(page)
    page.get_by_role("link", name=text["manage"]).click()
    assert action.title if language == "fr" else "Write the charter" in page.content()
    assert "Chemillé-en-Anjou" in page.content()
    axe(page)
    assert Follow.objects.filter(subscriber__email=address, confirmed_at__isnull=False).count() == 2

    # Staff change the action's status: an immediate notice.
    mail.outbox.clear()
    roadmap.add_update(action, "La charte part en relecture.", status="in_progress", notify=False)
    (notice,) = mail.outbox
    assert text["action"] in notice.subject

    # A new event in that commune: the weekly digest has it.
    make_event(index, title="Deuxième journée de Chemillé", commune=commune)
    mail.outbox.clear()
    call_command("send_digests")
    (digest,) = [m for m in mail.outbox if m.to == [address]]
    assert "Deuxième journée de Chemillé" in digest.body
    mime = parsed(digest)
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the mail program (the notice's header): that follow stops.
    header = " ".join(str(parsed(notice)["List-Unsubscribe"]).split())[1:-1]
    response = page.request.post(urlsplit(header).path, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert list(Follow.objects.filter(subscriber__email=address).values_list("kind", flat=True)) == ["agenda"]

    # The digest's visible link: one button, and nothing is followed any more.
    response = page.goto(link_in(digest, "/unsubscribe/" if language == "en" else "/desabonnement/"))
    assert response.status == 200
    axe(page)
    page.get_by_role("button", name=text["unsubscribe"]).click()
    assert page.locator("h1").inner_text() == text["unsubscribed"]
    axe(page)
    assert not Follow.objects.filter(subscriber__email=address).exists()


def test_staff_write_a_newsletter_count_test_send_and_archive(site, page, axe, browser, live_server, django_user_model):
    from follows.factories import newsletter_archive

    home = HomePage.objects.get(locale__language_code="fr")
    english_home = HomePage.objects.get(locale__language_code="en")
    archive = newsletter_archive(home, english_home=english_home)
    make_subscriber("abonne@example.org", newsletter=True)
    make_subscriber("participante@example.org", newsletter=True)
    make_subscriber("suiveur@example.org")  # follows things, no newsletter
    django_user_model.objects.create_superuser(username="animatrice", email="anim@example.org", password="pw-letter-1")
    staff = browser.new_context(base_url=live_server.url)
    admin = staff.new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("animatrice")
    admin.locator("#id_password").fill("pw-letter-1")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))

    # Write it.
    admin.goto(f"/admin/pages/add/follows/newsletterpage/{archive.pk}/")
    admin.locator("#id_title").fill("Lettre d'hiver")
    admin.locator("#id_intro").fill("Les rendez-vous de l'hiver.")
    admin.locator("#newsletter-audience-count").filter(has_text="2").wait_for()  # the live count
    admin.locator("#id_to_subscribers").uncheck()
    admin.locator("#newsletter-audience-count").filter(has_text="0").wait_for()
    admin.locator("#id_to_subscribers").check()
    admin.locator("[data-w-dropdown-target='toggle']").last.click()
    admin.locator("button[name='action-publish']").click()
    admin.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    issue = NewsletterPage.objects.get(title="Lettre d'hiver")

    # Send a test, then send it.
    mail.outbox.clear()
    admin.goto(f"/admin/newsletter/{issue.pk}/send/")
    assert "2 personnes" in admin.content()
    admin.locator("button[name='test']").click()
    assert [m.to for m in mail.outbox] == [["anim@example.org"]]
    admin.locator("button[name='send']").click()
    admin.wait_for_load_state()
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["abonne@example.org", "participante@example.org"]
    staff.close()

    # The archive shows it, in French and in English.
    page.goto(archive.url)
    axe(page)
    page.get_by_role("link", name="Lettre d'hiver").click()
    assert page.locator("h1").inner_text() == "Lettre d'hiver"
    axe(page)
    page.goto("/en/newsletter/")
    axe(page)
    assert Subscriber.objects.filter(newsletter=True).count() == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_visitor_follows_a_call_for_ideas_and_hears_of_its_results(site, page, axe, language):
    from datetime import timedelta

    from django.utils import timezone

    from home import contributions
    from roadmap.call_models import Call
    from roadmap.services import calls

    text = TEXTS[language]
    address = f"appel-{language}@example.org"
    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour le quartier",
        description="Que faire ensemble ?",
        deadline=timezone.now() + timedelta(days=10),
    )
    idea = calls.submit_idea(call, title="Un jardin partagé", description="…", name="Léa", email="lea@example.org")
    calls.confirm_idea(calls.services.make_token(idea, calls.IDEA_SALT))
    contributions.publish(idea)
    mail.outbox.clear()

    page.goto(f"{text['prefix']}/{'feuille-de-route' if language == 'fr' else 'roadmap'}/appels/{call.pk}/")
    axe(page)
    page.get_by_role("link", name=re.compile(text["follow"])).first.click()
    assert "Vos idées pour le quartier" in page.locator("h1").inner_text()
    axe(page)
    page.get_by_label(text["email"]).fill(address)
    page.get_by_label(re.compile(text["consent"])).check()
    page.get_by_role("button", name=text["submit"], exact=True).click()
    assert page.locator("h1").inner_text() == text["check"]
    (confirmation,) = mail.outbox
    page.goto(link_in(confirmation, "/confirm" if language == "en" else "/confirmation/"))
    assert page.locator("h1").inner_text() == text["confirmed"]
    assert Follow.objects.get(subscriber__email=address).kind == "call"

    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    calls.not_select(idea, "Déjà fait ailleurs.")
    mail.outbox.clear()
    calls.publish_results(Call.objects.get(pk=call.pk))
    (notice,) = [message for message in mail.outbox if message.to == [address]]
    assert "Vos idées pour le quartier" in notice.subject
    assert parsed(notice)["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
