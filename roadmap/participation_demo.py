"""Demo content of residents' participation, loaded with the roadmap's demo: volunteer
missions on actions and on a citizen day (one of them full), a call for ideas preparing
the next citizen day (open, with published ideas and supports), a past call with its
published results (a selected idea became an action), residents following the open call
by e-mail, and proposals and an idea before the steering committee — one decided
("accepted", it became an action), a proposal and the most supported idea waiting for its
next minutes. Rows are written directly: no e-mail is sent."""

import datetime

from django.utils import timezone
from wagtail.models import Locale, Site

from home.demo import t, translate

from .agenda_models import AgendaItem, ParticipationSettings
from .call_models import Call, Idea, IdeaSupport
from .mission_models import Mission, Volunteer
from .models import Action, Proposal, Support

VOLUNTEERS = [
    ("Camille Martin", "camille.martin@example.org", "Jardinage"),
    ("Hugo Bernard", "hugo.bernard@example.org", "Bricolage, une camionnette"),
    ("Inès Petit", "ines.petit@example.org", ""),
    ("Lucas Moreau", "lucas.moreau@example.org", "Premiers secours"),
]


def load(actions, axes, members):
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
    from home.models import GovernanceBody

    site = Site.objects.filter(is_default_site=True).first()
    committee = GovernanceBody.objects.filter(locale__language_code="fr", name__icontains="pilotage").first()
    if site is not None:
        settings = ParticipationSettings.for_site(site)
        settings.agenda_threshold = 5
        settings.deciding_body = committee
        settings.save()
    return committee


def _next_citizen_day(fr):
    from workshops.models import EventPage

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
    from follows.models import Consent, Follow, Subscriber
    from follows.services import FOLLOW_WORDING

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
    from .services.agenda import next_minutes

    minutes = next_minutes(committee) or _next_meeting(committee)
    AgendaItem.objects.filter(body=committee, outcome=AgendaItem.Outcome.PENDING, minutes=None).update(minutes=minutes)
    idea = max(call.ideas.filter(publication="published"), key=lambda idea: idea.supports.count(), default=None)
    if idea is not None:
        AgendaItem.objects.create(idea=idea, body=committee, minutes=minutes, supports_when_added=idea.supports.count())


def _next_meeting(committee):
    """A draft minutes page of the committee's meeting in five weeks (None without a
    minutes index)."""
    from home.models import MinutesIndexPage, MinutesPage

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
    from home.models import MinutesPage, Publication

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
