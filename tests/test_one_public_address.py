"""One source for the site's public address: every absolute URL of the sitemap, the
feeds, the calendars, the e-mails and the personal links starts with the default Site's
root URL, which settings.SITE_URL sets at `migrate` (home.services.align_default_site)."""

import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from home.models import NewsIndexPage
from home.services import absolute_url, align_default_site, site_root_url
from roadmap import services as roadmap_services
from roadmap.factories import make_action, make_axis, make_roadmap_page
from workshops.factories import agenda, make_event
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

PUBLIC = "https://reseau.example.org"
URL = re.compile(r"""https?://[^\s"'<>)\]]+""")
# Namespaces and schema identifiers in XML documents are names, not links.
NAMES = ("http://www.sitemaps.org/", "http://www.w3.org/", "http://purl.org/", "http://backend.userland.com/")


def links(text):
    text = text.replace("\r\n ", "").replace("\n ", "")  # unfold iCalendar lines (RFC 5545 3.1)
    return [url for url in URL.findall(text) if not url.startswith(NAMES)]


def assert_all_public(text, where):
    found = links(text)
    assert found, f"no absolute URL in {where}"
    strays = [url for url in found if not url.startswith(PUBLIC + "/")]
    assert not strays, f"{where} has URLs outside {PUBLIC}: {strays}"


@pytest.fixture
def public_site(home_page):
    with override_settings(SITE_URL=PUBLIC):
        align_default_site()
    return home_page


def test_site_url_sets_the_default_site_at_migrate(home_page):
    with override_settings(SITE_URL="http://127.0.0.1:8080"):
        call_command("migrate", verbosity=0)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8080)
        assert site_root_url() == "http://127.0.0.1:8080"
    with override_settings(SITE_URL=PUBLIC):
        align_default_site()
    assert site_root_url() == PUBLIC
    assert absolute_url("/fr/agenda/") == PUBLIC + "/fr/agenda/"
    # Staff editing the Site in the admin move every URL with it.
    Site.objects.filter(is_default_site=True).update(hostname="autre.example.org")
    Site.objects.get(is_default_site=True).save()
    assert site_root_url() == "https://autre.example.org"


def test_sitemap_robots_and_news_feed(client, public_site):
    from tests.factories import make_news

    make_news("Une journée citoyenne réussie")  # the news index and an item, for the feed
    assert_all_public(client.get("/sitemap.xml").content.decode(), "sitemap.xml")
    assert_all_public(client.get("/robots.txt").content.decode(), "robots.txt")
    news = NewsIndexPage.objects.live().filter(locale__language_code="fr").first()
    response = client.get(news.url + "rss/")
    assert response.status_code == 200
    assert_all_public(response.content.decode(), "the news feed")


def test_calendars_registration_emails_and_personal_links(client, public_site):
    index = agenda(public_site)
    event = make_event(index, title="Journée citoyenne d'Avrillé", kind="citizen_day", activities=[("Chantier", 10)])
    for path in (index.url + "ical/", event.url + "ical/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_all_public(response.content.decode(), path)
    mail.outbox.clear()
    registration = register_for_event(
        event, name="Lou", email="lou@example.org", activities=[event.activities.first()], language="fr"
    )
    assert registration.absolute_personal_url().startswith(PUBLIC + "/")
    assert mail.outbox
    for message in mail.outbox:
        assert_all_public(message.body, f"e-mail {message.subject}")
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert_all_public(body, f"HTML e-mail {message.subject}")
    response = client.get(registration.personal_url() + "event.ics")
    assert_all_public(response.content.decode(), "the registration's .ics")


def test_roadmap_feed_and_proposal_emails(client, public_site):
    english_home = public_site.get_translations().filter(locale__language_code="en").first()
    page = make_roadmap_page(public_site, english_home=english_home)
    axis = make_axis("Gouvernance", english="Governance")
    action = make_action(axis, "Écrire la charte", english="Write the charter", progress=40)
    roadmap_services.add_update(action, "Premier jet écrit.", progress=50)
    response = client.get(page.url + "updates/rss/")
    assert response.status_code == 200
    assert_all_public(response.content.decode(), "the roadmap feed")
    mail.outbox.clear()
    roadmap_services.propose(
        axis=axis, title="Un budget participatif", description="Pour tous.", name="Ana", email="a@example.org"
    )
    assert mail.outbox
    for message in mail.outbox:
        assert_all_public(message.body, f"e-mail {message.subject}")


def assert_emails_public(where):
    assert mail.outbox, f"no e-mail for {where}"
    for message in mail.outbox:
        assert_all_public(message.body, f"e-mail {message.subject} ({where})")
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert_all_public(body, f"HTML e-mail {message.subject} ({where})")
    mail.outbox.clear()


def test_every_other_email_with_a_link_uses_the_public_address(client, public_site):
    """Member approval (set-password link), follow confirmation, volunteering, ideas,
    invitations to an event: their links start with the public address too."""
    import datetime

    from django.utils import timezone
    from wagtail.models import Locale

    from follows import queries
    from follows import services as follows_services
    from members.models import Member
    from members.services import approve
    from roadmap.call_models import Call
    from roadmap.factories import make_mission
    from roadmap.services import calls, missions
    from workshops.services import invite

    english_home = public_site.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(public_site, english_home=english_home)
    axis = make_axis("Gouvernance", english="Governance")
    action = make_action(axis, "Écrire la charte", english="Write the charter")
    event = make_event(agenda(public_site), title="Réunion du réseau", kind="network_meeting", capacity=20)
    mail.outbox.clear()

    member = Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name="Les Voisins",
        slug="voisins",
        status=Member.Status.PENDING,
        contact_name="Iris",
        contact_email="iris@example.org",
    )
    approve(member, site_url="http://wrong.example.net")
    assert_emails_public("a member's approval")

    follows_services.request_follow("suivi@example.org", queries.resolve("action", {"id": action.pk}, "fr"))
    assert_emails_public("a follow's confirmation")

    missions.sign_up(make_mission(action=action), name="Vic", email="vic@example.org")
    assert_emails_public("volunteering")

    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées",
        description="Que faire ?",
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    calls.submit_idea(call, title="Des bancs", description="Pour s'asseoir.", name="Al", email="al@example.org")
    assert_emails_public("an idea")

    invite(event, name="Observatrice", email="obs@example.org", valid_days=10)
    assert_emails_public("an invitation to an event")


def test_sitemap_with_the_roadmap_and_the_reports_feed(client, public_site):
    english_home = public_site.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(public_site, english_home=english_home)
    make_action(make_axis("Gouvernance", english="Governance"), "Écrire la charte", english="Write the charter")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/feuille-de-route/" in sitemap
    assert_all_public(sitemap, "sitemap.xml with the roadmap")
    index = agenda(public_site)
    response = client.get(index.url + "reports/rss/")
    assert response.status_code == 200
    assert_all_public(response.content.decode(), "the agenda's reports feed")


def test_the_api_schema_names_the_public_address_not_the_requests_host(client, public_site):
    response = client.get("/api/v1/schema/", HTTP_HOST="evil.example.net")
    assert response.status_code == 200
    assert json.loads(response.content)["servers"] == [{"url": PUBLIC}]
