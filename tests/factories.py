"""The tests' base site and the builders every app's tests share.

`build_site()` makes the smallest site the pages need: the French home (/) and its English
translation (/en/) as the default Wagtail Site, the legal notice, privacy and accessibility
pages the footer links to, and the NetworkSettings (addresses, sender). The test session
builds it once (conftest.django_db_setup); each test then adds what it needs inside its
own transaction: section pages (`news_index()`, `content_page()`, and the apps' own
builders re-exported below), members, events, actions…

The demo (`<app>.demo.load()`) is no part of it: each app has one smoke test of its demo
(`<app>/tests/test_demo.py`, the only tests that take the `demo_site` fixture), where the
checks of the demo's own content live. Browser tests take `live_site`: this base site
behind the live server.
"""

import itertools
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage, NetworkSettings, NewsIndexPage, NewsPage
from members.tests.factories import (  # noqa: F401 — the members' builders, shared
    make_directory,
    make_member,
    make_people_directory,
    make_person,
    make_representative,
    make_theme,
)
from roadmap.factories import make_action, make_axis, make_mission, make_roadmap_page  # noqa: F401
from workshops.factories import agenda, make_event  # noqa: F401

_numbers = itertools.count(1)

SITE_NAME = "Réseau citoyenneté"
CONTACT_EMAIL = "citoyennete@reseau.example"
STAFF_EMAIL = "animation@reseau.example"
EMAIL_SENDER = "Réseau citoyenneté <ne-pas-repondre@reseau.example>"

# The pages the footer links to: (attribute of NetworkSettings, French, English).
LEGAL_PAGES = [
    ("legal_page", ("Mentions légales", "mentions-legales"), ("Legal notice", "legal-notice")),
    ("privacy_page", ("Données personnelles", "donnees-personnelles"), ("Privacy", "privacy")),
    ("accessibility_page", ("Accessibilité", "accessibilite"), ("Accessibility", "accessibility")),
]


def locales():
    return Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")


def french_home():
    return HomePage.objects.get(locale__language_code="fr")


def english_home():
    return HomePage.objects.get(locale__language_code="en")


def publish(page):
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def add_page(parent, page, *, live=True):
    """Add `page` under `parent` (in the parent's language), published unless `live=False`."""
    page.locale = parent.locale
    if not live:
        page.live = False
    parent.add_child(instance=page)
    if live:
        return publish(page)
    return page


def translate_page(page, title, slug, **fields):
    """The English translation of a French page (its parent must be translated), published."""
    _fr, en = locales()
    english = page.copy_for_translation(en)
    english.title, english.slug = title, slug
    for name, value in fields.items():
        setattr(english, name, value)
    english.save_revision().publish()
    cache.clear()
    return english.__class__.objects.get(pk=english.pk)


def build_site():
    """The base site (idempotent): returns the French home page."""
    for code in ("fr", "en"):
        Locale.objects.get_or_create(language_code=code)
    existing = HomePage.objects.filter(locale__language_code="fr").first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    home = HomePage(
        title=SITE_NAME,
        slug="accueil",
        intro="Élus, agents et associations font vivre la participation citoyenne.",
        locale=Locale.objects.get(language_code="fr"),
    )
    root.add_child(instance=home)
    home = publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    site.root_page, site.site_name = home, SITE_NAME
    site.save()
    if old_root is not None and not isinstance(old_root.specific, HomePage):
        old_root.delete()  # Wagtail's "Welcome" page, whose slug the English home takes
    translate_page(home, "Citizenship network", "home", intro="Officials, agents and associations at work together.")

    settings = NetworkSettings.for_site(site)
    settings.contact_email = CONTACT_EMAIL
    settings.contact_phone = "02 41 00 00 00"
    settings.postal_address = "Direction de la citoyenneté\n49000 Angers"
    settings.staff_email = STAFF_EMAIL
    settings.email_sender = EMAIL_SENDER
    for attribute, (title_fr, slug_fr), (title_en, slug_en) in LEGAL_PAGES:
        page = add_page(home, ContentPage(title=title_fr, slug=slug_fr, intro=title_fr))
        translate_page(page, title_en, slug_en, intro=title_en)
        setattr(settings, attribute, page)
    settings.save()
    return home


def remove_base_site():
    """Delete the base site (for a test of the demo, which builds its own)."""
    if HomePage.objects.filter(locale__language_code="fr", title=SITE_NAME).exists():
        for home in HomePage.objects.order_by("-depth", "-pk"):
            home.delete()
    cache.clear()


# --- Section pages and content shared by every app ---------------------------------------


def make_image(title="Atelier", alt_text="Un atelier", size=(40, 30)):
    """A small PNG image in the image library, with its default alternative text."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, "PNG")
    filename = f"image-{next(_numbers)}.png"
    return get_image_model().objects.create(
        title=title, file=SimpleUploadedFile(filename, buffer.getvalue()), default_alt_text=alt_text
    )


def make_document(title="Charte signée", content=b"Charte du reseau"):
    """A small text document in the document library."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, file=SimpleUploadedFile(f"document-{next(_numbers)}.txt", content)
    )


def content_page(parent=None, title=None, *, english=None, live=True, **fields):
    """A content page under `parent` (the French home by default); `english`: its
    (title, slug) translation."""
    parent = parent or french_home()
    number = next(_numbers)
    title = title or f"Page {number}"
    fields.setdefault("slug", f"page-{number}")
    page = add_page(parent, ContentPage(title=title, **fields), live=live)
    if english:
        translate_page(page, *english)
    return page


def news_index(*, english=True, show_in_menus=False):
    """The news index at /actualites/ (and /en/news/): get or create; `show_in_menus`
    puts it in the main menu when it is created."""
    home = french_home()
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_page(
            home,
            NewsIndexPage(
                title="Actualités", slug="actualites", intro="Les nouvelles du réseau.", show_in_menus=show_in_menus
            ),
        )
        if english:
            translate_page(index, "News", "news", intro="The network's news.")
    return index


def make_news(title=None, *, index=None, days_ago=0, live=True, english=None, **fields):
    """A news item in the news index, dated `days_ago`; `english`: the (title, slug) of
    its English translation (the index must be translated)."""
    index = index or news_index()
    number = next(_numbers)
    fields.setdefault("intro", "Une nouvelle du réseau.")
    fields.setdefault("slug", f"nouvelle-{number}")
    date = timezone.localdate() - timedelta(days=days_ago)
    news = add_page(index, NewsPage(title=title or f"Nouvelle {number}", date=date, **fields), live=live)
    if english:
        translate_page(news, *english, intro="News of the network.")
    return news


def every_section():
    """A small site with a page of every section, in French and English where the section
    is translated: the governance pages (network, charter, committee, minutes), news,
    the resources library, the members' directory with one member, the agenda with one
    event and the roadmap with one action. Returns the French home."""
    from home.tests.factories import make_governance_pages, make_resource, make_themes, resource_library
    from members.models import Member

    home = french_home()
    make_governance_pages()
    make_news("Le réseau s'agrandit", english=("The network grows", "the-network-grows"))
    resource_library(show_in_menus=True)
    themes = make_themes()
    make_resource(
        "Guide du budget participatif", themes["budget-participatif"], english="Participatory budgeting guide"
    )
    make_directory()
    make_member("Trait d'union", kind=Member.Kind.ASSOCIATION)
    make_event(agenda(), title="Journée citoyenne de Chemillé", activities=[("Chantier", 5)])
    make_roadmap_page(home, english_home=english_home())
    make_action(make_axis("Gouvernance", english="Governance"), "Écrire la charte", english="Write the charter")
    cache.clear()
    return home
