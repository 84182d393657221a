"""Builders of the home app's own objects for the tests: themes, governance bodies and the
"network" section (/le-reseau/ and its charter, in French and English). They build on the
tests' base site (tests/factories.py); `test_demo.py` alone loads the demo."""

from django.core.cache import cache
from wagtail.models import Locale

from home.demo import THEMES
from home.models import ContentPage, GovernanceBody, GovernanceBodySeat, Theme
from tests.factories import add_page, french_home, translate_page


def locales():
    return Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")


def make_themes():
    """The network's six themes in French with their English translations (get or create);
    returns the French themes by slug, in order."""
    fr, en = locales()
    themes = {}
    for slug, name_fr, name_en in THEMES:
        theme = Theme.objects.filter(locale=fr, slug=slug).first()
        if theme is None:
            theme = Theme.objects.create(locale=fr, slug=slug, name=name_fr)
            english = theme.copy_for_translation(en)
            english.name = name_en
            english.save()
        themes[slug] = theme
    return themes


def make_governance_body(name="Comité de pilotage", *, english="Steering committee", seats=None):
    """A governance body with its seats, and its English translation."""
    fr, en = locales()
    body = GovernanceBody(locale=fr, name=name, meets="Trois fois par an")
    seats = seats if seats is not None else [("Marie Lebrun", "Présidente"), ("Paul Girard", "Vice-président")]
    body.seats = [GovernanceBodySeat(name=seat, role=role) for seat, role in seats]
    body.save()
    if english:
        translated = body.copy_for_translation(en)
        translated.name = english
        translated.save()
    return body


def make_network_section(*, charter_body=None):
    """The section "Le réseau" (/le-reseau/, in the menu) and its charter (/le-reseau/charte/),
    both translated (/en/the-network/, /en/the-network/charter/). Get or create; returns
    (section, charter)."""
    home = french_home()
    network = ContentPage.objects.child_of(home).filter(slug="le-reseau").first()
    if network is None:
        network = add_page(
            home,
            ContentPage(title="Le réseau", slug="le-reseau", show_in_menus=True, intro="Qui nous sommes."),
        )
        translate_page(network, "The network", "the-network", intro="Who we are.")
    charter = ContentPage.objects.child_of(network).filter(slug="charte").first()
    if charter is None:
        body = charter_body or [("paragraph", "<p>Associer les habitants le plus tôt possible.</p>")]
        charter = add_page(
            network,
            ContentPage(
                title="Charte du réseau",
                slug="charte",
                intro="Les engagements des membres du réseau.",
                body=body,
                show_publication_history=True,
            ),
        )
        translate_page(
            charter,
            "Network charter",
            "charter",
            intro="The commitments of the network's members.",
            body=[("paragraph", "<p>Involve residents as early as possible.</p>")],
        )
    cache.clear()
    return network, charter


def publish_versions(page, versions):
    """Publish `page` once per (datetime, summary) of `versions`, oldest first, each
    publication dated as given (its "wagtail.publish" log entry): a page with a
    publication history."""
    from django.utils import timezone
    from wagtail.models import PageLogEntry

    for when, summary in versions:
        page.change_summary = summary
        revision = page.save_revision()
        revision.publish()
        moment = timezone.make_aware(when) if timezone.is_naive(when) else when
        PageLogEntry.objects.filter(revision=revision, action="wagtail.publish").update(timestamp=moment)
        page.refresh_from_db()
    cache.clear()
    return page


def make_committee_page(body=None):
    """The page of the steering committee (/le-reseau/comite-de-pilotage/, French only),
    showing `body` (a new governance body by default) with the governance-body block."""
    network, _charter = make_network_section()
    body = body or make_governance_body()
    return add_page(
        network,
        ContentPage(
            title="Comité de pilotage",
            slug="comite-de-pilotage",
            intro="Le comité de pilotage fixe les orientations du réseau.",
            body=[("governance_body", {"body": body})],
        ),
    )


def make_minutes_index(*, minutes_days=()):
    """The minutes' index of the network section (/le-reseau/comptes-rendus/, translated
    to /en/the-network/minutes/), with one minutes page of a new governance body per
    entry of `minutes_days` (the meeting's date, in days from today), created in that
    order. Get or create the index."""
    from datetime import timedelta

    from django.utils import timezone

    from home.models import MinutesIndexPage, MinutesPage

    network, _charter = make_network_section()
    index = MinutesIndexPage.objects.child_of(network).first()
    if index is None:
        index = add_page(
            network, MinutesIndexPage(title="Comptes rendus", slug="comptes-rendus", intro="Les comptes rendus.")
        )
        translate_page(index, "Minutes", "minutes", intro="The minutes.")
    body = make_governance_body() if minutes_days else None
    for number, days in enumerate(minutes_days, start=1):
        day = timezone.localdate() + timedelta(days=days)
        add_page(
            index,
            MinutesPage(title=f"{body.name} du {day:%d/%m/%Y}", slug=f"compte-rendu-{number}", body=body, date=day),
        )
    cache.clear()
    return index


def make_governance_pages():
    """The whole governance section: "Le réseau" and its charter (make_network_section),
    the committee's page and the minutes' index with three minutes. Returns the section."""
    network, _charter = make_network_section()
    make_committee_page()
    make_minutes_index(minutes_days=(-30, -90, -60))
    return network


def resource_library(*, show_in_menus=False):
    """The resources library at /ressources/ (and /en/resources/): get or create."""
    from home.models import ResourceIndexPage

    home = french_home()
    library = ResourceIndexPage.objects.child_of(home).first()
    if library is None:
        library = add_page(
            home,
            ResourceIndexPage(
                title="Ressources", slug="ressources", intro="Guides et outils.", show_in_menus=show_in_menus
            ),
        )
        translate_page(library, "Resources", "resources", intro="Guides and tools.")
    return library


def make_resource(title, theme, *, english=None, description="Un outil partagé.", url="https://outils.example/"):
    """A French resource (a link) under `theme`; `english`: the title of its English
    translation, filed under the theme's translation."""
    from home.models import Resource

    resource = Resource.objects.create(locale=theme.locale, title=title, description=description, theme=theme, url=url)
    if english:
        _fr, en = locales()
        translated = resource.copy_for_translation(en)
        translated.title, translated.description = english, "A shared tool."
        translated.theme = theme.get_translation(en)
        translated.save()
    return resource


def make_figures_page():
    """ "Le réseau en chiffres" in the network section (/le-reseau/en-chiffres/, translated
    to /en/the-network/in-figures/)."""
    from home.models import NetworkFiguresPage

    network, _charter = make_network_section()
    page = add_page(
        network, NetworkFiguresPage(title="Le réseau en chiffres", slug="en-chiffres", intro="Les chiffres.")
    )
    translate_page(page, "The network in figures", "in-figures", intro="The figures.")
    return page


def make_join_page(*, documents=()):
    """ "Adhérer au réseau" (/adherer/, in the menu; translated to /en/join/): a heading, a
    list, an accordion of two questions and, when given, a documents block."""
    body = [
        ("heading", {"text": "Qui peut adhérer ?", "level": "h2"}),
        ("paragraph", "<ul><li>Les communes</li><li>Les associations déclarées</li></ul>"),
        (
            "accordion",
            {
                "title": "Questions fréquentes",
                "items": [
                    {"title": "L'adhésion est-elle payante ?", "content": "<p>Non, l'adhésion est gratuite.</p>"},
                    {"title": "Qui valide les demandes ?", "content": "<p>L'équipe d'animation.</p>"},
                ],
            },
        ),
    ]
    if documents:
        body.append(("documents", {"title": "Documents utiles", "documents": list(documents)}))
    page = add_page(
        french_home(),
        ContentPage(
            title="Adhérer au réseau", slug="adherer", show_in_menus=True, intro="Adhérer gratuitement.", body=body
        ),
    )
    translate_page(page, "Join the network", "join", intro="Join free of charge.")
    return page
