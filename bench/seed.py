"""Volume on top of the demo: members, events, roadmap actions and registrations.

Records are written with `bulk_create` (no rule of the site runs on them: they are
already-approved members, past decisions, confirmed registrations); event pages go
through Wagtail's tree (`add_child`), as an editor's would. Each call adds `count`
records whose names and slugs carry `batch`, so a second call adds more."""

import itertools
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from home.models import Theme
from members.models import Commune, Member
from roadmap.models import Action, ActionUpdate, Axis, Commitment
from workshops.models import EventIndexPage, EventPage, Registration

# The reference scale (factor 1): what a large département's network might hold.
SCALE = {"members": 1_000, "events": 300, "actions": 300, "registrations": 10_000}
BATCH_SIZE = 500


def counts(factor):
    return {name: max(1, round(number * factor)) for name, number in SCALE.items()}


def default_locale():
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def seed_members(count, batch):
    """Approved communes and associations, with two themes each."""
    communes = list(Commune.objects.order_by("pk")[:500])
    themes = list(Theme.objects.filter(locale=default_locale()))
    kinds = [Member.Kind.ASSOCIATION, Member.Kind.COMMUNE, Member.Kind.ASSOCIATION, Member.Kind.PUBLIC_BODY]
    members = [
        Member(
            kind=kinds[n % len(kinds)],
            name=f"Structure {batch}-{n}",
            slug=f"bench-{batch}-{n}",
            status=Member.Status.APPROVED,
            seat_commune=communes[n % len(communes)] if communes else None,
            description="Une structure du réseau, créée pour le banc d'essai.",
            contact_name="Contact",
            contact_email=f"contact-{batch}-{n}@bench.example.org",
            charter_accepted_at=timezone.now(),
        )
        for n in range(count)
    ]
    for member in members:  # what Member.save() writes, which bulk_create does not call
        member.search_text = member.folded_search_text()
    members = Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
    if themes:
        through = Member.themes.through
        rows = [
            through(member_id=member.pk, theme_id=themes[(n + k) % len(themes)].pk)
            for n, member in enumerate(members)
            for k in range(min(2, len(themes)))
        ]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return members


def seed_events(count, batch, index=None):
    """Citizen days and remote workshops under the French agenda, through the page tree:
    a third in the past, the rest over the coming year."""
    index = index or EventIndexPage.objects.filter(locale=default_locale()).first()
    communes = list(Commune.objects.order_by("pk")[:300])
    now = timezone.now()
    created = []
    for n in range(count):
        days = 1 + n % 365
        start = now + timedelta(days=-days if n % 3 == 2 else days, hours=n % 7)
        remote = n % 3 == 0
        event = EventPage(
            title=f"Journée citoyenne {batch}-{n}",
            slug=f"bench-{batch}-{n}",
            kind=EventPage.Kind.REMOTE_WORKSHOP if remote else EventPage.Kind.CITIZEN_DAY,
            intro="Une journée pour améliorer ensemble le cadre de vie.",
            start=start,
            end=start + timedelta(hours=4),
            place_name="" if remote else "Salle des fêtes",
            commune=None if remote or not communes else communes[n % len(communes)],
            capacity=100,
            first_published_at=now,
            last_published_at=now,
        )
        index.add_child(instance=event)
        created.append(event)
    return created


def seed_actions(count, batch, members, events):
    """Roadmap actions in the default language, with two contributors, a linked event,
    two progress notes and a commitment each."""
    locale = default_locale()
    axes = list(Axis.objects.filter(locale=locale).order_by("sort_order", "pk"))
    if not axes:
        axes = [Axis.objects.create(locale=locale, title=f"Axe {batch}", sort_order=99)]
    statuses = [s for s in Action.Status.values if s != Action.Status.DROPPED]
    actions = [
        Action(
            locale=locale,
            translation_key=uuid.uuid4(),
            axis=axes[n % len(axes)],
            title=f"Action {batch}-{n}",
            description="Une action de la feuille de route, créée pour le banc d'essai.",
            status=statuses[n % len(statuses)],
            progress=(n * 7) % 101,
            lead_member=members[n % len(members)] if members else None,
        )
        for n in range(count)
    ]
    for action in actions:  # what Action.save() writes, which bulk_create does not call
        action.search_text = action.folded_search_text()
    actions = Action.objects.bulk_create(actions, batch_size=BATCH_SIZE)
    today = timezone.localdate()
    ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(action=action, date=today - timedelta(days=30 * k), text="Point d'étape.", progress=10 * k)
            for action in actions
            for k in range(2)
        ],
        batch_size=BATCH_SIZE,
    )
    if members:
        contributors = Action.contributing_members.through
        contributors.objects.bulk_create(
            [
                contributors(action_id=action.pk, member_id=members[(n + k + 1) % len(members)].pk)
                for n, action in enumerate(actions)
                for k in range(2)
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    action=action,
                    member=members[(n + 3) % len(members)],
                    kind=Commitment.Kind.VOLUNTEERS,
                    description="Des bénévoles.",
                )
                for n, action in enumerate(actions)
            ],
            batch_size=BATCH_SIZE,
        )
    if events:
        linked = Action.events.through
        linked.objects.bulk_create(
            [linked(action_id=action.pk, eventpage_id=events[n % len(events)].pk) for n, action in enumerate(actions)],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
    return actions


def seed_registrations(count, batch, events):
    """Confirmed registrations spread over `events` (within their capacity)."""
    communes = list(Commune.objects.order_by("pk")[:300])
    cycle = itertools.cycle(events)
    registrations = []
    for n in range(count):
        registrations.append(
            Registration(
                event=next(cycle),
                name=f"Habitant {batch}-{n}",
                email=f"habitant-{batch}-{n}@bench.example.org",
                commune=communes[n % len(communes)] if communes else None,
                party_size=1 + n % 2,
                status=Registration.Status.CONFIRMED,
                token=secrets.token_urlsafe(32),
            )
        )
    return Registration.objects.bulk_create(registrations, batch_size=BATCH_SIZE)


def add_volume(factor, batch, log=print):
    """Add `factor` times the reference scale; returns what was added."""
    wanted = counts(factor)
    log(f"  seeding ×{factor:g}: {wanted}")
    members = seed_members(wanted["members"], batch)
    events = seed_events(wanted["events"], batch)
    seed_actions(wanted["actions"], batch, members, events)
    # Registrations go to the seeded events, which have room for them.
    per_event_room = 100 // 2
    if wanted["registrations"] > per_event_room * len(events):
        raise ValueError("Not enough seats for the registrations: raise the events or their capacity.")
    seed_registrations(wanted["registrations"], batch, events)
    return wanted


def totals():
    locale = default_locale()
    return {
        "members": Member.objects.approved().count(),
        "events": EventPage.objects.filter(locale=locale).count(),
        "actions": Action.objects.filter(locale=locale).count(),
        "registrations": Registration.objects.count(),
    }
