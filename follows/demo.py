"""Demo content of follows and the newsletter (called by `manage.py load_demo`, idempotent):
the newsletter's archive in French and English with one issue already sent and one
draft, residents who follow an action, the agenda of a commune and a member, subscribers
of the newsletter, and their sending history."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage
from members.models import Commune, Member
from roadmap.models import Action

from .factories import make_follow
from .models import Consent, Delivery, NewsletterIndexPage, NewsletterPage, Subscriber
from .services import FOLLOW_WORDING, NEWSLETTER_WORDING

SENT_BODY = [
    ("heading", "Trois journées citoyennes ce printemps"),
    (
        "paragraph",
        "<p>Chemillé-en-Anjou, Saumur et Angers accueillent les prochaines journées citoyennes : "
        "chantiers nature, ateliers de réparation, repas partagé. Inscriptions ouvertes dans l'agenda.</p>",
    ),
    ("heading", "La charte du réseau est adoptée"),
    (
        "paragraph",
        "<p>Le comité de pilotage a adopté la charte le 6 octobre. Elle engage les communes et associations "
        "adhérentes à associer les habitants dès le début des projets.</p>",
    ),
    ("button", {"label": "Voir la feuille de route", "page": None, "url": ""}),
]
SENT_BODY_EN = [
    ("heading", "Three citizen days this spring"),
    (
        "paragraph",
        "<p>Chemillé-en-Anjou, Saumur and Angers host the next citizen days: nature work, repair "
        "workshops, a shared meal. Registration is open in the agenda.</p>",
    ),
    ("heading", "The network's charter is adopted"),
    (
        "paragraph",
        "<p>The steering committee adopted the charter on 6 October. It commits member communes and "
        "associations to involve residents from the start of their projects.</p>",
    ),
]


def load(stdout=None):
    fr = Locale.objects.get(language_code="fr")
    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.filter(locale=fr).first()
    if home is None:
        return None
    if NewsletterIndexPage.objects.filter(locale=fr).exists():
        if stdout:
            stdout.write("The newsletter archive already exists: nothing to do.")
        return None
    with transaction.atomic():
        archive = _newsletters(home, fr, en)
        _residents()
    if stdout:
        stdout.write(
            f"Follows: {Subscriber.objects.count()} addresses, newsletter archive with "
            f"{NewsletterPage.objects.filter(locale=fr).count()} issues."
        )
    return archive


def _newsletters(home, fr, en):
    archive = NewsletterIndexPage(
        title="Lettre du réseau",
        slug="lettre-du-reseau",
        intro="<p>Les nouvelles du réseau de la citoyenneté, quelques fois par an.</p>",
    )
    home.add_child(instance=archive)
    archive.save_revision().publish()
    english_home = home.get_translations().filter(locale=en).first()
    if english_home is not None:
        english = archive.copy_for_translation(en)
        english.title = "Network newsletter"
        english.slug = "newsletter"
        english.intro = "<p>News of the citizenship network, a few times a year.</p>"
        english.save_revision().publish()
    sent = NewsletterPage(
        title="Lettre n° 1 — automne 2026",
        slug="lettre-1-automne-2026",
        intro="La charte adoptée, trois journées citoyennes et une nouvelle feuille de route.",
        body=SENT_BODY,
        to_subscribers=True,
        to_representatives=True,
    )
    archive.add_child(instance=sent)
    sent.save_revision().publish()
    if english_home is not None:
        english_sent = sent.copy_for_translation(en)
        english_sent.title = "Newsletter no. 1 — autumn 2026"
        english_sent.slug = "newsletter-1-autumn-2026"
        english_sent.intro = "The charter adopted, three citizen days and a new roadmap."
        english_sent.body = SENT_BODY_EN
        english_sent.save_revision().publish()
    sent_at = timezone.now() - timedelta(days=20)
    NewsletterPage.objects.filter(translation_key=sent.translation_key).update(
        state=NewsletterPage.State.SENT, sent_at=sent_at, recipients_count=3
    )
    draft = NewsletterPage(
        title="Lettre n° 2 — hiver 2026",
        slug="lettre-2-hiver-2026",
        intro="Les rencontres de l'hiver et le bilan des journées citoyennes.",
        body=[("heading", "À venir"), ("paragraph", "<p>Le programme de l'hiver, commune par commune.</p>")],
        live=False,
    )
    archive.add_child(instance=draft)
    draft.save_revision()
    return archive


def _residents():
    now = timezone.now()
    commune = Commune.objects.filter(events__isnull=False).order_by("name").first() or Commune.objects.first()
    action = Action.objects.in_default_locale().exclude(status="dropped").order_by("pk").first()
    member = Member.objects.approved().order_by("name").first()
    claire = Subscriber.objects.create(
        email="claire.habitante@example.org",
        confirmed_at=now - timedelta(days=30),
        newsletter=True,
        newsletter_source="footer",
        commune=commune,
        digest_sent_until=now - timedelta(days=6),
    )
    if action is not None:
        make_follow(claire, "action", action.pk)
    if commune is not None:
        make_follow(claire, "agenda", commune=commune)
    tom = Subscriber.objects.create(
        email="tom.resident@example.org", language="en", confirmed_at=now - timedelta(days=10), newsletter=False
    )
    make_follow(tom, "roadmap")
    if member is not None:
        make_follow(tom, "member", member.pk)
    lea = Subscriber.objects.create(
        email="lea.participante@example.org",
        confirmed_at=now - timedelta(days=40),
        newsletter=True,
        newsletter_source="registration",
    )
    for subscriber, source in ((claire, "footer"), (tom, "follow"), (lea, "registration")):
        if subscriber.follows.exists():
            Consent.objects.create(
                subscriber=subscriber,
                purpose="follow",
                source="follow",
                wording=str(FOLLOW_WORDING),
                language="fr",
                confirmed_at=subscriber.confirmed_at,
            )
        if subscriber.newsletter:
            Consent.objects.create(
                subscriber=subscriber,
                purpose="newsletter",
                source=source,
                wording=str(NEWSLETTER_WORDING),
                language="fr",
                confirmed_at=subscriber.confirmed_at,
            )
    sent = NewsletterPage.objects.filter(state=NewsletterPage.State.SENT, locale__language_code="fr").first()
    Delivery.objects.bulk_create(
        [
            Delivery(email=claire.email, kind="newsletter", subject=sent.title, newsletter=sent, sent_at=sent.sent_at),
            Delivery(email=lea.email, kind="newsletter", subject=sent.title, newsletter=sent, sent_at=sent.sent_at),
            Delivery(
                email="maire@example.org", kind="newsletter", subject=sent.title, newsletter=sent, sent_at=sent.sent_at
            ),
            Delivery(
                email=claire.email, kind="digest", subject="digest", items=["event:1"], sent_at=now - timedelta(days=6)
            ),
        ]
    )
