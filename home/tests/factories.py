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
