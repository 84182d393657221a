"""One source for the site's public address: every absolute URL of the sitemap, the
feeds, the calendars, the e-mails and the personal links starts with the default Site's
root URL, which settings.SITE_URL sets at `migrate` (home.services.align_default_site)."""

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
def public_site(demo_site):
    with override_settings(SITE_URL=PUBLIC):
        align_default_site()
    return demo_site


def test_site_url_sets_the_default_site_at_migrate(demo_site):
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
