"""Demo content of the roadmap: Maine-et-Loire's network roadmap in French, translated
into English with wagtail-localize. Uses the approved members the members demo created
(owners stay empty without them). Idempotent: does nothing once the roadmap page exists.

Demo content of residents' participation, loaded with the roadmap's demo: volunteer
missions on actions and on a citizen day (one of them full), a call for ideas preparing
the next citizen day (open, with published ideas and supports), a past call with its
published results (a selected idea became an action), residents following the open call
by e-mail, and proposals and an idea before the steering committee — one decided
("accepted", it became an action), a proposal and the most supported idea waiting for its
next minutes. Rows are written directly: no e-mail is sent.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Site

from follows.models import Consent, Follow, Subscriber
from follows.services import FOLLOW_WORDING
from home.demo import ENGLISH_SLUGS, t, translate
from home.models import ContentReport, GovernanceBody, HomePage, MinutesIndexPage, MinutesPage, Publication
from members.models import Member
from workshops.models import EventPage

from . import services
from .agenda_models import AgendaItem, ParticipationSettings
from .call_models import Call, Idea, IdeaSupport
from .mission_models import Mission, Volunteer
from .models import Action, ActionUpdate, Axis, Commitment, Proposal, RoadmapPage, Support
from .services.agenda import next_minutes

S = Action.Status
ENGLISH_SLUGS["feuille-de-route"] = "roadmap"

AXES = [
    (
        t("Structurer la gouvernance du réseau", "Structure the network's governance"),
        t(
            "Se doter de règles claires, d'instances qui se réunissent et d'une charte partagée.",
            "Adopt clear rules, bodies that meet and a shared charter.",
        ),
    ),
    (
        t("Animer et essaimer le réseau sur le département", "Animate and spread the network across the département"),
        t(
            "Faire vivre le réseau dans chaque territoire et aider de nouvelles communes à se lancer.",
            "Bring the network to life in every area and help new communes get started.",
        ),
    ),
    (
        t("Mobiliser les habitants et les acteurs locaux", "Mobilise residents and local actors"),
        t(
            "Aller vers les habitants qui participent peu et associer les associations de proximité.",
            "Reach the residents who rarely take part and involve neighbourhood associations.",
        ),
    ),
    (
        t("Outils et pérennité", "Tools and sustainability"),
        t(
            "Partager des outils, former les acteurs et assurer les moyens du réseau dans la durée.",
            "Share tools, train people and secure the network's means over time.",
        ),
    ),
]

# (axis index, title (fr, en), description (fr, en), status, progress, period (fr, en))
ACTIONS = [
    (
        0,
        ("Adopter la charte du réseau", "Adopt the network's charter"),
        (
            "Rédiger, discuter et voter la charte qui engage les membres.",
            "Write, discuss and vote the charter that binds the members.",
        ),
        S.DONE,
        100,
        ("Premier semestre 2026", "First half of 2026"),
    ),
    (
        0,
        ("Installer le comité de pilotage", "Set up the steering committee"),
        (
            "Désigner les membres du comité et fixer son rythme de réunion.",
            "Appoint the committee's members and set how often it meets.",
        ),
        S.DONE,
        100,
        ("Printemps 2026", "Spring 2026"),
    ),
    (
        0,
        ("Créer deux groupes de travail thématiques", "Create two thematic working groups"),
        (
            "Un groupe « structuration » et un groupe « mobilisation », ouverts à tous les membres.",
            "A “structuring” group and a “mobilisation” group, open to every member.",
        ),
        S.IN_PROGRESS,
        60,
        ("Fin 2026", "End of 2026"),
    ),
    (
        0,
        ("Publier un bilan annuel du réseau", "Publish an annual report of the network"),
        (
            "Rendre compte chaque année des actions menées et des moyens engagés.",
            "Report every year on the actions carried out and the means committed.",
        ),
        S.PLANNED,
        0,
        ("Début 2027", "Early 2027"),
    ),
    (
        0,
        ("Définir une procédure d'adhésion simplifiée", "Define a simpler membership procedure"),
        (
            "Une adhésion en ligne, examinée par le comité dans le mois.",
            "Apply online, with the committee deciding within a month.",
        ),
        S.DONE,
        100,
        ("2026", "2026"),
    ),
    (
        1,
        ("Organiser une rencontre annuelle des membres", "Hold an annual members' meeting"),
        (
            "Une journée d'échanges entre communes et associations, chaque automne.",
            "A day of exchanges between communes and associations, every autumn.",
        ),
        S.IN_PROGRESS,
        70,
        ("Octobre 2026", "October 2026"),
    ),
    (
        1,
        ("Accompagner cinq nouvelles communes", "Support five new communes"),
        (
            "Un binôme de communes expérimentées aide chaque nouvelle commune à démarrer.",
            "A pair of experienced communes helps each new commune get started.",
        ),
        S.IN_PROGRESS,
        40,
        ("2026-2027", "2026-2027"),
    ),
    (
        1,
        ("Lancer des journées citoyennes dans les Mauges", "Launch citizen days in the Mauges"),
        (
            "Essaimer le format des journées citoyennes dans les communes des Mauges.",
            "Spread the citizen day format to the communes of the Mauges.",
        ),
        S.PLANNED,
        10,
        ("Printemps 2027", "Spring 2027"),
    ),
    (
        1,
        ("Ouvrir des ateliers à distance mensuels", "Open monthly remote workshops"),
        (
            "Un atelier en visioconférence chaque mois sur une méthode de participation.",
            "A video workshop every month on a participation method.",
        ),
        S.IN_PROGRESS,
        50,
        ("Toute l'année", "All year round"),
    ),
    (
        1,
        ("Créer un réseau de référents par intercommunalité", "Create a network of contacts in each intercommunality"),
        (
            "Un élu ou un agent référent dans chaque intercommunalité du département.",
            "An elected official or officer as contact in each intercommunality.",
        ),
        S.DROPPED,
        20,
        ("2026", "2026"),
    ),
    (
        2,
        ("Tenir des cafés citoyens dans les quartiers", "Hold citizen cafés in the neighbourhoods"),
        (
            "Des rencontres informelles pour recueillir les idées des habitants.",
            "Informal meetings to gather residents' ideas.",
        ),
        S.IN_PROGRESS,
        35,
        ("2026-2027", "2026-2027"),
    ),
    (
        2,
        ("Associer les conseils municipaux de jeunes", "Involve the youth municipal councils"),
        (
            "Inviter les conseils de jeunes aux rencontres du réseau.",
            "Invite youth councils to the network's meetings.",
        ),
        S.PLANNED,
        0,
        ("2027", "2027"),
    ),
    (
        2,
        ("Former des habitants à l'animation de réunions", "Train residents to run meetings"),
        (
            "Un cycle de trois séances pour des habitants volontaires.",
            "A three-session course for volunteer residents.",
        ),
        S.PLANNED,
        15,
        ("Hiver 2026", "Winter 2026"),
    ),
    (
        2,
        ("Mettre en place un budget participatif départemental", "Set up a département-wide participatory budget"),
        (
            "Étudier les conditions d'un budget participatif à l'échelle du département.",
            "Study how a participatory budget could work across the département.",
        ),
        S.PROPOSED,
        0,
        ("À définir", "To be decided"),
    ),
    (
        2,
        ("Aller vers les habitants éloignés de la participation", "Reach residents far from participation"),
        (
            "Porte-à-porte et permanences dans les lieux du quotidien.",
            "Door-to-door visits and drop-in sessions in everyday places.",
        ),
        S.IN_PROGRESS,
        25,
        ("2026-2027", "2026-2027"),
    ),
    (
        3,
        ("Créer une boîte à outils en ligne", "Create an online toolbox"),
        (
            "Fiches méthodes, modèles de documents et retours d'expérience.",
            "Method sheets, document templates and lessons learned.",
        ),
        S.IN_PROGRESS,
        80,
        ("Fin 2026", "End of 2026"),
    ),
    (
        3,
        ("Former les agents municipaux à la concertation", "Train municipal officers in consultation"),
        (
            "Deux journées de formation par an avec le centre de gestion.",
            "Two training days a year with the management centre.",
        ),
        S.PLANNED,
        5,
        ("2027", "2027"),
    ),
    (
        3,
        ("Sécuriser un financement pluriannuel", "Secure multi-year funding"),
        (
            "Une convention de trois ans avec le Département et la CAF.",
            "A three-year agreement with the Département and the family allowance fund.",
        ),
        S.IN_PROGRESS,
        45,
        ("Mi-2027", "Mid-2027"),
    ),
    (
        3,
        ("Mettre en place un site internet du réseau", "Set up the network's website"),
        ("Un site bilingue, accessible, sans traceurs.", "A bilingual, accessible website without trackers."),
        S.DONE,
        100,
        ("2026", "2026"),
    ),
    (
        3,
        ("Évaluer l'impact des actions du réseau", "Evaluate the impact of the network's actions"),
        (
            "Des indicateurs simples, suivis chaque année avec les membres.",
            "Simple indicators, followed every year with the members.",
        ),
        S.PLANNED,
        0,
        ("2027", "2027"),
    ),
]

UPDATES = [
    (
        ("Lancement de l'action avec les premiers volontaires.", "Action launched with the first volunteers."),
        10,
        S.IN_PROGRESS,
    ),
    (
        (
            "Premier point d'étape présenté au comité de pilotage.",
            "First progress report presented to the steering committee.",
        ),
        None,
        "",
    ),
    (("Une étape importante est franchie.", "An important milestone was reached."), None, ""),
]

PROPOSALS = [
    (
        2,
        ("Des boîtes à idées dans les mairies", "Idea boxes in town halls"),
        (
            "Recueillir les idées des habitants qui n'utilisent pas internet.",
            "Gather ideas from residents who do not use the internet.",
        ),
        "unconfirmed",
        "",
    ),
    (
        1,
        ("Un covoiturage pour les journées citoyennes", "Car-sharing to citizen days"),
        ("Faciliter la venue des habitants sans voiture.", "Help residents without a car to come."),
        "unconfirmed",
        "",
    ),
    (
        2,
        ("Un conseil citoyen des aînés", "An elders' citizen council"),
        ("Associer les personnes âgées aux décisions locales.", "Involve older people in local decisions."),
        "open",
        "",
    ),
    (
        3,
        ("Un prêt de matériel d'animation", "Lending facilitation equipment"),
        (
            "Mutualiser paperboards, sonorisation et jeux de cartes entre membres.",
            "Share flipcharts, sound systems and card games between members.",
        ),
        "open",
        "",
    ),
    (
        2,
        ("Des ateliers participatifs dans les collèges", "Participatory workshops in secondary schools"),
        ("Faire découvrir la participation citoyenne aux collégiens.", "Introduce pupils to citizen participation."),
        "accepted",
        "",
    ),
    (
        1,
        ("Une carte des initiatives citoyennes", "A map of citizen initiatives"),
        (
            "Montrer où se passent les initiatives dans le département.",
            "Show where initiatives happen across the département.",
        ),
        "accepted",
        "",
    ),
    (
        0,
        ("Un vote en ligne pour toutes les décisions", "Online voting for every decision"),
        (
            "Faire voter les habitants en ligne sur chaque décision du réseau.",
            "Have residents vote online on every decision of the network.",
        ),
        "declined",
        t(
            "Le réseau réunit des structures : ses décisions sont prises par le comité de pilotage, après consultation des membres.",
            "The network brings structures together: its decisions are taken by the steering committee, after consulting the members.",
        ),
    ),
    (
        3,
        ("Une application mobile du réseau", "A mobile app for the network"),
        ("Une application pour suivre les actions.", "An app to follow the actions."),
        "declined",
        t(
            "Le site du réseau, lisible sur téléphone, répond déjà à ce besoin sans coût de maintenance supplémentaire.",
            "The network's website, readable on phones, already meets this need without extra maintenance costs.",
        ),
    ),
]

RESIDENTS = [
    ("Camille Martin", "camille.martin@example.org"),
    ("Hugo Bernard", "hugo.bernard@example.org"),
    ("Inès Petit", "ines.petit@example.org"),
    ("Lucas Moreau", "lucas.moreau@example.org"),
]

COMMITMENT_KINDS = [
    (
        Commitment.Kind.ROOM,
        t("Une salle de réunion de 40 places, en soirée.", "A meeting room for 40 people, in the evening."),
    ),
    (
        Commitment.Kind.VOLUNTEERS,
        t("Deux bénévoles pour l'accueil et l'animation.", "Two volunteers for welcoming and facilitation."),
    ),
    (
        Commitment.Kind.EXPERTISE,
        t("Notre expérience des conseils de quartier.", "Our experience of neighbourhood councils."),
    ),
    (Commitment.Kind.HOSTING, t("L'accueil d'une rencontre dans notre commune.", "Hosting a meeting in our commune.")),
    (Commitment.Kind.FUNDING, t("Une participation de 500 € aux frais.", "A contribution of €500 to the costs.")),
]


def load(stdout=None):
    fr = Locale.objects.get(language_code="fr")
    en = Locale.objects.get(language_code="en")
    if RoadmapPage.objects.exists():
        if stdout:
            stdout.write("Roadmap already exists: nothing to do.")
        return RoadmapPage.objects.filter(locale=fr).first()
    home = HomePage.objects.get(locale=fr)
    with transaction.atomic():
        page = _build(home, fr, en)
    if stdout:
        stdout.write("Roadmap created: 4 axes, 20 actions, their history, 9 proposals, supports and commitments.")
    return page


def _members():
    return list(Member.objects.approved().order_by("pk")[:12])


def _build(home, fr, en):
    page = RoadmapPage(
        title=t("Feuille de route", "Roadmap"),
        slug="feuille-de-route",
        show_in_menus=True,
        intro=t(
            "La feuille de route du réseau s'écrit ensemble : l'équipe la tient à jour, les membres s'y engagent, "
            "les habitants proposent et soutiennent des actions.",
            "The network's roadmap is written together: the team keeps it up to date, members commit to it, "
            "residents propose and support actions.",
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    translate(page, en)

    axes = []
    for order, (title, description) in enumerate(AXES, start=1):
        axis = Axis.objects.create(locale=fr, title=title, description=description, sort_order=order)
        translate(axis, en)
        axes.append(axis)

    members = _members()
    today = timezone.localdate()
    actions = []
    for index, (
        axis_index,
        (title_fr, title_en),
        (desc_fr, desc_en),
        status,
        progress,
        (period_fr, period_en),
    ) in enumerate(ACTIONS):
        action = Action.objects.create(
            locale=fr,
            axis=axes[axis_index],
            title=t(title_fr, title_en),
            description=t(desc_fr, desc_en),
            status=S.PLANNED if status != S.PROPOSED else S.PROPOSED,
            progress=0,
            target_period=t(period_fr, period_en),
            lead_member=members[index % len(members)] if members else None,
        )
        if members:
            action.contributing_members.set(
                {members[(index + 1) % len(members)], members[(index + 3) % len(members)]} - {action.lead_member}
            )
        _history(action, status, progress, today, index)
        if members and status not in (S.DONE, S.DROPPED) and index % 2 == 0:
            kind, description = COMMITMENT_KINDS[index % len(COMMITMENT_KINDS)]
            services.commit(members[(index + 2) % len(members)], action, kind, description)
        translate(action, en)
        actions.append(action)

    _link_events(actions, fr)
    _proposals(axes, members, actions, today)
    _supports(actions, members)
    load_participation(actions, axes, members)
    return page


def _link_events(actions, fr):
    """Link the workshops demo's events (when loaded) to the actions they serve."""
    events = list(EventPage.objects.live().filter(locale=fr).order_by("start")[:6])
    for index, event in enumerate(events):
        actions[(5, 8, 10, 7, 12, 14)[index]].events.add(event)


def _history(action, status, progress, today, index):
    """A few dated notes, ending on the action's current status and progress."""
    if status == S.PROPOSED or (status == S.PLANNED and progress == 0):
        return
    start = today - datetime.timedelta(days=300 - index * 7)
    steps = 3 if status in (S.DONE, S.DROPPED) else 2
    for step in range(steps):
        (text_fr, text_en), _p, _s = UPDATES[step]
        last = step == steps - 1
        if last and status == S.DONE:
            text = t(
                "Action terminée : bravo à toutes les structures engagées.",
                "Action completed: well done to every structure involved.",
            )
        elif last and status == S.DROPPED:
            text = t(
                "Action abandonnée : les intercommunalités préfèrent passer par les groupes de travail.",
                "Action dropped: the intercommunalities prefer to work through the working groups.",
            )
        else:
            text = t(text_fr, text_en)
        services.add_update(
            action,
            text,
            progress=progress if last else max(5, progress * (step + 1) // (steps + 1)),
            status=status if last else (S.IN_PROGRESS if step == 0 else ""),
            date=start + datetime.timedelta(days=60 * step),
            notify=False,
        )


def _proposals(axes, members, actions, today):
    now = timezone.now()
    for index, (axis_index, (title_fr, title_en), (desc_fr, desc_en), state, reason) in enumerate(PROPOSALS):
        member = members[index % len(members)] if members and index in (3, 5) else None
        name, email = RESIDENTS[index % len(RESIDENTS)]
        proposal = Proposal.objects.create(
            axis=axes[axis_index],
            title=title_fr,
            description=desc_fr,
            member=member,
            name="" if member else name,
            email="" if member else email,
            status=Proposal.Status.UNCONFIRMED if state == "unconfirmed" else Proposal.Status.OPEN,
            confirmed_at=None if state == "unconfirmed" else now - datetime.timedelta(days=40 - index),
            # Staff have read and published the confirmed ones (home.contributions).
            publication=Publication.PENDING if state == "unconfirmed" else Publication.PUBLISHED,
        )
        if state == "accepted":
            action = Action.objects.create(
                locale=axes[axis_index].locale,
                axis=axes[axis_index],
                title=t(title_fr, title_en),
                description=t(desc_fr, desc_en),
                status=S.PROPOSED,
                lead_member=member,
            )
            translate(action, Locale.objects.get(language_code="en"))
            proposal.status = Proposal.Status.ACCEPTED
            proposal.action = action
            proposal.decided_at = now - datetime.timedelta(days=10)
            proposal.save()
        elif state == "declined":
            proposal.status = Proposal.Status.DECLINED
            proposal.decline_reason = reason
            proposal.decided_at = now - datetime.timedelta(days=12)
            proposal.save()
        elif state == "open":
            for _resident, email_ in RESIDENTS[: index + 1]:
                Support.objects.create(proposal=proposal, email=email_.replace("@", f"+{index}@"), confirmed_at=now)
            if member is None and not ContentReport.objects.exists():
                # A visitor reported it: it waits in the staff's queue (Network → Content reports).
                ContentReport.objects.create(
                    kind="proposal",
                    object_id=proposal.pk,
                    content_title=proposal.title,
                    reason="Cette proposition me semble hors sujet pour la feuille de route.",
                )
    # A resident's confirmed proposal waiting for the staff's review: not public yet.
    name, email = RESIDENTS[0]
    Proposal.objects.create(
        axis=axes[0],
        title="Un abri à vélos devant chaque mairie",
        description="Pour venir aux réunions publiques à vélo, même quand il pleut.",
        name=name,
        email=email,
        status=Proposal.Status.OPEN,
        confirmed_at=now - datetime.timedelta(days=1),
        publication=Publication.PENDING,
    )


def _supports(actions, members):
    now = timezone.now()
    supports = []
    for index, action in enumerate(actions):
        if action.status == S.DROPPED:
            continue
        for number in range(index % 7 + 1):
            supports.append(
                Support(
                    action=action,
                    email=f"habitant{number}@example.org",
                    confirmed_at=now,
                    notify_updates=number % 2 == 0,
                )
            )
        supports.append(Support(action=action, email="en-attente@example.org"))  # never confirmed: does not count
        if members:
            supports.append(Support(action=action, member=members[index % len(members)], confirmed_at=now))
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    return ActionUpdate.objects.count()


# --- Residents' participation: missions, calls for ideas, the bodies' agenda -----

VOLUNTEERS = [
    ("Camille Martin", "camille.martin@example.org", "Jardinage"),
    ("Hugo Bernard", "hugo.bernard@example.org", "Bricolage, une camionnette"),
    ("Inès Petit", "ines.petit@example.org", ""),
    ("Lucas Moreau", "lucas.moreau@example.org", "Premiers secours"),
]


def load_participation(actions, axes, members):
    fr = Locale.objects.get(language_code="fr")
    en = Locale.objects.get(language_code="en")
    now = timezone.now()
    committee = _settings()
    citizen_day = _next_citizen_day(fr)
    _missions(actions, citizen_day, members, now)
    call = _calls(fr, en, axes, citizen_day, members, now)
    _followers(call, now)
    if committee is not None:
        _decisions(axes, committee, now)
        _idea_before_committee(call, committee)


def _settings():
    site = Site.objects.filter(is_default_site=True).first()
    committee = GovernanceBody.objects.filter(locale__language_code="fr", name__icontains="pilotage").first()
    if site is not None:
        settings = ParticipationSettings.for_site(site)
        settings.agenda_threshold = 5
        settings.deciding_body = committee
        settings.save()
    return committee


def _next_citizen_day(fr):
    return (
        EventPage.objects.live()
        .filter(locale=fr, kind=EventPage.Kind.CITIZEN_DAY, start__gt=timezone.now(), cancelled=False)
        .order_by("start")
        .first()
    )


def _missions(actions, citizen_day, members, now):
    open_actions = [a for a in actions if a.status in (Action.Status.PLANNED, Action.Status.IN_PROGRESS)]
    specs = []
    if open_actions:
        specs.append(
            dict(
                action=open_actions[0],
                title=t("Tenir le stand du réseau au marché", "Staff the network's stall at the market"),
                description=t(
                    "Présenter le réseau aux habitants et recueillir leurs envies de participation.",
                    "Introduce the network to residents and hear what they would like to take part in.",
                ),
                days=12,
                place="Place du marché, Saumur",
                capacity=3,
                skills=t("Aisance à l'oral", "At ease talking to people"),
                volunteers=3,  # full: the demo shows a full mission
            )
        )
        specs.append(
            dict(
                action=open_actions[min(1, len(open_actions) - 1)],
                title=t("Distribuer le programme dans les boîtes aux lettres", "Deliver the programme to letterboxes"),
                description="",
                days=20,
                place="Trélazé",
                capacity=8,
                skills="",
                volunteers=2,
            )
        )
    if citizen_day is not None:
        specs.append(
            dict(
                event=citizen_day,
                title=t("Accueillir les habitants le matin", "Welcome residents in the morning"),
                description=t(
                    "Orienter chacun vers son chantier et servir le café.",
                    "Show everyone to their worksite and serve coffee.",
                ),
                days=None,
                place=citizen_day.place_name,
                capacity=4,
                skills="",
                volunteers=1,
            )
        )
    for spec in specs:
        count = spec.pop("volunteers")
        days = spec.pop("days")
        if days is None:
            start, end = citizen_day.start, citizen_day.start + datetime.timedelta(hours=2)
        else:
            start = (now + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
            end = start + datetime.timedelta(hours=3)
        mission = Mission.objects.create(start=start, end=end, host_member=members[0] if members else None, **spec)
        for name, email, skills in VOLUNTEERS[:count]:
            Volunteer.objects.create(mission=mission, name=name, email=email, skills=skills)


def _calls(fr, en, axes, citizen_day, members, now):
    call = Call.objects.create(
        locale=fr,
        kind=Call.Kind.IDEAS,
        title=t("Vos idées pour la prochaine journée citoyenne", "Your ideas for the next citizen day"),
        description=t(
            "Quels chantiers, quels ateliers pour la prochaine journée citoyenne ? Proposez, soutenez les idées "
            "des autres : les plus utiles deviendront des activités de la journée.",
            "Which worksites, which workshops for the next citizen day? Propose, support others' ideas: the most "
            "useful will become activities of the day.",
        ),
        rules=t(
            "Ouvert à tous les habitants du département. Les idées sont publiées après relecture ; l'équipe retient "
            "celles qui sont réalisables en une journée, en tenant compte des soutiens.",
            "Open to every resident of the département. Ideas are published after review; the team selects those "
            "that can be done in a day, taking supports into account.",
        ),
        deadline=now + datetime.timedelta(days=21),
        event=citizen_day,
    )
    translate(call, en)
    ideas = [
        (t("Un atelier de réparation de vélos", "A bike repair workshop"), "Yanis Roux", "published", 6),
        (t("Repeindre les bancs du parc", "Repaint the park benches"), "Léa Fontaine", "published", 3),
        (t("Une grainothèque à la médiathèque", "A seed library at the media library"), "Nora Blanc", "pending", 0),
    ]
    for number, (title, name, status, supports) in enumerate(ideas):
        idea = Idea.objects.create(
            call=call,
            title=title,
            description=title,
            name=name,
            email=f"idee{number}@example.org",
            status=Idea.Status.CONFIRMED,
            confirmed_at=now,
            # Staff have read the first two (the shared pre-moderation, home.contributions).
            publication=status,
            moderated_at=now if status == "published" else None,
        )
        IdeaSupport.objects.bulk_create(
            [IdeaSupport(idea=idea, email=f"voisin{n}@example.org", confirmed_at=now) for n in range(supports)]
        )

    past = Call.objects.create(
        locale=fr,
        kind=Call.Kind.PROJECTS,
        title=t(
            "Appel à projets : faire vivre les conseils de quartier",
            "Call for projects: bring neighbourhood councils to life",
        ),
        description=t(
            "Des projets portés par des habitants pour animer les conseils de quartier.",
            "Projects led by residents to bring neighbourhood councils to life.",
        ),
        rules="",
        deadline=now - datetime.timedelta(days=60),
        results_published_at=now - datetime.timedelta(days=30),
    )
    translate(past, en)
    action = Action.objects.create(
        locale=fr,
        axis=axes[2],
        title=t("Des conseils de quartier itinérants", "Travelling neighbourhood councils"),
        description=t(
            "Le conseil de quartier se réunit chaque fois dans une rue différente.",
            "The neighbourhood council meets in a different street each time.",
        ),
        status=Action.Status.PLANNED,
    )
    translate(action, en)
    for title, selection, reason, result in [
        (action.title, "selected", "Simple à lancer et très soutenu.", action),
        ("Un journal de quartier", "not_selected", "Déjà porté par une association de quartier.", None),
    ]:
        Idea.objects.create(
            call=past,
            title=title,
            description=title,
            member=members[1] if members and result else None,
            name="" if members and result else "Paul Girard",
            status=Idea.Status.CONFIRMED,
            confirmed_at=now - datetime.timedelta(days=70),
            publication="published",
            moderated_at=now - datetime.timedelta(days=69),
            selection=selection,
            selection_reason=reason,
            action=result,
        )
    return call


FOLLOWERS = [("suivi.appel@example.org", "fr"), ("follow.call@example.org", "en")]


def _followers(call, now):
    """Residents who follow the open call by e-mail (confirmed, double opt-in done): they
    get its new ideas in their weekly digest and its results at once."""
    key = Follow.make_key(Follow.Kind.CALL, call.pk)
    for email, language in FOLLOWERS:
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language, "confirmed_at": now}
        )
        Follow.objects.get_or_create(
            subscriber=subscriber,
            key=key,
            defaults={"kind": Follow.Kind.CALL, "target_id": call.pk, "confirmed_at": now},
        )
        Consent.objects.create(
            subscriber=subscriber,
            purpose=Consent.Purpose.FOLLOW,
            source=Consent.Source.FOLLOW,
            wording=str(FOLLOW_WORDING),
            language=language,
            confirmed_at=now,
        )


def _idea_before_committee(call, committee):
    """The open call's most supported idea reached the threshold: it waits, with the
    waiting proposal, on the minutes page staff prepared for the steering committee's
    next meeting (a draft until the meeting)."""
    minutes = next_minutes(committee) or _next_meeting(committee)
    AgendaItem.objects.filter(body=committee, outcome=AgendaItem.Outcome.PENDING, minutes=None).update(minutes=minutes)
    idea = max(call.ideas.filter(publication="published"), key=lambda idea: idea.supports.count(), default=None)
    if idea is not None:
        AgendaItem.objects.create(idea=idea, body=committee, minutes=minutes, supports_when_added=idea.supports.count())


def _next_meeting(committee):
    """A draft minutes page of the committee's meeting in five weeks (None without a
    minutes index)."""
    index = MinutesIndexPage.objects.filter(locale=committee.locale).first()
    if index is None:
        return None
    day = timezone.localdate() + datetime.timedelta(days=35)
    page = MinutesPage(
        title=f"Comité de pilotage du {day.day} {MONTHS[day.month - 1]} {day.year}",
        slug=f"cr-{day.isoformat()}",
        body=committee,
        date=day,
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _decisions(axes, committee, now):
    minutes = MinutesPage.objects.filter(body=committee).order_by("-date").first()
    decided = Proposal.objects.create(
        axis=axes[0],
        title="Une permanence du réseau dans chaque intercommunalité",
        description="Un après-midi par mois pour rencontrer l'équipe du réseau près de chez soi.",
        name="Sarah Lemoine",
        email="sarah.lemoine@example.org",
        status=Proposal.Status.OPEN,
        confirmed_at=now - datetime.timedelta(days=90),
        publication=Publication.PUBLISHED,
    )
    Support.objects.bulk_create(
        [Support(proposal=decided, email=f"soutien{n}@example.org", confirmed_at=now) for n in range(7)]
    )
    action = Action.objects.create(
        locale=axes[0].locale,
        axis=axes[0],
        title=decided.title,
        description=decided.description,
        status=Action.Status.PROPOSED,
    )
    decided.status = Proposal.Status.ACCEPTED
    decided.action = action
    decided.decided_at = now - datetime.timedelta(days=20)
    decided.save()
    AgendaItem.objects.create(
        proposal=decided,
        body=committee,
        minutes=minutes,
        supports_when_added=7,
        outcome=AgendaItem.Outcome.ACCEPTED,
        reason="Le comité l'inscrit à la feuille de route 2027.",
        action=action,
        decided_at=now - datetime.timedelta(days=20),
    )
    waiting = Proposal.objects.create(
        axis=axes[1],
        title="Un covoiturage vers les journées citoyennes",
        description="Mettre en relation les habitants qui ont une voiture et ceux qui n'en ont pas.",
        name="Mehdi Caron",
        email="mehdi.caron@example.org",
        status=Proposal.Status.OPEN,
        confirmed_at=now - datetime.timedelta(days=15),
        publication=Publication.PUBLISHED,
    )
    Support.objects.bulk_create(
        [Support(proposal=waiting, email=f"covoit{n}@example.org", confirmed_at=now) for n in range(5)]
    )
    AgendaItem.objects.create(proposal=waiting, body=committee, minutes=None, supports_when_added=5)
