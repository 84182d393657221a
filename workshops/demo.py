"""Demo content of the agenda: three citizen days in member communes, three remote
workshops, four past events and about 150 registrations (one activity full, with a
waiting list). Dates are relative to today, so the demo always has upcoming events.

Idempotent: nothing happens when the agenda already exists. Upcoming registrations go
through `workshops.services.register_for_event` (without e-mails); those of past
events are history and are written directly, with their check-in."""

import itertools
import json
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from home.demo import t, translate
from home.models import HomePage, Theme
from members.models import Commune, Member

from . import services
from .models import (
    Activity,
    DatePoll,
    EventFollowUp,
    EventIndexPage,
    EventPage,
    EventProposal,
    EventReportPage,
    Invitation,
    PollAnswer,
    PollRespondent,
    PollSlot,
    Registration,
)

COMMUNES = {
    "49092": "Chemillé-en-Anjou",
    "49021": "Beaufort-en-Anjou",
    "49328": "Saumur",
    "49007": "Angers",
}

FIRST_NAMES = [
    "Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Jules", "Inès", "Nathan",
    "Sarah", "Théo", "Emma", "Arthur", "Jeanne", "Paul", "Alice", "Gabriel", "Lina", "Noé",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
]  # fmt: skip


def at(days, hour, minute=0):
    """A time `days` from today, at a local hour."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(stdout=None):
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    en, _ = Locale.objects.get_or_create(language_code="en")
    home = HomePage.objects.filter(locale=fr).first()
    if home is None:
        if stdout:
            stdout.write("No French home page: load the governance demo first.")
        return None
    existing = EventIndexPage.objects.filter(locale=fr).first()
    if existing is not None:
        if not EventPage.objects.filter(slug=NETWORK_MEETING_SLUG).exists():
            with transaction.atomic():
                _network_life(existing, en)
            if stdout:
                stdout.write("Network meetings, training and date poll added to the agenda.")
        elif stdout:
            stdout.write("The agenda already exists: nothing to do.")
        return existing
    with transaction.atomic():
        index = _build(home, en)
    if stdout:
        count = Registration.objects.count()
        stdout.write(f"Agenda created: {EventPage.objects.filter(locale=fr).count()} events, {count} registrations.")
    return index


def _build(home, en):
    communes = {
        code: Commune.objects.get_or_create(insee_code=code, defaults={"name": name})[0]
        for code, name in COMMUNES.items()
    }
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=home.locale)}
    members = list(Member.objects.approved().order_by("name"))
    index = EventIndexPage(
        title=t("Agenda", "Agenda"),
        slug="agenda",
        show_in_menus=True,
        intro=t(
            "Journées citoyennes dans les communes du réseau et ateliers à distance : inscrivez-vous, "
            "seul ou en famille, sans créer de compte.",
            "Citizen days in the network's communes and remote workshops: sign up, alone or with your "
            "family, without creating an account.",
        ),
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    translate(index, en)

    people = _people()
    created = []
    for spec in _citizen_days(communes):
        created.append(_event(index, spec, themes, members))
    for spec in _remote_workshops():
        created.append(_event(index, spec, themes, members))
    past = [_event(index, spec, themes, members) for spec in _past_events(communes)]

    _register_upcoming(created, people, communes)
    _register_past(past, people)
    for event in created + past:
        translate(event, en)
    _network_life(index, en)
    return index


def _people():
    for n, (last, first) in enumerate(itertools.cycle(itertools.product(LAST_NAMES, FIRST_NAMES))):
        yield f"{first} {last}", f"{first.lower()}.{last.lower()}.{n}@example.org".replace("é", "e").replace("è", "e")


def _event(index, spec, themes, members):
    activities = spec.pop("activities", [])
    theme_slugs = spec.pop("themes", [])
    host_count = spec.pop("hosts", 0)
    event = EventPage(**spec)
    index.add_child(instance=event)
    for position, (title, description, leader, start, end, capacity) in enumerate(activities):
        Activity.objects.create(
            event=event,
            locale=event.locale,
            sort_order=position,
            title=title,
            description=description,
            team_leader=leader,
            start=start,
            end=end,
            capacity=capacity,
        )
    event.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
    if host_count:
        # The commune's own member structure first when it is a member, then others.
        local = [m for m in members if event.commune_id and event.commune.name.split("-")[0] in m.name]
        others = [m for m in members if m not in local]
        event.host_members.set((local + others)[:host_count])
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def _citizen_days(communes):
    d1, d2, d3 = 12, 26, 47
    return [
        {
            "title": t("Journée citoyenne de Chemillé-en-Anjou", "Chemillé-en-Anjou citizen day"),
            "slug": "journee-citoyenne-chemille",
            "kind": EventPage.Kind.CITIZEN_DAY,
            "intro": t(
                "Une journée pour embellir la commune ensemble : chantiers nature, réparation, repas partagé.",
                "A day to improve the commune together: nature work, repairs, a shared meal.",
            ),
            "start": at(d1, 9),
            "end": at(d1, 17),
            "place_name": t("Place du marché", "Market square"),
            "address": "Place du Marché, 49120",
            "commune": communes["49092"],
            "accessibility": t(
                "Site de plain-pied, toilettes accessibles. Dites-nous vos besoins lors de l'inscription.",
                "Step-free site, accessible toilets. Tell us your needs when you register.",
            ),
            "max_party_size": 5,
            "themes": ["transition", "solidarites"],
            "hosts": 2,
            "activities": [
                (
                    t("Plantation d'une haie", "Planting a hedge"),
                    t(
                        "Deux cents mètres de haie bocagère le long du chemin des écoliers.",
                        "Two hundred metres of hedgerow along the school path.",
                    ),
                    "Mireille Gaudin",
                    at(d1, 9),
                    at(d1, 12),
                    20,
                ),
                (
                    t("Atelier réparation de vélos", "Bike repair workshop"),
                    t(
                        "Apprendre à régler freins et dérailleurs avec l'association Vélo Mauges.",
                        "Learn to adjust brakes and gears with the Vélo Mauges association.",
                    ),
                    "Karim Benali",
                    at(d1, 9, 30),
                    at(d1, 12),
                    8,
                ),
                (
                    t("Repas partagé", "Shared meal"),
                    t(
                        "Chacun apporte un plat ; la commune offre les boissons.",
                        "Everyone brings a dish; the commune offers the drinks.",
                    ),
                    "",
                    at(d1, 12, 15),
                    at(d1, 13, 45),
                    40,
                ),
                (
                    t("Peinture du préau de l'école", "Painting the school playground shelter"),
                    t("Matériel fourni, tenue salissante conseillée.", "Equipment provided, wear old clothes."),
                    "Sophie Lemoine",
                    at(d1, 14),
                    at(d1, 17),
                    12,
                ),
            ],
        },
        {
            "title": t("Journée citoyenne de Beaufort-en-Anjou", "Beaufort-en-Anjou citizen day"),
            "slug": "journee-citoyenne-beaufort",
            "kind": EventPage.Kind.CITIZEN_DAY,
            "intro": t(
                "Nettoyage des bords de l'Authion, inventaire des arbres et débat sur le budget participatif.",
                "Cleaning the banks of the Authion, a tree survey and a debate on participatory budgeting.",
            ),
            "start": at(d2, 9),
            "end": at(d2, 16),
            "place_name": t("Salle des fêtes", "Village hall"),
            "address": "Rue de la Mairie, 49250",
            "commune": communes["49021"],
            "accessibility": t(
                "Salle accessible en fauteuil roulant, boucle magnétique.", "Wheelchair-accessible hall, hearing loop."
            ),
            "themes": ["transition", "budget-participatif"],
            "hosts": 1,
            "activities": [
                (
                    t("Nettoyage des berges", "Riverbank clean-up"),
                    t("Gants et sacs fournis.", "Gloves and bags provided."),
                    "Jean-Luc Praud",
                    at(d2, 9),
                    at(d2, 12),
                    25,
                ),
                (
                    t("Inventaire des arbres remarquables", "Survey of remarkable trees"),
                    t("Avec un guide naturaliste.", "With a naturalist guide."),
                    "Anne Rivière",
                    at(d2, 9),
                    at(d2, 11),
                    15,
                ),
                (
                    t(
                        "Débat : quels projets pour le budget participatif ?",
                        "Debate: which projects for the participatory budget?",
                    ),
                    "",
                    "",
                    at(d2, 14),
                    at(d2, 16),
                    30,
                ),
            ],
        },
        {
            "title": t("Journée citoyenne de Saumur", "Saumur citizen day"),
            "slug": "journee-citoyenne-saumur",
            "kind": EventPage.Kind.CITIZEN_DAY,
            "intro": t(
                "Jardins partagés, fresque participative et accueil des nouveaux habitants.",
                "Shared gardens, a participatory mural and a welcome for new residents.",
            ),
            "start": at(d3, 9),
            "end": at(d3, 18),
            "place_name": t("Jardins du Thouet", "Thouet gardens"),
            "address": "Quai du Thouet, 49400",
            "commune": communes["49328"],
            "themes": ["solidarites", "jeunesse"],
            "activities": [
                (t("Jardins partagés", "Shared gardens"), "", "Paulette Chevalier", at(d3, 9), at(d3, 12), 15),
                (t("Fresque participative", "Participatory mural"), "", "Yanis Moreau", at(d3, 14), at(d3, 17), 12),
                (t("Accueil des nouveaux habitants", "Welcome for new residents"), "", "", at(d3, 17), at(d3, 18), 50),
            ],
        },
    ]


def _remote_workshops():
    return [
        {
            "title": t(
                "Atelier à distance : lancer un conseil citoyen", "Remote workshop: starting a citizens' council"
            ),
            "slug": "atelier-conseil-citoyen",
            "kind": EventPage.Kind.REMOTE_WORKSHOP,
            "intro": t(
                "Retours d'expérience de trois communes et questions-réponses.",
                "Lessons from three communes, then questions and answers.",
            ),
            "start": at(8, 18),
            "end": at(8, 19, 30),
            "capacity": 30,
            "max_party_size": 2,
            "video_link": "https://visio.example.org/reseau-conseil-citoyen-7f3k",
            "themes": ["democratie-locale"],
        },
        {
            "title": t(
                "Atelier à distance : outils numériques de consultation", "Remote workshop: digital consultation tools"
            ),
            "slug": "atelier-outils-numeriques",
            "kind": EventPage.Kind.REMOTE_WORKSHOP,
            "intro": t(
                "Panorama des outils libres pour consulter les habitants.",
                "An overview of free tools to consult residents.",
            ),
            "start": at(19, 12, 30),
            "end": at(19, 13, 30),
            "capacity": 12,
            "max_party_size": 1,
            "video_link": "https://visio.example.org/reseau-outils-9q2m",
            "themes": ["numerique"],
        },
        {
            "title": t(
                "Atelier à distance : budget participatif, mode d'emploi",
                "Remote workshop: participatory budgeting, a guide",
            ),
            "slug": "atelier-budget-participatif",
            "kind": EventPage.Kind.REMOTE_WORKSHOP,
            "intro": t(
                "Les étapes d'un budget participatif communal.", "The steps of a municipal participatory budget."
            ),
            "start": at(33, 18),
            "end": at(33, 19, 30),
            "capacity": 40,
            "max_party_size": 2,
            "video_link": "https://visio.example.org/reseau-budget-4h8t",
            "themes": ["budget-participatif"],
        },
    ]


def _past_events(communes):
    return [
        {
            "title": t("Journée citoyenne d'automne à Angers", "Autumn citizen day in Angers"),
            "slug": "journee-automne-angers",
            "kind": EventPage.Kind.CITIZEN_DAY,
            "intro": t("Plantations et ateliers de quartier.", "Planting and neighbourhood workshops."),
            "start": at(-40, 9),
            "end": at(-40, 17),
            "place_name": t("Parc Balzac", "Balzac park"),
            "commune": communes["49007"],
            "themes": ["transition"],
            "activities": [(t("Plantations", "Planting"), "", "", at(-40, 9), at(-40, 12), 20)],
        },
        {
            "title": t("Atelier à distance : la concertation en ligne", "Remote workshop: online consultation"),
            "slug": "atelier-concertation-en-ligne",
            "kind": EventPage.Kind.REMOTE_WORKSHOP,
            "intro": t("Bonnes pratiques de la concertation en ligne.", "Good practice in online consultation."),
            "start": at(-25, 18),
            "end": at(-25, 19),
            "capacity": 25,
            "video_link": "https://visio.example.org/reseau-concertation-1a1a",
            "themes": ["numerique"],
        },
        {
            "title": t("Journée citoyenne de printemps à Chemillé-en-Anjou", "Spring citizen day in Chemillé-en-Anjou"),
            "slug": "journee-printemps-chemille",
            "kind": EventPage.Kind.CITIZEN_DAY,
            "intro": t("Nettoyage des chemins et troc de plantes.", "Path clean-up and a plant swap."),
            "start": at(-120, 9),
            "end": at(-120, 16),
            "place_name": t("Place du marché", "Market square"),
            "commune": communes["49092"],
            "themes": ["solidarites"],
            "activities": [(t("Nettoyage des chemins", "Path clean-up"), "", "", at(-120, 9), at(-120, 12), 20)],
        },
        {
            "title": t(
                "Atelier à distance : accueillir les jeunes au conseil",
                "Remote workshop: welcoming young people on the council",
            ),
            "slug": "atelier-jeunes-conseil",
            "kind": EventPage.Kind.REMOTE_WORKSHOP,
            "intro": t("Conseils municipaux de jeunes : retours d'expérience.", "Youth councils: lessons learnt."),
            "start": at(-200, 18),
            "end": at(-200, 19, 30),
            "capacity": 20,
            "video_link": "https://visio.example.org/reseau-jeunes-2b2b",
            "themes": ["jeunesse"],
        },
    ]


def _register_upcoming(events, people, communes):
    """About 115 registrations through the rules; the bike workshop ends up full with
    a waiting list."""
    plan = {
        # slug: list of (activity index or None, party size)
        "journee-citoyenne-chemille": [(0, 2)] * 6 + [(1, 2)] * 4 + [(1, 1)] * 3 + [(2, 3)] * 6 + [(3, 1)] * 10,
        "journee-citoyenne-beaufort": [(0, 2)] * 10 + [(1, 1)] * 8 + [(2, 2)] * 6,
        "journee-citoyenne-saumur": [(0, 1)] * 12 + [(1, 2)] * 4 + [(2, 3)] * 4,
        "atelier-conseil-citoyen": [(None, 1)] * 14 + [(None, 2)] * 3,
        "atelier-outils-numeriques": [(None, 1)] * 12,
        "atelier-budget-participatif": [(None, 1)] * 9,
    }
    commune_list = list(communes.values())
    for event in events:
        activities = list(event.activities.order_by("sort_order"))
        for n, (activity_index, party_size) in enumerate(plan.get(event.slug, [])):
            name, email = next(people)
            chosen = [activities[activity_index]] if activity_index is not None else []
            needs = t("Fauteuil roulant", "Wheelchair") if n % 11 == 3 else ""
            services.register_for_event(
                event,
                name=name,
                email=email,
                party_size=party_size,
                activities=chosen,
                commune=commune_list[n % len(commune_list)],
                needs=needs,
                language="en" if n % 7 == 0 else "fr",
                now=timezone.now() - timedelta(days=3) + timedelta(minutes=n),
                notify=False,
            )


def _register_past(events, people):
    """Past registrations are history: written as they ended, with their check-in."""
    for event in events:
        activities = list(event.activities.all())
        for n in range(9):
            name, email = next(people)
            registration = Registration.objects.create(
                event=event,
                name=name,
                email=email,
                party_size=1 + n % 2,
                status=Registration.Status.CONFIRMED,
                attended=n % 4 != 0,
                created_at=event.start - timedelta(days=10 - n),
            )
            if activities:
                registration.activities.set(activities[:1])


# --- The network's life: meetings, trainings, a report, invitations, a date poll ---------------

NETWORK_MEETING_SLUG = "rencontre-reseau-beaufort"
ORGANISATIONS = [
    ("Mairie de Beaufort-en-Anjou", Registration.Sector.COMMUNE),
    ("Centre social Le Lien", Registration.Sector.ASSOCIATION),
    ("Département de Maine-et-Loire", Registration.Sector.DEPARTMENT),
    ("Maison de quartier des Hauts-de-Saint-Aubin", Registration.Sector.ASSOCIATION),
    ("Saumur Agglo", Registration.Sector.COMMUNE),
    ("", Registration.Sector.RESIDENT),
]


def _network_life(index, en):
    """A past network meeting with its report, an upcoming hybrid meeting with citizen
    observers invited, a past training (with certificates to download) and an upcoming one,
    a date poll for the next training, and a member's event proposal waiting for staff."""
    communes = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=COMMUNES)}
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=index.locale)}
    members = list(Member.objects.approved().order_by("name"))
    people = _people()
    for _n in range(400):  # names not used by the citizen days' registrants
        next(people)

    past_meeting = _event(
        index,
        {
            "title": t("Rencontre du réseau à Beaufort-en-Anjou", "Network meeting in Beaufort-en-Anjou"),
            "slug": NETWORK_MEETING_SLUG,
            "kind": EventPage.Kind.NETWORK_MEETING,
            "format": EventPage.Format.IN_PERSON,
            "intro": t(
                "La rencontre trimestrielle des agents de mobilisation, avec des observateurs citoyens.",
                "The quarterly meeting of the mobilisation agents, with citizen observers.",
            ),
            "start": at(-30, 14),
            "end": at(-30, 17, 30),
            "place_name": t("Salle des fêtes", "Village hall"),
            "commune": communes.get("49021"),
            "capacity": 40,
            "max_party_size": 1,
            "themes": ["solidarites"],
            "hosts": 1,
        },
        themes,
        members,
    )
    for n in range(14):
        name, email = next(people)
        organisation, sector = ORGANISATIONS[n % len(ORGANISATIONS)]
        Registration.objects.create(
            event=past_meeting,
            name=name,
            email=email,
            status=Registration.Status.CONFIRMED,
            attended=n % 5 != 4,
            role=Registration.Role.OBSERVER if n % 5 == 0 else Registration.Role.PARTICIPANT,
            organisation=organisation,
            sector=sector,
            commune=communes.get(["49021", "49007", "49328", "49092"][n % 4]),
            listed_in_report=n % 3 != 2,
            created_at=past_meeting.start - timedelta(days=12 - n % 10),
        )
    translate(past_meeting, en)
    report = EventReportPage(
        title=t("Compte rendu de la rencontre de Beaufort-en-Anjou", "Report of the Beaufort-en-Anjou meeting"),
        slug="compte-rendu",
        summary=t(
            "Trente agents et élus ont partagé leurs pratiques de mobilisation des habitants éloignés de la "
            "participation, avec trois observateurs citoyens.",
            "Thirty agents and elected officials shared how they reach residents far from participation, "
            "with three citizen observers.",
        ),
        objectives=t(
            "Faire le point sur les journées citoyennes de l'année ; préparer la formation à l'animation.",
            "Review the year's citizen days; prepare the facilitation training.",
        ),
        body=json.dumps(
            [
                {
                    "type": "paragraph",
                    "value": t(
                        "<p>Trois ateliers en petits groupes : aller vers les habitants, accueillir les "
                        "jeunes, rendre compte des décisions.</p>",
                        "<p>Three workshops in small groups: reaching out to residents, welcoming young "
                        "people, reporting back on decisions.</p>",
                    ),
                },
                {
                    "type": "quote",
                    "value": {
                        "quote": t(
                            "On ne savait pas que d'autres communes faisaient face aux mêmes questions.",
                            "We did not know other communes faced the same questions.",
                        ),
                        "author": "Nadia",
                        "role": t("observatrice citoyenne", "citizen observer"),
                    },
                },
            ]
        ),
        decisions=t(
            "<ul><li>Une formation à l'animation de réunions publiques au printemps.</li>"
            "<li>La prochaine rencontre à Saumur, en format hybride.</li></ul>",
            "<ul><li>A training in facilitating public meetings in spring.</li>"
            "<li>The next meeting in Saumur, in hybrid format.</li></ul>",
        ),
        next_steps=t(
            "<p>Fixer la date de la formation par un sondage.</p>",
            "<p>Set the date of the training with a poll.</p>",
        ),
    )
    past_meeting.add_child(instance=report)
    report.save_revision().publish()
    EventFollowUp.objects.update_or_create(event=past_meeting, defaults={"report_notice_sent_at": timezone.now()})
    translate(report, en)

    hybrid = _event(
        index,
        {
            "title": t("Rencontre du réseau à Saumur (hybride)", "Network meeting in Saumur (hybrid)"),
            "slug": "rencontre-reseau-saumur",
            "kind": EventPage.Kind.NETWORK_MEETING,
            "format": EventPage.Format.HYBRID,
            "intro": t(
                "Sur place à Saumur ou à distance : la rencontre du réseau, avec des observateurs citoyens invités.",
                "In Saumur or remotely: the network meeting, with invited citizen observers.",
            ),
            "start": at(33, 14),
            "end": at(33, 17),
            "place_name": t("Hôtel de ville", "Town hall"),
            "commune": communes.get("49328"),
            "capacity": 30,
            "remote_capacity": 20,
            "max_party_size": 1,
            "video_link": "https://visio.example.org/reseau-rencontre-saumur-5k5k",
            "themes": ["solidarites"],
            "hosts": 1,
        },
        themes,
        members,
    )
    for n in range(8):
        name, email = next(people)
        organisation, sector = ORGANISATIONS[n % len(ORGANISATIONS)]
        services.register_for_event(
            hybrid,
            name=name,
            email=email,
            attendance="remote" if n % 3 == 0 else "in_person",
            organisation=organisation,
            sector=sector,
            listed_in_report=n % 2 == 0,
            notify=False,
        )
    for name, email in [
        ("Nadia Benali", "nadia.benali@example.org"),
        ("Yves Le Goff", "yves.legoff@example.org"),
        ("Rose Tessier", "rose.tessier@example.org"),
    ]:
        Invitation.objects.create(
            event=hybrid,
            name=name,
            email=email,
            role=Registration.Role.OBSERVER,
            attendance="in_person",
            expires_at=hybrid.start - timedelta(days=3),
        )
    accepted = Invitation.objects.filter(event=hybrid).order_by("pk").first()
    services.accept_invitation(accepted, name=accepted.name, listed_in_report=True)
    translate(hybrid, en)

    past_training = _event(
        index,
        {
            "title": t("Formation : mobiliser les habitants", "Training: mobilising residents"),
            "slug": "formation-mobiliser-habitants",
            "kind": EventPage.Kind.TRAINING,
            "format": EventPage.Format.IN_PERSON,
            "intro": t(
                "Une journée de formation pour les agents de mobilisation.", "A training day for mobilisation agents."
            ),
            "trainer": "Claire Moreau",
            "objectives": t(
                "Construire un plan de mobilisation ; choisir les bons formats.",
                "Build a mobilisation plan; choose the right formats.",
            ),
            "prerequisites": t("Aucun.", "None."),
            "start": at(-15, 9),
            "end": at(-15, 17),
            "place_name": t("Maison départementale", "Departmental building"),
            "commune": communes.get("49007"),
            "capacity": 16,
            "max_party_size": 1,
            "themes": ["solidarites"],
        },
        themes,
        members,
    )
    for n in range(10):
        name, email = next(people)
        organisation, sector = ORGANISATIONS[n % len(ORGANISATIONS)]
        Registration.objects.create(
            event=past_training,
            name=name,
            email=email,
            status=Registration.Status.CONFIRMED,
            attended=n != 9,
            organisation=organisation,
            sector=sector,
            listed_in_report=True,
            created_at=past_training.start - timedelta(days=20),
        )
    translate(past_training, en)

    upcoming_training = _event(
        index,
        {
            "title": t(
                "Formation à distance : animer une réunion publique", "Remote training: facilitating a public meeting"
            ),
            "slug": "formation-animer-reunion",
            "kind": EventPage.Kind.TRAINING,
            "format": EventPage.Format.REMOTE,
            "intro": t(
                "Deux heures pour préparer et animer une réunion publique.",
                "Two hours to prepare and run a public meeting.",
            ),
            "trainer": "Karim Haddad",
            "objectives": t(
                "Préparer un déroulé ; gérer la prise de parole.", "Plan a running order; manage who speaks."
            ),
            "prerequisites": t("Avoir déjà assisté à une réunion publique.", "Having attended a public meeting."),
            "start": at(19, 18),
            "end": at(19, 20),
            "capacity": 20,
            "max_party_size": 1,
            "video_link": "https://visio.example.org/reseau-formation-7h7h",
            "themes": ["numerique"],
        },
        themes,
        members,
    )
    translate(upcoming_training, en)

    poll = DatePoll.objects.create(
        title=t("Formation : rendre compte des décisions", "Training: reporting back on decisions"),
        description=t(
            "Une demi-journée de formation décidée à la rencontre de Beaufort-en-Anjou. Quelle date vous convient ?",
            "A half-day training decided at the Beaufort-en-Anjou meeting. Which date suits you?",
        ),
        kind=EventPage.Kind.TRAINING,
        agenda=index,
        is_public=True,
        host_member=members[0] if members else None,
    )
    slots = [
        PollSlot.objects.create(poll=poll, start=at(days, 9), end=at(days, 12, 30), sort_order=n)
        for n, days in enumerate((45, 52, 59))
    ]
    plans = [("yes", "if_need_be", "no"), ("yes", "yes", "no"), ("no", "yes", "if_need_be"), ("yes", "no", "yes")]
    for plan in plans:
        name, email = next(people)
        respondent = PollRespondent.objects.create(
            poll=poll,
            name=name,
            email=email,
            invited=True,
            email_confirmed_at=timezone.now(),
            answered_at=timezone.now(),
        )
        for slot, choice in zip(slots, plan, strict=True):
            PollAnswer.objects.create(respondent=respondent, slot=slot, choice=choice)

    if len(members) > 1:
        EventProposal.objects.create(
            member=members[1],
            kind=EventPage.Kind.CITIZEN_DAY,
            title=t("Journée citoyenne du quartier", "Neighbourhood citizen day"),
            description=t(
                "Un chantier de jardin partagé et un repas, ouverts à tous les habitants.",
                "A shared-garden work day and a meal, open to every resident.",
            ),
            start=at(70, 9),
            end=at(70, 17),
            place_name=t("Jardin partagé", "Shared garden"),
        )
