"""Builders for the tests and the demo: confirmed subscribers and follows, and the
newsletter's archive and issues built the way an editor would."""

import itertools

from django.utils import timezone
from wagtail.models import Locale

from .models import Follow, NewsletterIndexPage, NewsletterPage, Subscriber

_counter = itertools.count(1)


def make_subscriber(email=None, *, language="fr", confirmed=True, newsletter=False, **fields):
    email = email or f"resident{next(_counter)}@example.org"
    return Subscriber.objects.create(
        email=email,
        language=language,
        confirmed_at=timezone.now() if confirmed else None,
        newsletter=newsletter,
        newsletter_source="footer" if newsletter else "",
        **fields,
    )


def make_follow(subscriber, kind, target_id=None, *, confirmed=True, commune=None, intercommunality="", theme=None):
    return Follow.objects.create(
        subscriber=subscriber,
        kind=kind,
        target_id=target_id,
        commune=commune,
        intercommunality=intercommunality,
        theme=theme,
        key=Follow.make_key(
            kind, target_id, commune.pk if commune else None, intercommunality, theme.pk if theme else None
        ),
        confirmed_at=timezone.now() if confirmed else None,
    )


def newsletter_archive(home, *, english_home=None):
    existing = NewsletterIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    archive = NewsletterIndexPage(title="Lettre du réseau", slug="lettre-du-reseau")
    home.add_child(instance=archive)
    archive.save_revision().publish()
    if english_home is not None:
        english = archive.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Newsletter"
        english.slug = "newsletter"
        english.save_revision().publish()
    return archive


def make_newsletter(archive, title="Lettre n° 1", *, publish=True, **fields):
    fields.setdefault("intro", "Les nouvelles du réseau.")
    fields.setdefault(
        "body",
        [
            ("heading", "À la une"),
            ("paragraph", "<p>Trois journées citoyennes ce printemps.</p>"),
            ("button", {"label": "Voir l'agenda", "page": None, "url": "https://reseau.example.org/agenda/"}),
        ],
    )
    page = NewsletterPage(title=title, slug=f"lettre-{next(_counter)}", live=publish, **fields)
    archive.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return NewsletterPage.objects.get(pk=page.pk)
