"""Demo content of the network's life between events: sectors, the competency framework
(5 domains, 30 competencies, in French and English), people of the members (with resource
persons), field practices in every state, alliances between members, the pages (people
directory, practices library, framework, finder) in both languages, and competency tags on
resources and upcoming events — so that the finder answers in every intercommunality of
the demo. Called by `load_demo` after the members, workshops and roadmap. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from home.demo import ENGLISH_SLUGS, t, translate
from home.models import HomePage, Resource, Theme
from members import services as member_services
from members.models import Member
from members.people import Alliance, PeopleDirectoryPage, Person, Sector
from workshops.models import EventPage

from . import services
from .models import Competency, CompetencyFrameworkPage, Domain, FinderPage, Practice, PracticeIndexPage

SECTORS = [
    ("action-sociale", "Action sociale", "Social action"),
    ("jeunesse", "Jeunesse", "Youth"),
    ("education-populaire", "Éducation populaire", "Popular education"),
    ("culture", "Culture", "Culture"),
    ("environnement", "Environnement", "Environment"),
    ("politique-de-la-ville", "Politique de la ville", "Urban policy"),
    ("ruralite", "Ruralité", "Rural life"),
]

# (slug, French, English, theme slug for resources) → competencies (slug, French, English)
FRAMEWORK = [
    (
        ("mobiliser", "Mobiliser les habitants", "Mobilising residents", "democratie-locale"),
        [
            ("aller-vers", "Aller vers les habitants éloignés", "Reaching out to distant residents"),
            ("porte-a-porte", "Organiser un porte-à-porte", "Organising door-to-door visits"),
            ("tirage-au-sort", "Constituer un panel tiré au sort", "Forming a panel drawn by lot"),
            ("mobiliser-jeunes", "Mobiliser les jeunes", "Engaging young people"),
            ("benevoles", "Accueillir et fidéliser des bénévoles", "Welcoming and keeping volunteers"),
            ("communication-locale", "Communiquer localement", "Communicating locally"),
        ],
    ),
    (
        ("animer", "Animer la participation", "Facilitating participation", "democratie-locale"),
        [
            ("animer-reunion", "Animer une réunion publique", "Running a public meeting"),
            ("atelier-creatif", "Concevoir un atelier créatif", "Designing a creative workshop"),
            ("animer-distance", "Animer à distance", "Facilitating remotely"),
            ("gerer-conflits", "Gérer les désaccords", "Handling disagreements"),
            ("facile-a-lire", "Écrire en facile à lire", "Writing in easy-to-read language"),
            (
                "inclure-handicap",
                "Inclure les personnes en situation de handicap",
                "Including people with disabilities",
            ),
        ],
    ),
    (
        ("co-construire", "Co-construire les projets", "Co-designing projects", "budget-participatif"),
        [
            ("budget-participatif", "Conduire un budget participatif", "Running a participatory budget"),
            ("diagnostic-partage", "Réaliser un diagnostic partagé", "Carrying out a shared diagnosis"),
            ("chantier-citoyen", "Organiser un chantier citoyen", "Organising a citizen work day"),
            ("conseil-jeunes", "Faire vivre un conseil de jeunes", "Running a youth council"),
            ("concertation-amenagement", "Concerter sur un aménagement", "Consulting on a development project"),
            ("rendre-compte", "Rendre compte des décisions", "Reporting back on decisions"),
        ],
    ),
    (
        ("cooperer", "Coopérer en réseau", "Cooperating as a network", "solidarites"),
        [
            ("alliances-locales", "Nouer des alliances locales", "Building local alliances"),
            ("partenariat-associatif", "Travailler avec les associations", "Working with associations"),
            ("capitaliser", "Capitaliser une expérience", "Documenting an experience"),
            ("essaimer", "Essaimer une pratique", "Spreading a practice"),
            ("financer", "Trouver des financements", "Finding funding"),
            ("evaluer", "Évaluer une démarche participative", "Evaluating a participatory process"),
        ],
    ),
    (
        ("outiller", "Outils et numérique", "Tools and digital", "numerique"),
        [
            ("plateforme-participative", "Choisir une plateforme participative", "Choosing a participation platform"),
            ("donnees-personnelles", "Protéger les données personnelles", "Protecting personal data"),
            ("mediation-numerique", "Accompagner au numérique", "Supporting digital inclusion"),
            ("cartographie", "Cartographier avec les habitants", "Mapping with residents"),
            ("video-podcast", "Raconter en vidéo ou en podcast", "Telling stories in video or podcast"),
            ("questionnaire", "Construire un questionnaire", "Building a questionnaire"),
        ],
    ),
]

FIRST_NAMES = [
    "Camille", "Dominique", "Sacha", "Claude", "Alix", "Morgane", "Yanis", "Inès", "Léon", "Maëlle", "Hugo",
    "Nadia", "Élise", "Mathis", "Sophie", "Karim", "Lucie", "Théo", "Awa", "Jeanne", "Bastien", "Chloé",
    "Rémi", "Zoé", "Malik", "Anaïs", "Loïc", "Salomé", "Gaël", "Océane", "Fanny", "Ibrahim", "Louise",
    "Pierre", "Margaux", "Nathan", "Héloïse", "Tom", "Yasmine", "Adèle",
]  # fmt: skip
LAST_NAMES = [
    "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Mercier", "Faure", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Nicolas",
    "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie",
    "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière",
]  # fmt: skip

ROLES = {
    Member.Kind.COMMUNE: [
        (Person.Category.ELECTED_OFFICIAL, "Adjointe à la participation citoyenne", ["politique-de-la-ville"]),
        (Person.Category.MOBILISATION_AGENT, "Agent de mobilisation citoyenne", ["action-sociale", "jeunesse"]),
    ],
    Member.Kind.ASSOCIATION: [
        (Person.Category.ASSOCIATION_STAFF, "Coordinatrice de projets", ["education-populaire", "culture"]),
        (Person.Category.VOLUNTEER, "Bénévole référent", ["environnement"]),
    ],
    Member.Kind.INTERCOMMUNALITY: [
        (Person.Category.MUNICIPAL_AGENT, "Chargé de mission participation", ["ruralite", "action-sociale"]),
    ],
    Member.Kind.PUBLIC_BODY: [
        (Person.Category.MUNICIPAL_AGENT, "Animatrice de centre social", ["action-sociale", "jeunesse"]),
    ],
}

PRACTICES = [
    (
        "Angers",
        ("Un budget participatif de quartier", "A neighbourhood participatory budget"),
        (
            "Les habitants proposent et votent des projets pour leur quartier.",
            "Residents propose and vote for projects in their neighbourhood.",
        ),
        ["budget-participatif", "communication-locale", "rendre-compte"],
        ["budget-participatif"],
    ),
    (
        "Cholet",
        ("Un porte-à-porte dans les quartiers prioritaires", "Door-to-door visits in priority neighbourhoods"),
        (
            "Des binômes élus–habitants vont à la rencontre de ceux qu'on n'entend jamais.",
            "Pairs of councillors and residents meet those who are never heard.",
        ),
        ["porte-a-porte", "aller-vers"],
        ["democratie-locale"],
    ),
    (
        "Saumur",
        ("Un comité citoyen tiré au sort pour la transition", "A citizens' committee drawn by lot for the transition"),
        (
            "Vingt habitants tirés au sort ont rendu un avis sur le plan climat.",
            "Twenty residents drawn by lot gave their opinion on the climate plan.",
        ),
        ["tirage-au-sort", "animer-reunion", "evaluer"],
        ["transition"],
    ),
    (
        "Sèvremoine",
        ("Un conseil municipal des jeunes qui décide", "A youth council that decides"),
        (
            "Le conseil des jeunes gère son propre budget et présente ses projets au conseil municipal.",
            "The youth council manages its own budget and presents its projects to the town council.",
        ),
        ["conseil-jeunes", "mobiliser-jeunes"],
        ["jeunesse"],
    ),
    (
        "Chemillé-en-Anjou",
        ("Une journée citoyenne dans chaque commune déléguée", "A citizen day in every former commune"),
        (
            "Chantiers, repas partagé et bilan avec les habitants, une fois par an.",
            "Work sites, a shared meal and a review with residents, once a year.",
        ),
        ["chantier-citoyen", "benevoles"],
        ["solidarites"],
    ),
    (
        "Segré-en-Anjou Bleu",
        ("Un café citoyen itinérant", "A travelling citizens' café"),
        (
            "Chaque mois, un débat dans une commune différente du territoire.",
            "Every month, a debate in a different commune of the area.",
        ),
        ["animer-reunion", "aller-vers", "alliances-locales"],
        ["democratie-locale"],
    ),
    (
        "Baugé-en-Anjou",
        ("Un diagnostic partagé en milieu rural", "A shared diagnosis in a rural area"),
        (
            "Habitants, associations et élus ont dressé ensemble la carte des besoins.",
            "Residents, associations and councillors mapped the needs together.",
        ),
        ["diagnostic-partage", "cartographie"],
        ["solidarites"],
    ),
    (
        "Brissac Loire Aubance",
        ("Concerter sur le réaménagement de la place", "Consulting on the redesign of the square"),
        (
            "Ateliers sur site, maquette et vote sur trois scénarios.",
            "On-site workshops, a model and a vote on three scenarios.",
        ),
        ["concertation-amenagement", "atelier-creatif"],
        ["transition"],
    ),
    (
        "Le Lion-d'Angers",
        ("Des ateliers numériques pour participer en ligne", "Digital workshops to take part online"),
        (
            "Les médiateurs numériques accompagnent les habitants sur la plateforme de la commune.",
            "Digital mediators help residents use the commune's platform.",
        ),
        ["mediation-numerique", "plateforme-participative"],
        ["numerique"],
    ),
    (
        "Tiercé",
        ("Un questionnaire co-écrit avec les habitants", "A questionnaire co-written with residents"),
        (
            "Un questionnaire en facile à lire, testé avec un groupe d'habitants.",
            "An easy-to-read questionnaire, tested with a group of residents.",
        ),
        ["questionnaire", "facile-a-lire"],
        ["democratie-locale"],
    ),
    (
        "Trélazé",
        ("Un podcast des initiatives d'habitants", "A podcast about residents' initiatives"),
        (
            "Les jeunes du quartier interviewent les porteurs de projets.",
            "Young people of the neighbourhood interview project leaders.",
        ),
        ["video-podcast", "mobiliser-jeunes"],
        ["jeunesse", "numerique"],
    ),
    (
        "Chalonnes-sur-Loire",
        (
            "Inclure les personnes en situation de handicap dans la concertation",
            "Including people with disabilities in consultation",
        ),
        (
            "Interprète LSF, documents adaptés et lieux accessibles à chaque réunion.",
            "Sign-language interpreters, adapted documents and accessible venues at every meeting.",
        ),
        ["inclure-handicap", "facile-a-lire"],
        ["solidarites"],
    ),
    (
        "Doué-en-Anjou",
        ("Animer une assemblée à distance", "Running an assembly remotely"),
        (
            "Une assemblée citoyenne hybride, avec des relais dans chaque commune déléguée.",
            "A hybrid citizens' assembly with relays in every former commune.",
        ),
        ["animer-distance", "gerer-conflits"],
        ["numerique", "democratie-locale"],
    ),
    (
        "Mauges-sur-Loire",
        ("Essaimer les jardins partagés", "Spreading shared gardens"),
        (
            "Un kit pour qu'une autre commune lance son jardin en six mois.",
            "A kit for another commune to start its garden in six months.",
        ),
        ["essaimer", "capitaliser", "partenariat-associatif"],
        ["transition", "solidarites"],
    ),
]

ALLIANCES = [
    ("Angers", "Trélazé", "Un budget participatif commun aux quartiers limitrophes.", Alliance.Status.ACCEPTED),
    ("Cholet", "Sèvremoine", "Des chantiers de jeunes entre la ville et les Mauges.", Alliance.Status.ACCEPTED),
    ("Saumur", "Doué-en-Anjou", "Un comité citoyen partagé sur la transition.", Alliance.Status.ACCEPTED),
    ("Chemillé-en-Anjou", "Beaupréau-en-Mauges", "Une journée citoyenne commune.", Alliance.Status.ACCEPTED),
    (
        "Segré-en-Anjou Bleu",
        "Le Lion-d'Angers",
        "Un café citoyen itinérant sur les deux territoires.",
        Alliance.Status.ACCEPTED,
    ),
    ("Baugé-en-Anjou", "Beaufort-en-Anjou", "Un diagnostic rural partagé.", Alliance.Status.ACCEPTED),
    ("Brissac Loire Aubance", "Chalonnes-sur-Loire", "Des concertations accessibles à tous.", Alliance.Status.ACCEPTED),
    ("Tiercé", "Angers", "Échanger nos questionnaires et leurs résultats.", Alliance.Status.PROPOSED),
]


def load(stdout=None):
    fr, _created = Locale.objects.get_or_create(language_code="fr")
    en, _created = Locale.objects.get_or_create(language_code="en")
    if not HomePage.objects.filter(locale=fr).exists() or not Member.objects.approved().exists():
        if stdout:
            stdout.write("Practices: load the home and members demo first.")
        return
    if Domain.objects.exists():
        if stdout:
            stdout.write("The competency framework already exists: nothing to do.")
        return
    with transaction.atomic():
        _build(fr, en)
    if stdout:
        stdout.write(
            f"Practices: {Competency.objects.filter(locale=fr).count()} competencies, {Person.objects.count()} people, "
            f"{Practice.objects.filter(locale=fr).count()} practices, {Alliance.objects.count()} alliances."
        )


def _translated_snippet(instance, en, **fields):
    """Create the English version of a snippet directly (names only)."""
    copy = instance.copy_for_translation(en)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def _build(fr, en):
    home = HomePage.objects.get(locale=fr)
    sectors = {}
    for slug, name_fr, name_en in SECTORS:
        sector = Sector.objects.create(locale=fr, slug=slug, name=name_fr)
        _translated_snippet(sector, en, name=name_en, slug=slug)
        sectors[slug] = sector
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=fr)}
    competencies = {}
    domain_theme = {}
    for order, ((slug, name_fr, name_en, theme_slug), items) in enumerate(FRAMEWORK):
        domain = Domain.objects.create(locale=fr, slug=slug, name=name_fr, sort_order=order)
        domain_en = _translated_snippet(domain, en, name=name_en)
        for position, (c_slug, c_fr, c_en) in enumerate(items):
            competency = Competency.objects.create(
                locale=fr,
                domain=domain,
                slug=c_slug,
                name=c_fr,
                sort_order=position,
                description=f"{c_fr} : savoir-faire, repères et exemples partagés par les membres du réseau.",
                levels="Découvrir\nPratiquer avec un pair\nTransmettre",
            )
            english = competency.copy_for_translation(en)
            english.domain = domain_en
            english.name = c_en
            english.slug = slugify(c_en)
            english.description = f"{c_en}: know-how, guidance and examples shared by the network's members."
            english.levels = "Discover\nPractise with a peer\nPass on"
            english.save()
            competencies[c_slug] = competency
            domain_theme[c_slug] = theme_slug

    _tag_resources_and_events(competencies, domain_theme, themes)
    pages = _pages(home, en)

    # People: one or two per approved member, in the member's commune.
    now = timezone.now()
    people_by_commune = {}
    members = list(Member.objects.approved().select_related("seat_commune").prefetch_related("themes").order_by("pk"))
    competency_list = list(competencies.values())
    index = 0
    for member in members:
        for position, (category, role, sector_slugs) in enumerate(ROLES[member.kind]):
            if position and member.kind == Member.Kind.COMMUNE and index % 3 == 2:
                continue
            name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"
            member_themes = list(member.themes.all())
            person = member_services.save_person(
                member,
                {
                    "name": name,
                    "role": role,
                    "category": category,
                    "email": f"personne{index}@{member.slug}.example",
                    "commune": None,
                    "presentation": (
                        f"{role} à {member.name}. Je peux partager notre expérience et aider à démarrer "
                        "une démarche semblable."
                    ),
                    "sectors": [sectors[slug] for slug in sector_slugs],
                    "themes": member_themes,
                    "competencies": [competency_list[(index * 7 + k * 11) % len(competency_list)] for k in range(3)],
                    "pivot_themes": member_themes[:1] if position == 0 else [],
                    "pivot_sectors": [sectors[sector_slugs[0]]] if position == 0 else [],
                },
                language="fr",
                notify=False,
            )
            person.consented_at = now - datetime.timedelta(days=30 + index)
            person.save(update_fields=["consented_at"])
            people_by_commune.setdefault(member.seat_commune.name if member.seat_commune else "", []).append(person)
            index += 1
    # One profile still waiting for its owner's agreement, one hidden by its owner.
    waiting = Person.objects.order_by("pk")[3]
    waiting.consented_at = None
    waiting.save(update_fields=["consented_at"])
    hidden = Person.objects.order_by("pk")[5]
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])

    # Practices: published ones across the département, plus one waiting and one sent back.
    by_name = {member.name: member for member in members}
    published_at = now - datetime.timedelta(days=120)
    created = []
    for position, (member_name, title, summary, competency_slugs, theme_slugs) in enumerate(PRACTICES):
        member = by_name[member_name]
        contacts = [p for p in people_by_commune.get(member.seat_commune.name, []) if p.member_id == member.pk][:2]
        practice = _practice(
            member, title, summary, [competencies[s] for s in competency_slugs], [themes[s] for s in theme_slugs],
            contacts,
        )  # fmt: skip
        created.append(practice)
        if position < len(PRACTICES) - 2:
            Practice.objects.filter(pk=practice.pk).update(
                status=Practice.Status.PUBLISHED, published_at=published_at + datetime.timedelta(days=position * 7)
            )
    Practice.objects.filter(pk=created[-1].pk).update(
        status=Practice.Status.RETURNED, review_note="Pouvez-vous préciser les résultats obtenus ?"
    )
    for practice in Practice.objects.filter(status=Practice.Status.PUBLISHED, locale=fr)[:6]:
        translate(practice, en)
        Practice.objects.filter(translation_key=practice.translation_key, locale=en).update(
            status=Practice.Status.PUBLISHED, published_at=practice.published_at
        )

    for first, second, purpose, status in ALLIANCES:
        Alliance.objects.create(
            proposer=by_name[first],
            partner=by_name[second],
            purpose=purpose,
            status=status,
            answered_at=now - datetime.timedelta(days=20) if status == Alliance.Status.ACCEPTED else None,
        )
    return pages


def _practice(member, title, summary, competencies, themes, contacts):
    practice = services.submit_practice(
        member,
        {
            "title": t(*title),
            "summary": t(*summary),
            "commune": None,
            "context": t(
                "Peu d'habitants venaient aux réunions publiques, toujours les mêmes.",
                "Few residents came to public meetings, and always the same ones.",
            ),
            "what_was_done": t(
                "Nous avons changé de format et de lieu, et sommes allés au-devant des habitants.",
                "We changed the format and the place, and went out to meet residents.",
            ),
            "participants": t(
                "Une équipe de bénévoles, deux agents et une élue ; environ 300 habitants touchés.",
                "A team of volunteers, two agents and a councillor; about 300 residents reached.",
            ),
            "results": t(
                "Deux fois plus de participants, dont beaucoup de nouveaux visages.",
                "Twice as many participants, many of them new faces.",
            ),
            "lessons": t(
                "Prendre le temps d'expliquer ce que deviennent les avis recueillis.",
                "Take the time to explain what becomes of the opinions gathered.",
            ),
            "do_differently": t("Associer les jeunes plus tôt.", "Involve young people earlier."),
            "themes": themes,
            "competencies": competencies,
            "contact_people": contacts,
        },
        notify=False,
    )
    return practice


def _tag_resources_and_events(competencies, domain_theme, themes):
    resources = list(Resource.objects.filter(locale__language_code="fr").select_related("theme"))
    events = list(
        EventPage.objects.live().filter(locale__language_code="fr", start__gt=timezone.now()).order_by("start")
    )
    for position, (slug, competency) in enumerate(competencies.items()):
        theme_slug = domain_theme[slug]
        matching = [r for r in resources if r.theme.slug == theme_slug] or resources[:1]
        competency.resources.set(matching[:2] if position % 2 == 0 else matching[-1:])
        if events:
            competency.events.set([events[position % len(events)], events[(position + 3) % len(events)]])


def _pages(home, en):
    specs = [
        (
            PeopleDirectoryPage,
            "personnes-ressources",
            "people",
            ("Personnes ressources", "People to ask"),
            (
                "Les praticiens du réseau : agents de mobilisation, élus, salariés et bénévoles associatifs.",
                "The network's practitioners: mobilisation agents, elected officials, association staff and volunteers.",
            ),
        ),
        (
            PracticeIndexPage,
            "pratiques",
            "practices",
            ("Pratiques de terrain", "Field practices"),
            (
                "Les retours d'expérience des membres : ce qu'ils ont fait, avec qui, et ce qu'ils en retiennent.",
                "Members' experience: what they did, with whom, and what they learned.",
            ),
        ),
        (
            CompetencyFrameworkPage,
            "referentiel-de-competences",
            "competency-framework",
            ("Référentiel de compétences", "Competency framework"),
            (
                "Les savoir-faire de la participation citoyenne, avec les pratiques, ressources, formations et personnes associées.",
                "The know-how of citizen participation, with the related practices, resources, trainings and people.",
            ),
        ),
        (
            FinderPage,
            "qui-peut-m-aider",
            "who-can-help-me",
            ("Qui peut m'aider ?", "Who can help me?"),
            (
                "Choisissez une compétence ou un thème et votre territoire : nous vous montrons d'abord ce qui est près de chez vous.",
                "Choose a competency or a theme and your area: we show you what is near you first.",
            ),
        ),
    ]
    pages = []
    for model, slug, slug_en, title, intro in specs:
        ENGLISH_SLUGS[slug] = slug_en
        page = model(title=t(*title), slug=slug, intro=t(*intro), show_in_menus=model is not CompetencyFrameworkPage)
        home.add_child(instance=page)
        page.save_revision().publish()
        translate(page, en)
        pages.append(page)
    return pages
