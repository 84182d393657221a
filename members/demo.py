"""Demo content of the members app: about forty approved communes, intercommunalities and
associations of Maine-et-Loire (communes from the reference data), five pending
applications, one representative account (development only) and the directory page in
French and English. Idempotent."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale

from home.demo import ENGLISH_SLUGS, t, translate
from home.models import HomePage, Theme

from .models import Commune, DirectoryPage, Member, Representative
from .reference import load_default_communes
from .services import unique_slug

DEMO_REPRESENTATIVE = {"username": "representant", "password": "representant-demo-2026"}

COMMUNES = [
    ("49007", ["democratie-locale", "budget-participatif", "numerique"]),
    ("49099", ["jeunesse", "democratie-locale"]),
    ("49328", ["transition", "solidarites"]),
    ("49301", ["jeunesse"]),
    ("49023", ["solidarites", "transition"]),
    ("49092", ["solidarites", "budget-participatif"]),
    ("49244", ["transition"]),
    ("49331", ["democratie-locale"]),
    ("49353", ["budget-participatif", "jeunesse"]),
    ("49218", ["solidarites"]),
    ("49015", ["numerique", "democratie-locale"]),
    ("49246", ["transition", "jeunesse"]),
    ("49018", ["solidarites"]),
    ("49125", ["budget-participatif"]),
    ("49050", ["transition"]),
    ("49267", ["jeunesse", "numerique"]),
    ("49261", ["democratie-locale"]),
    ("49021", ["budget-participatif", "solidarites"]),
    ("49063", ["transition", "democratie-locale"]),
    ("49035", ["jeunesse"]),
    ("49180", ["solidarites"]),
    ("49020", ["numerique"]),
    ("49176", ["democratie-locale", "jeunesse"]),
    ("49129", ["transition"]),
    ("49347", ["budget-participatif"]),
    ("49167", ["solidarites", "jeunesse"]),
]

DESCRIPTIONS = [
    "La commune associe ses habitants aux projets d'aménagement par des ateliers de quartier et un budget participatif annuel.",
    "Conseil municipal des jeunes, réunions publiques itinérantes et journée citoyenne chaque printemps.",
    "Une démarche de concertation sur la transition écologique, avec un comité citoyen tiré au sort.",
    "Des chantiers participatifs réguliers et un conseil des sages très actif.",
]

ASSOCIATIONS = [
    (
        "Ligue de l'enseignement de Maine-et-Loire",
        "W491000017",
        "49007",
        ["jeunesse", "democratie-locale"],
        "Fédération d'associations d'éducation populaire : formation des bénévoles, débats citoyens, accompagnement des conseils de jeunes.",
    ),
    (
        "Les Petits Débrouillards Anjou",
        "W491002345",
        "49007",
        ["numerique", "jeunesse"],
        "Ateliers de culture scientifique et numérique pour les enfants et les jeunes, dans les quartiers et les communes rurales.",
    ),
    (
        "Collectif Jardins partagés du Saumurois",
        "W493004567",
        "49328",
        ["transition", "solidarites"],
        "Un réseau de jardins partagés qui fait se rencontrer les habitants autour de l'alimentation locale.",
    ),
    (
        "Maison de quartier des Hauts de Saint-Aubin",
        "W491005678",
        "49007",
        ["solidarites"],
        "Animation de la vie de quartier, accueil des habitants et soutien à leurs initiatives.",
    ),
    (
        "Familles rurales des Mauges",
        "W492006789",
        "49092",
        ["solidarites", "jeunesse"],
        "Services aux familles et projets de solidarité dans les communes des Mauges.",
    ),
    (
        "Conseil citoyen de Cholet",
        "W492007890",
        "49099",
        ["democratie-locale"],
        "Les habitants des quartiers prioritaires donnent leur avis sur la politique de la ville.",
    ),
    (
        "Anjou Transition",
        "W491008901",
        "49246",
        ["transition"],
        "Des habitants qui organisent repair cafés, fresques du climat et défis familles à énergie positive.",
    ),
    (
        "Radio Campus Angers",
        "W491009012",
        "49007",
        ["numerique", "democratie-locale"],
        "Une radio associative qui donne la parole aux habitants et retransmet des débats publics.",
    ),
    (
        "Solidarité Loire-Layon",
        "W491010123",
        "49063",
        ["solidarites"],
        "Épicerie solidaire et accompagnement des personnes isolées.",
    ),
    (
        "Jeunes en Baugeois",
        "W491011234",
        "49018",
        ["jeunesse"],
        "Une association de jeunes qui organise des projets culturels et des séjours solidaires.",
    ),
    (
        "Café citoyen du Segréen",
        "W491015678",
        "49331",
        ["democratie-locale", "solidarites"],
        "Des rencontres mensuelles ouvertes à tous pour débattre des sujets locaux.",
    ),
]

INTERCOMMUNALITIES = [
    ("Mauges Communauté", "49092", ["transition", "democratie-locale"]),
    ("Anjou Bleu Communauté", "49331", ["solidarites"]),
]

PUBLIC_BODIES = [
    ("Centre social intercommunal du Baugeois", "200071116", "49018", ["solidarites"]),
]

PENDING_COMMUNES = ["49223", "49345"]
PENDING_ASSOCIATIONS = [
    ("Les Ateliers citoyens de Trélazé", "W491012345", "49353"),
    ("Vélo Campus Angers", "W491013456", "49007"),
    ("Comité des fêtes de Tiercé", "W491014567", "49347"),
]


def load(stdout=None):
    fr, _created = Locale.objects.get_or_create(language_code="fr")
    en, _created = Locale.objects.get_or_create(language_code="en")
    load_default_communes()
    if DirectoryPage.objects.filter(locale=fr).exists():
        if stdout:
            stdout.write("Members' directory already exists: nothing to do.")
        return
    with transaction.atomic():
        _build(fr, en)
    if stdout:
        stdout.write(
            f"Members: {Member.objects.approved().count()} approved, {Member.objects.pending().count()} pending; "
            "directory page in French and English."
        )
        if settings.DEBUG:
            stdout.write(
                f"Demo representative (member area): {DEMO_REPRESENTATIVE['username']} / "
                f"{DEMO_REPRESENTATIVE['password']} (development only)"
            )
        else:
            stdout.write("Demo representative account not created: DEBUG is off.")


def _build(fr, en):
    home = HomePage.objects.get(locale=fr)
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=fr)}
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}
    now = timezone.now()

    def create(kind, name, seat, theme_slugs, status=Member.Status.APPROVED, days_ago=200, **fields):
        member = Member.objects.create(
            kind=kind,
            name=name,
            slug=unique_slug(name),
            status=status,
            seat_commune=seat,
            charter_accepted_at=now - datetime.timedelta(days=days_ago),
            language="fr",
            **fields,
        )
        member.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
        applied_at = now - datetime.timedelta(days=days_ago)
        log(member, "members.apply", data={"to_status": Member.Status.PENDING}, timestamp=applied_at)
        if status == Member.Status.APPROVED:
            log(member, "members.approve", data={"from_status": Member.Status.PENDING, "to_status": status})
        return member

    members = []
    for index, (code, theme_slugs) in enumerate(COMMUNES):
        commune = communes[code]
        slug = unique_slug(commune.name)
        members.append(
            create(
                Member.Kind.COMMUNE,
                commune.name,
                commune,
                theme_slugs,
                days_ago=400 - index * 9,
                insee_code=code,
                address=f"Hôtel de ville\n{commune.postal_codes[0] if commune.postal_codes else ''} {commune.name}",
                website=f"https://www.{slug}.example/",
                description=DESCRIPTIONS[index % len(DESCRIPTIONS)],
                public_email=f"participation@{slug}.example",
                contact_name="Camille Martin" if index == 0 else f"Contact {commune.name}",
                contact_role="Adjointe à la participation citoyenne" if index == 0 else "Chargé de mission",
                contact_email=f"participation@{slug}.example",
                contact_phone="02 41 00 00 00",
            )
        )
    for name, rna, seat_code, theme_slugs, description in ASSOCIATIONS:
        slug = unique_slug(name)
        create(
            Member.Kind.ASSOCIATION, name, communes[seat_code], theme_slugs, rna=rna, description=description,
            website=f"https://{slug}.example/", public_email=f"contact@{slug}.example",
            contact_name="Dominique Leroy", contact_role="Présidente", contact_email=f"presidence@{slug}.example",
        )  # fmt: skip
    for name, seat_code, theme_slugs in INTERCOMMUNALITIES:
        seat = communes[seat_code]
        create(
            Member.Kind.INTERCOMMUNALITY, name, seat, theme_slugs, siren=seat.intercommunality_code,
            description="L'intercommunalité accompagne ses communes dans leurs démarches de participation.",
            contact_name="Service participation", contact_email=f"participation@{unique_slug(name)}.example",
        )  # fmt: skip
    for name, siren, seat_code, theme_slugs in PUBLIC_BODIES:
        create(
            Member.Kind.PUBLIC_BODY, name, communes[seat_code], theme_slugs, siren=siren,
            description="Un centre social qui anime des instances de participation des habitants.",
            contact_name="Direction", contact_email="direction@centre-social-baugeois.example",
        )  # fmt: skip

    # Five pending applications: two communes that are not members yet, three associations.
    for commune in (communes[code] for code in PENDING_COMMUNES):
        create(
            Member.Kind.COMMUNE, commune.name, commune, ["democratie-locale"], status=Member.Status.PENDING,
            days_ago=3, insee_code=commune.insee_code, address=f"Mairie, {commune.name}",
            description="La commune souhaite rejoindre le réseau pour lancer un conseil citoyen.",
            contact_name="Alex Moreau", contact_role="Maire", contact_email=f"mairie@{unique_slug(commune.name)}.example",
        )  # fmt: skip
    for name, rna, seat_code in PENDING_ASSOCIATIONS:
        create(
            Member.Kind.ASSOCIATION, name, communes[seat_code], ["jeunesse"], status=Member.Status.PENDING,
            days_ago=5, description="Une jeune association qui souhaite rejoindre le réseau.",
            contact_name="Sam Bernard", contact_role="Président", contact_email=f"contact@{unique_slug(name)}.example",
            rna=rna,
        )  # fmt: skip

    _representative(members[0])

    ENGLISH_SLUGS["annuaire"] = "directory"
    directory = DirectoryPage(
        title=t("Annuaire des membres", "Members' directory"),
        slug="annuaire",
        locale=fr,
        show_in_menus=True,
        intro=t(
            "Les communes, intercommunalités et associations qui font vivre la participation citoyenne en Maine-et-Loire.",
            "The communes, intercommunalities and associations that bring citizen participation to life in Maine-et-Loire.",
        ),
        apply_intro="<p>"
        + t(
            "Toute commune, intercommunalité ou association du Maine-et-Loire qui partage la charte du réseau peut "
            "adhérer. L'équipe d'animation examine chaque demande sous quinze jours.",
            "Any commune, intercommunality or association of Maine-et-Loire that shares the network's charter can "
            "join. The network's staff review each application within two weeks.",
        )
        + "</p>",
    )
    home.add_child(instance=directory)
    directory.save_revision().publish()
    translate(directory, en)


def _representative(member):
    """The demo representative's account, with its published password: only when DEBUG is
    on (development), never on a production site."""
    if not settings.DEBUG:
        return
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_REPRESENTATIVE["username"],
        defaults={"email": "camille.martin@angers.example", "first_name": "Camille", "last_name": "Martin"},
    )
    if created:
        user.set_password(DEMO_REPRESENTATIVE["password"])
        user.save()
    Representative.objects.get_or_create(user=user, defaults={"member": member})
