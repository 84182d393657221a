"""Demo content of the governance site: Maine-et-Loire's citizenship network.

Idempotent: run `manage.py load_demo` as often as you like. Pages are created in
French, then translated into English with wagtail-localize (the same path an editor
takes: a translation source, string translations, then the translated page is saved).
Every French string that has an English version is written next to it with `t()`.
"""

import datetime
import io

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Site

from . import translations
from .models import (
    ContentPage,
    FooterLink,
    GovernanceBody,
    GovernanceBodySeat,
    HomePage,
    MinutesIndexPage,
    MinutesPage,
    NetworkFiguresPage,
    NetworkSettings,
    NewsIndexPage,
    NewsPage,
    Resource,
    ResourceIndexPage,
    SocialLink,
    Theme,
)

ENGLISH = {}


def t(french, english):
    """Return the French text and remember its English translation."""
    ENGLISH[french] = english
    return french


def paragraphs(*pairs):
    """Rich text made of paragraphs, each given as a (French, English) pair."""
    return "".join(f"<p>{t(fr, en)}</p>" for fr, en in pairs)


def bullet_list(*pairs):
    return "<ul>" + "".join(f"<li>{t(fr, en)}</li>" for fr, en in pairs) + "</ul>"


THEMES = [
    ("budget-participatif", "Budget participatif", "Participatory budgeting"),
    ("jeunesse", "Jeunesse et citoyenneté", "Youth and citizenship"),
    ("transition", "Transition écologique", "Ecological transition"),
    ("solidarites", "Solidarités et lien social", "Solidarity and social ties"),
    ("democratie-locale", "Démocratie locale", "Local democracy"),
    ("numerique", "Outils numériques", "Digital tools"),
]


def load(stdout=None):
    """Build the governance site once; return the French home page."""
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    existing = HomePage.objects.filter(locale=fr).first()
    if existing is not None:
        if stdout:
            stdout.write("Governance pages already exist: nothing to do.")
        return existing
    with transaction.atomic():
        home = _build(fr, en)
    if stdout:
        stdout.write("Governance pages, bodies, minutes, news and resources created in French and English.")
    return home


def _build(fr, en):
    themes = [Theme.objects.create(locale=fr, slug=slug, name=t(name_fr, name_en)) for slug, name_fr, name_en in THEMES]
    image = _demo_image()
    documents = _demo_documents()
    bodies = _bodies(fr)

    root = Page.get_first_root_node()
    home = HomePage(
        title=t("Réseau citoyenneté de Maine-et-Loire", "Maine-et-Loire citizenship network"),
        slug="accueil",
        locale=fr,
        intro=t(
            "Élus, agents et associations du Maine-et-Loire travaillent ensemble pour faire vivre "
            "la participation citoyenne dans chaque commune.",
            "Elected officials, agents and associations of Maine-et-Loire work together to bring "
            "citizen participation to life in every commune.",
        ),
        body=[
            (
                "paragraph",
                paragraphs(
                    (
                        "Le réseau de la citoyenneté et de la participation citoyenne rassemble les communes, "
                        "intercommunalités et associations qui veulent associer les habitants aux décisions publiques.",
                        "The network for citizenship and citizen participation brings together the communes, "
                        "intercommunalities and associations that want to involve residents in public decisions.",
                    ),
                    (
                        "Il partage des méthodes, organise des journées citoyennes et des ateliers à distance, "
                        "et construit sa feuille de route avec ses membres.",
                        "It shares methods, organises citizen days and remote workshops, "
                        "and builds its roadmap with its members.",
                    ),
                ),
            ),
        ],
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="")
    else:
        site.root_page = home
        site.site_name = "Réseau citoyenneté"
        site.save()
    if old_root is not None and old_root.pk != home.pk and not isinstance(old_root.specific, HomePage):
        old_root.delete()

    network = _add(
        home,
        ContentPage(
            title=t("Le réseau", "The network"),
            slug="le-reseau",
            show_in_menus=True,
            intro=t(
                "Qui nous sommes, comment nous décidons et ce que nous avons décidé.",
                "Who we are, how we decide and what we have decided.",
            ),
            body=[
                (
                    "paragraph",
                    paragraphs(
                        (
                            "Né en 2025 à l'initiative du Département, le réseau réunit aujourd'hui des communes de "
                            "toutes tailles et des associations d'éducation populaire.",
                            "Founded in 2025 at the Département's initiative, the network now brings together communes "
                            "of every size and popular education associations.",
                        ),
                    ),
                ),
                (
                    "key_figures",
                    {
                        "title": t("Le réseau en quelques chiffres", "The network in figures"),
                        "figures": [
                            {"value": "2025", "label": t("année de création", "year founded")},
                            {"value": "3", "label": t("instances de gouvernance", "governance bodies")},
                            {"value": "4", "label": t("axes de la feuille de route", "roadmap axes")},
                        ],
                    },
                ),
                (
                    "quote",
                    {
                        "quote": t(
                            "Le réseau nous a permis de lancer notre premier budget participatif en six mois.",
                            "The network helped us launch our first participatory budget in six months.",
                        ),
                        "author": "Marie Lebrun",
                        "role": t(
                            "adjointe à la vie locale, Beaufort-en-Anjou",
                            "deputy mayor for local life, Beaufort-en-Anjou",
                        ),
                    },
                ),
            ],
        ),
    )
    charter = _add(
        network,
        ContentPage(
            title=t("Charte du réseau", "Network charter"),
            slug="charte",
            show_publication_history=True,
            change_summary=t(
                "Première version adoptée par le comité de pilotage", "First version adopted by the steering committee"
            ),
            intro=t(
                "Les engagements que prennent les membres du réseau.",
                "The commitments that the network's members make.",
            ),
            body=_charter_body(),
        ),
        publish=False,
    )
    _publish_history(
        charter,
        [
            (datetime.datetime(2025, 10, 14, 18, 0), "Première version adoptée par le comité de pilotage"),
            (
                datetime.datetime(2026, 3, 9, 18, 0),
                t("Ajout de l'engagement sur l'accessibilité des réunions", "Commitment on accessible meetings added"),
            ),
            (
                datetime.datetime(2026, 9, 22, 18, 0),
                t(
                    "Précisions sur la protection des données des habitants",
                    "Clarifications on residents' data protection",
                ),
            ),
        ],
    )
    _add(
        network,
        ContentPage(
            title=t("Comité de pilotage", "Steering committee"),
            slug="comite-de-pilotage",
            intro=t(
                "Le comité de pilotage fixe les orientations du réseau et suit sa feuille de route.",
                "The steering committee sets the network's direction and follows its roadmap.",
            ),
            body=[
                ("governance_body", {"body": bodies[0]}),
                (
                    "table",
                    {
                        "caption": t("Réunions du comité en 2027", "Committee meetings in 2027"),
                        "headings": [t("Date", "Date"), t("Lieu", "Place"), t("Ordre du jour", "Agenda")],
                        "rows": [
                            {"cells": ["02/02/2027", "Angers", t("Bilan de l'année", "The year in review")]},
                            {"cells": ["08/06/2027", t("En ligne", "Online"), t("Feuille de route", "Roadmap")]},
                            {"cells": ["05/10/2027", "Saumur", t("Journées citoyennes", "Citizen days")]},
                        ],
                    },
                ),
            ],
        ),
    )
    _add(
        network,
        ContentPage(
            title=t("Groupes de travail", "Working groups"),
            slug="groupes-de-travail",
            intro=t(
                "Deux groupes ouverts à tous les membres préparent les décisions du comité de pilotage.",
                "Two groups open to every member prepare the steering committee's decisions.",
            ),
            body=[
                ("governance_body", {"body": bodies[1]}),
                ("governance_body", {"body": bodies[2]}),
            ],
        ),
    )
    minutes_index = _add(
        network,
        MinutesIndexPage(
            title=t("Comptes rendus", "Minutes"),
            slug="comptes-rendus",
            intro=t(
                "Les comptes rendus des instances du réseau, du plus récent au plus ancien.",
                "Minutes of the network's bodies, newest first.",
            ),
        ),
    )
    _minutes(minutes_index, bodies, documents)

    join = _add(
        home,
        ContentPage(
            title=t("Adhérer au réseau", "Join the network"),
            slug="adherer",
            show_in_menus=True,
            intro=t(
                "Communes, intercommunalités et associations du Maine-et-Loire peuvent adhérer gratuitement.",
                "Communes, intercommunalities and associations of Maine-et-Loire can join free of charge.",
            ),
            body=[
                ("heading", {"text": t("Qui peut adhérer ?", "Who can join?"), "level": "h2"}),
                (
                    "paragraph",
                    bullet_list(
                        ("Les communes et communes nouvelles du département", "Communes of the département"),
                        ("Les intercommunalités", "Intercommunalities"),
                        ("Les associations déclarées", "Registered associations"),
                        ("Les autres organismes publics", "Other public bodies"),
                    ),
                ),
                (
                    "accordion",
                    {
                        "title": t("Questions fréquentes", "Frequently asked questions"),
                        "items": [
                            {
                                "title": t("L'adhésion est-elle payante ?", "Is there a fee?"),
                                "content": paragraphs(("Non, l'adhésion est gratuite.", "No, membership is free.")),
                            },
                            {
                                "title": t("Qui valide les demandes ?", "Who approves applications?"),
                                "content": paragraphs(
                                    (
                                        "L'équipe d'animation du Département vérifie chaque demande sous quinze jours.",
                                        "The Département's facilitation team reviews each application within two weeks.",
                                    )
                                ),
                            },
                        ],
                    },
                ),
                ("documents", {"title": t("Documents utiles", "Useful documents"), "documents": [documents[0]]}),
            ],
        ),
    )

    news_index = _add(
        home,
        NewsIndexPage(
            title=t("Actualités", "News"),
            slug="actualites",
            show_in_menus=True,
            intro=t("Les nouvelles du réseau et de ses membres.", "News from the network and its members."),
        ),
    )
    _news(news_index, image)
    resources = _add(
        home,
        ResourceIndexPage(
            title=t("Ressources", "Resources"),
            slug="ressources",
            show_in_menus=True,
            intro=t(
                "Guides, modèles et outils partagés par les membres du réseau.",
                "Guides, templates and tools shared by the network's members.",
            ),
        ),
    )
    _resources(fr, themes, documents)
    if not NetworkFiguresPage.objects.child_of(network).exists():
        _add(
            network,
            NetworkFiguresPage(
                title=t("Le réseau en chiffres", "The network in figures"),
                slug="en-chiffres",
                show_in_menus=True,
                intro=t(
                    "Inscriptions, taux de remplissage, membres et avancement de la feuille de route, mis à jour "
                    "en continu.",
                    "Registrations, fill rates, members and roadmap progress, kept up to date.",
                ),
            ),
        )

    legal = _add(home, _legal_page())
    privacy = _add(home, _privacy_page())
    accessibility = _add(home, _accessibility_page())

    settings = NetworkSettings.for_site(site)
    settings.contact_email = "citoyennete@maine-et-loire.example"
    settings.contact_phone = "02 41 00 00 00"
    settings.postal_address = (
        "Département de Maine-et-Loire\nDirection de la citoyenneté\n48B boulevard Foch\n49100 Angers"
    )
    settings.staff_email = "animation-reseau@maine-et-loire.example"
    settings.email_sender = "Réseau citoyenneté <ne-pas-repondre@maine-et-loire.example>"
    settings.legal_page = legal
    settings.privacy_page = privacy
    settings.accessibility_page = accessibility
    settings.save()
    FooterLink.objects.get_or_create(
        setting=settings, label="Département de Maine-et-Loire", url="https://www.maine-et-loire.fr/"
    )
    SocialLink.objects.get_or_create(setting=settings, label="Mastodon", url="https://mastodon.example/@reseau49")

    # English: snippets first (pages refer to them), then the pages, parents before children.
    for instance in [*themes, *bodies]:
        translate(instance, en)
    for page in [home, network, charter, join, news_index, resources, legal, privacy, accessibility]:
        translate(page, en)
    for page in network.get_children().specific():
        if page.pk != charter.pk:
            translate(page, en)
    for page in news_index.get_children().specific():
        translate(page, en)
    for resource in Resource.objects.filter(locale=fr):
        translate(resource, en)
    return home


def _add(parent, page, publish=True):
    page.locale = parent.locale
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def _publish_history(page, versions):
    """Publish one revision per version, dated as it happened."""
    for when, summary in versions:
        page.change_summary = summary
        revision = page.save_revision()
        revision.publish()
        moment = timezone.make_aware(when)
        PageLogEntry.objects.filter(revision=revision, action="wagtail.publish").update(timestamp=moment)
        page.refresh_from_db()


def translate(instance, locale):
    """Translate a page or snippet with wagtail-localize, using the English strings
    registered with `t()` and the English slugs below; strings without one stay in French
    (fallback)."""
    return translations.translate(instance, locale, ENGLISH, ENGLISH_SLUGS)


ENGLISH_SLUGS = {
    "accueil": "home",
    "le-reseau": "the-network",
    "charte": "charter",
    "comite-de-pilotage": "steering-committee",
    "groupes-de-travail": "working-groups",
    "comptes-rendus": "minutes",
    "adherer": "join",
    "actualites": "news",
    "ressources": "resources",
    "en-chiffres": "in-figures",
    "mentions-legales": "legal-notice",
    "donnees-personnelles": "privacy",
    "accessibilite": "accessibility",
}


def _bodies(fr):
    specs = [
        (
            t("Comité de pilotage", "Steering committee"),
            paragraphs(
                (
                    "Il fixe les orientations, adopte la feuille de route et valide les adhésions.",
                    "It sets the direction, adopts the roadmap and approves memberships.",
                )
            ),
            t("Tous les deux mois, à Angers ou à distance", "Every two months, in Angers or remotely"),
            [
                ("Hélène Martin", t("présidente", "chair"), "Conseil départemental", "2025–2028"),
                ("Jacques Bréhier", t("maire", "mayor"), "Commune de Chemillé-en-Anjou", "2025–2028"),
                ("Sophie Ndiaye", t("coordinatrice", "coordinator"), "Ligue de l'enseignement 49", "2025–2028"),
                (
                    "Paul Guérin",
                    t("agent de développement local", "local development officer"),
                    "Mauges Communauté",
                    "2025–2028",
                ),
            ],
        ),
        (
            t("Groupe « structuration »", "“Structuring” working group"),
            paragraphs(
                (
                    "Il propose les règles de fonctionnement du réseau : charte, adhésion, instances.",
                    "It proposes the network's rules: charter, membership, bodies.",
                )
            ),
            t("Une fois par mois, à distance", "Once a month, remotely"),
            [
                ("Claire Moreau", t("animatrice", "facilitator"), "Département de Maine-et-Loire", "2025–2027"),
                ("Yann Le Gall", t("conseiller municipal", "town councillor"), "Commune de Saumur", "2025–2027"),
            ],
        ),
        (
            t("Groupe « mobilisation »", "“Mobilisation” working group"),
            paragraphs(
                (
                    "Il prépare la journée citoyenne fédératrice et les sessions à distance.",
                    "It prepares the federating citizen day and the remote sessions.",
                )
            ),
            t("Une fois par mois, en alternance dans les communes membres", "Once a month, in member communes in turn"),
            [
                ("Nadia Benali", t("animatrice", "facilitator"), "Centre social du Layon", "2025–2027"),
                ("Thomas Roux", t("adjoint à la jeunesse", "deputy mayor for youth"), "Commune de Cholet", "2025–2027"),
            ],
        ),
    ]
    bodies = []
    for name, mission, meets, seats in specs:
        body = GovernanceBody(locale=fr, name=name, mission=mission, meets=meets)
        for sort_order, (person, role, organisation, term) in enumerate(seats):
            body.seats.add(
                GovernanceBodySeat(name=person, role=role, organisation=organisation, term=term, sort_order=sort_order)
            )
        body.save()
        bodies.append(body)
    return bodies


def _charter_body():
    return [
        ("heading", {"text": t("Nos engagements", "Our commitments"), "level": "h2"}),
        (
            "paragraph",
            bullet_list(
                (
                    "Associer les habitants le plus tôt possible aux projets qui les concernent.",
                    "Involve residents as early as possible in the projects that concern them.",
                ),
                (
                    "Rendre compte des suites données à chaque participation.",
                    "Report on what came of every contribution.",
                ),
                (
                    "Organiser des réunions accessibles à tous, sur place et à distance.",
                    "Hold meetings that everyone can attend, in person and remotely.",
                ),
                (
                    "Partager nos méthodes et nos outils avec les autres membres.",
                    "Share our methods and tools with the other members.",
                ),
                (
                    "Ne collecter que les données personnelles nécessaires, et les effacer ensuite.",
                    "Collect only the personal data we need, and erase it afterwards.",
                ),
            ),
        ),
    ]


def _minutes(index, bodies, documents):
    specs = [
        (
            datetime.date(2026, 10, 6),
            bodies[0],
            "Hôtel du Département, Angers",
            False,
            t("Comité de pilotage du 6 octobre 2026", "Steering committee, 6 October 2026"),
            bullet_list(
                ("Adoption de la feuille de route 2027.", "The 2027 roadmap is adopted."),
                (
                    "Date de la journée citoyenne fédératrice fixée au printemps.",
                    "The federating citizen day is set for the spring.",
                ),
            ),
        ),
        (
            datetime.date(2026, 9, 15),
            bodies[1],
            "",
            True,
            t("Groupe structuration du 15 septembre 2026", "Structuring group, 15 September 2026"),
            bullet_list(
                ("Projet de révision de la charte transmis au comité.", "Draft charter revision sent to the committee.")
            ),
        ),
        (
            datetime.date(2026, 6, 2),
            bodies[2],
            "Salle des fêtes, Chemillé-en-Anjou",
            False,
            t("Groupe mobilisation du 2 juin 2026", "Mobilisation group, 2 June 2026"),
            bullet_list(
                (
                    "Trois ateliers à distance programmés à l'automne.",
                    "Three remote workshops scheduled for the autumn.",
                )
            ),
        ),
    ]
    for date, body, place, remote, title, decisions in specs:
        _add(
            index,
            MinutesPage(
                title=title,
                slug=f"cr-{date.isoformat()}",
                body=body,
                date=date,
                place=place,
                remote=remote,
                participants="Hélène Martin, Jacques Bréhier, Sophie Ndiaye, Claire Moreau, Paul Guérin",
                decisions=decisions,
                content=[("documents", {"title": "", "documents": [documents[1]]})],
            ),
        )


def _news(index, image):
    specs = [
        (
            datetime.date(2026, 11, 3),
            t("La feuille de route 2027 est adoptée", "The 2027 roadmap is adopted"),
            t(
                "Quatre axes et une vingtaine d'actions concrètes, construites avec les membres.",
                "Four axes and about twenty concrete actions, built with the members.",
            ),
        ),
        (
            datetime.date(2026, 10, 12),
            t(
                "Retour sur la journée citoyenne de Chemillé-en-Anjou",
                "Looking back on the Chemillé-en-Anjou citizen day",
            ),
            t(
                "Cent vingt habitants ont participé aux chantiers du samedi.",
                "One hundred and twenty residents took part in Saturday's projects.",
            ),
        ),
        (
            datetime.date(2026, 9, 20),
            t("Trois ateliers à distance cet automne", "Three remote workshops this autumn"),
            t(
                "Budget participatif, conseils de jeunes et outils numériques : inscrivez-vous.",
                "Participatory budgeting, youth councils and digital tools: sign up.",
            ),
        ),
        (
            datetime.date(2026, 6, 30),
            t("Dix nouvelles communes rejoignent le réseau", "Ten new communes join the network"),
            t(
                "Le réseau compte désormais des membres dans chaque intercommunalité du département.",
                "The network now has members in every intercommunality of the département.",
            ),
        ),
    ]
    for number, (date, title, intro) in enumerate(specs):
        _add(
            index,
            NewsPage(
                title=title,
                slug=f"actualite-{number + 1}",
                date=date,
                intro=intro,
                image=image if number == 1 else None,
                body=[("paragraph", paragraphs((intro, ENGLISH[intro])))],
            ),
        )


def _resources(fr, themes, documents):
    specs = [
        (
            0,
            "Guide du budget participatif",
            "Participatory budgeting guide",
            "Étapes, calendrier et exemples de règlements.",
            "Steps, timeline and example rules.",
            documents[0],
            "",
        ),
        (
            1,
            "Créer un conseil municipal des jeunes",
            "Setting up a youth council",
            "Retours d'expérience de cinq communes.",
            "Lessons from five communes.",
            None,
            "https://www.anacej.fr/",
        ),
        (
            4,
            "Modèle de compte rendu de réunion publique",
            "Public meeting minutes template",
            "À adapter à votre commune.",
            "Adapt it to your commune.",
            documents[1],
            "",
        ),
        (
            4,
            "Organiser une réunion publique accessible",
            "Holding an accessible public meeting",
            "Lieux, supports, interprétation.",
            "Venues, materials, interpretation.",
            None,
            "https://www.monparcourshandicap.gouv.fr/",
        ),
        (
            2,
            "Mobiliser les habitants autour de la transition",
            "Engaging residents in the transition",
            "Méthodes d'animation testées par le réseau.",
            "Facilitation methods tried by the network.",
            documents[0],
            "",
        ),
        (
            3,
            "Journée citoyenne : kit d'organisation",
            "Citizen day: organiser's kit",
            "Affiches, fiches chantiers, assurance.",
            "Posters, activity sheets, insurance.",
            documents[1],
            "",
        ),
        (
            5,
            "Outils libres pour la concertation en ligne",
            "Free software for online consultation",
            "Comparatif des outils respectueux des données.",
            "A comparison of privacy-friendly tools.",
            None,
            "https://www.numerique.gouv.fr/",
        ),
        (
            5,
            "Animer un atelier à distance",
            "Running a remote workshop",
            "Conseils pour des visioconférences inclusives.",
            "Tips for inclusive video meetings.",
            documents[0],
            "",
        ),
    ]
    for days, (theme_index, title_fr, title_en, desc_fr, desc_en, document, url) in enumerate(specs):
        Resource.objects.create(
            locale=fr,
            title=t(title_fr, title_en),
            description=t(desc_fr, desc_en),
            theme=themes[theme_index],
            document=document,
            url=url,
            published_on=datetime.date(2026, 10, 30) - datetime.timedelta(days=days * 9),
        )


def _legal_page():
    return ContentPage(
        title=t("Mentions légales", "Legal notice"),
        slug="mentions-legales",
        body=[
            (
                "paragraph",
                paragraphs(
                    (
                        "Éditeur : Département de Maine-et-Loire, 48B boulevard Foch, 49100 Angers.",
                        "Publisher: Département de Maine-et-Loire, 48B boulevard Foch, 49100 Angers.",
                    ),
                    (
                        "Directeur de la publication : le président du Conseil départemental.",
                        "Publication director: the President of the departmental council.",
                    ),
                    (
                        "Données de référence des communes : INSEE et IGN, Licence Ouverte / Etalab 2.0.",
                        "Commune reference data: INSEE and IGN, Licence Ouverte / Etalab 2.0.",
                    ),
                ),
            )
        ],
    )


def _privacy_page():
    def section(french, english, *pairs):
        return [
            ("heading", {"text": t(french, english), "level": "h2"}),
            ("paragraph", paragraphs(*pairs)),
        ]

    return ContentPage(
        title=t("Données personnelles", "Privacy"),
        slug="donnees-personnelles",
        body=[
            *section(
                "Qui est responsable",
                "Who is responsible",
                (
                    "Le Département de Maine-et-Loire (direction de la citoyenneté, 48B boulevard Foch, 49100 Angers) "
                    "est responsable des données collectées par ce site.",
                    "The Département de Maine-et-Loire (citizenship department, 48B boulevard Foch, 49100 Angers) "
                    "is responsible for the data collected by this site.",
                ),
            ),
            *section(
                "Ce que nous collectons et pourquoi",
                "What we collect and why",
                (
                    "Nous collectons uniquement les données nécessaires à chaque démarche, et rien d'autre.",
                    "We only collect the data each procedure needs, and nothing else.",
                ),
                (
                    "Inscription à une journée citoyenne ou à un atelier : nom, adresse électronique, commune de "
                    "résidence, nombre de personnes et besoins d'accessibilité, pour organiser l'évènement, vous "
                    "confirmer votre place, vous envoyer un rappel et vous proposer une place libérée.",
                    "Registering for a citizen day or a workshop: name, e-mail address, commune of residence, "
                    "number of people and accessibility needs, to organise the event, confirm your seat, send you "
                    "a reminder and offer you a freed seat.",
                ),
                (
                    "Proposition ou soutien d'une action de la feuille de route : adresse électronique (et nom pour "
                    "une proposition), pour confirmer qu'une personne réelle est à l'origine de la démarche, "
                    "compter un soutien une seule fois et, si vous le demandez, vous informer des avancées.",
                    "Proposing or supporting a roadmap action: e-mail address (and name for a proposal), to confirm "
                    "that a real person made it, count a support only once and, if you ask for it, tell you about "
                    "progress.",
                ),
                (
                    "Adhésion d'une structure : coordonnées de la personne de contact et comptes des représentants, "
                    "pour instruire la demande et permettre à la structure de gérer son profil. Ces coordonnées ne "
                    "sont jamais publiées.",
                    "A structure's membership: the contact person's details and the representatives' accounts, to "
                    "review the application and let the structure manage its profile. These details are never "
                    "published.",
                ),
                (
                    "Les soutiens sont comptés publiquement, mais les identités ne sont jamais affichées.",
                    "Supports are counted publicly, but identities are never shown.",
                ),
            ),
            *section(
                "Base légale",
                "Legal basis",
                (
                    "L'animation du réseau relève de la mission d'intérêt public du Département (article 6.1.e du "
                    "RGPD). Les inscriptions, propositions et soutiens reposent sur votre consentement (article "
                    "6.1.a), que vous donnez en cochant la case prévue sur chaque formulaire et que vous pouvez "
                    "retirer à tout moment.",
                    "Running the network is part of the Département's public-interest mission (article 6.1.e of the "
                    "GDPR). Registrations, proposals and supports rely on your consent (article 6.1.a), which you "
                    "give by ticking the box on each form and may withdraw at any time.",
                ),
            ),
            *section(
                "Durée de conservation",
                "Retention",
                (
                    "Inscriptions : les données des personnes inscrites sont anonymisées six mois après l'évènement "
                    "(durée réglée dans les paramètres du site) ; seuls les effectifs restent, pour les statistiques.",
                    "Registrations: registrants' data is anonymised six months after the event (a period set in the "
                    "site's settings); only the numbers remain, for statistics.",
                ),
                (
                    "Propositions et soutiens dont l'adresse n'a pas été confirmée : supprimés après 30 jours. Une "
                    "proposition publiée garde son texte ; un soutien confirmé reste compté.",
                    "Proposals and supports whose address was never confirmed: deleted after 30 days. A published "
                    "proposal keeps its text; a confirmed support keeps counting.",
                ),
                (
                    "Contacts et représentants des membres : conservés tant que la structure est membre du réseau, "
                    "puis effacés à sa demande ou à son départ.",
                    "Members' contacts and representatives: kept while the structure is a member of the network, "
                    "then erased on request or when it leaves.",
                ),
            ),
            *section(
                "Vos droits",
                "Your rights",
                (
                    "Vous pouvez accéder à vos données, les recevoir dans un fichier, les faire rectifier ou effacer, "
                    "vous opposer à leur traitement ou en limiter l'usage, et retirer votre consentement.",
                    "You may access your data, receive it in a file, have it corrected or erased, object to or "
                    "restrict its processing, and withdraw your consent.",
                ),
                (
                    "Pour exercer ces droits, écrivez à citoyennete@maine-et-loire.example en indiquant l'adresse "
                    "électronique concernée : l'équipe du réseau vous envoie l'export de vos données ou les efface, "
                    "dans un délai d'un mois. Le lien personnel reçu par courriel permet aussi d'annuler une "
                    "inscription et de se désabonner des nouvelles d'une action.",
                    "To exercise these rights, write to citoyennete@maine-et-loire.example giving the e-mail address "
                    "concerned: the network's team sends you the export of your data or erases it within one month. "
                    "The personal link received by e-mail also lets you cancel a registration and unsubscribe from "
                    "an action's news.",
                ),
                (
                    "Si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL (cnil.fr). Ce "
                    "site n'utilise aucun traceur ni service tiers.",
                    "If you think your rights are not respected, you may complain to the CNIL (cnil.fr). This site "
                    "uses no tracker and no third-party service.",
                ),
            ),
        ],
    )


def _accessibility_page():
    return ContentPage(
        title=t("Accessibilité", "Accessibility"),
        slug="accessibilite",
        body=[
            (
                "paragraph",
                paragraphs(
                    (
                        "Le Département s'engage à rendre ce site accessible conformément au RGAA 4.1.",
                        "The Département is committed to making this site accessible in line with RGAA 4.1.",
                    ),
                    (
                        "État de conformité : partiellement conforme. Les pages sont contrôlées automatiquement à chaque modification.",
                        "Compliance status: partially compliant. Pages are checked automatically at every change.",
                    ),
                    (
                        "Pour signaler un défaut d'accessibilité, écrivez à citoyennete@maine-et-loire.example.",
                        "To report an accessibility problem, write to citoyennete@maine-et-loire.example.",
                    ),
                ),
            )
        ],
    )


def _demo_image():
    Image_ = get_image_model()
    existing = Image_.objects.filter(title="Journée citoyenne à Chemillé-en-Anjou").first()
    if existing:
        return existing
    picture = Image.new("RGB", (960, 480), (31, 78, 121))
    draw = ImageDraw.Draw(picture)
    for index in range(12):
        draw.ellipse(
            (60 + index * 72, 300 - (index % 3) * 40, 120 + index * 72, 360 - (index % 3) * 40), fill=(232, 240, 247)
        )
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return Image_.objects.create(
        title="Journée citoyenne à Chemillé-en-Anjou",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="journee-citoyenne.png"),
        default_alt_text="Des habitants réunis pour un chantier participatif",
    )


def _demo_documents():
    Document = get_document_model()
    documents = []
    for title, filename in [
        ("Guide de l'adhésion au réseau", "guide-adhesion.pdf"),
        ("Modèle de compte rendu", "modele-compte-rendu.pdf"),
    ]:
        document = Document.objects.filter(title=title).first()
        if document is None:
            buffer = io.BytesIO()
            Image.new("RGB", (595, 842), (255, 255, 255)).save(buffer, "PDF")
            document = Document.objects.create(
                title=title, file=SimpleUploadedFile(filename, buffer.getvalue(), content_type="application/pdf")
            )
        documents.append(document)
    return documents
