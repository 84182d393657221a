"""The rules of the agenda. Registrations first: this module is the only place where a
registration's state changes (the public site, the admin, the API and the management
commands all call it).

Capacity counts party sizes and is never exceeded. Every function that reads free
seats and then writes does both inside one transaction that holds a lock on the
event's capacity rows (`locked_event`):

- PostgreSQL: `SELECT … FOR UPDATE` on the event row, then on its activities ordered
  by primary key (a fixed order, so two transactions never deadlock), with a short
  `lock_timeout`; a timeout becomes `RegistrationBusy` ("please try again").
- SQLite: the settings open every transaction with `BEGIN IMMEDIATE`, which takes the
  database's write lock before the first read (busy timeout 20 s).

A registration is *confirmed*, *waitlisted* (when the event keeps a waiting list) or
refused. Cancelling or reducing a party frees seats; the first waitlisted
registrations that fit then receive an *offer* (the seats are held for them) that
they accept before a deadline; an expired offer passes to the next person.

The rules of the network's life around events (second part): date polls, event reports
(reminders and notices), attendance certificates and events proposed by members.

Each function raises `home.services.ServiceError` when it refuses a change, sends e-mail
with `home.emails.send_templated_email` inside the transaction of the change, and leaves a
Wagtail log entry.
"""

import logging
import secrets
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_tasks.backends.immediate import ImmediateBackend
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Site

from home.emails import send_templated_email, staff_recipients
from home.models import NetworkSettings
from home.personal_data import forget_log_labels
from home.personal_links import PersonalLink
from home.services import ServiceError, absolute_url

from . import calendars, notifications
from .availability import availability_for
from .models import (
    Activity,
    AttendanceCertificate,
    CalendarState,
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
    default_locale,
    seats_taken,
)
from .notifications import localized_event, localized_page
from .tokens import make_token, unsign

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_MS = getattr(settings, "WORKSHOPS_LOCK_TIMEOUT_MS", 5000)
Status = Registration.Status


class RegistrationError(ServiceError):
    """A registration refused for a reason the registrant can act on (the shared
    `ServiceError`, with a default message, code and field per subclass)."""

    code = "refused"
    message = _("Your registration could not be recorded.")
    field = None

    def __init__(self, message=None):
        super().__init__(message if message is not None else self.message, self.code, self.field)


class RegistrationClosed(RegistrationError):
    code = "closed"
    message = _("Registration for this event is not open.")


class PartyTooLarge(RegistrationError):
    code = "party_size"
    field = "party_size"
    message = _("This party is larger than the event allows.")


class InvalidActivities(RegistrationError):
    code = "activities"
    field = "activities"
    message = _("Choose one or more activities of this event.")


class OverlappingActivities(InvalidActivities):
    code = "overlap"
    message = _("Some of the chosen activities take place at the same time.")


class AlreadyRegistered(RegistrationError):
    code = "duplicate"
    field = "email"
    message = _("This e-mail address is already registered for this event: use the link in your e-mail.")


class WhenFull:
    """What a resident wants when one of the activities they chose is full."""

    WAIT_FOR_ALL = "wait_all"  # the whole registration waits (the rule's default)
    SPLIT = "split"  # registered now for the open activities, waiting for the full ones

    choices = (WAIT_FOR_ALL, SPLIT)


class EventFull(RegistrationError):
    code = "full"
    message = _("Sorry, there are not enough seats left for this event.")


class RegistrationBusy(RegistrationError):
    code = "busy"
    message = _("Many people are registering right now. Please try again in a moment.")


class InvalidAttendance(RegistrationError):
    code = "attendance"
    field = "attendance"
    message = _("Choose whether you attend in person or remotely.")


class InvitationInvalid(RegistrationError):
    code = "invitation_invalid"
    message = _("This invitation is no longer valid: it has been used or withdrawn. Please contact the network.")


class InvitationExpired(RegistrationError):
    code = "invitation_expired"
    message = _("This invitation has expired: its seat has been released. Please contact the network.")


class NoSeatToReserve(RegistrationError):
    code = "no_seat_to_reserve"
    message = _("There is no free seat left to reserve for a guest: raise the capacity or revoke an invitation.")


class OfferExpired(RegistrationError):
    code = "offer_expired"
    message = _("This offer has expired and the seats went to the next person on the waiting list.")


class NotAllowed(RegistrationError):
    code = "not_allowed"
    message = _("This registration cannot be changed any more.")


# --- Locking -------------------------------------------------------------------------


@contextmanager
def capacity_lock(*querysets):
    """A transaction holding the lock on capacity rows: an event and its activities, a
    volunteer mission… Each queryset's rows are locked in order of primary key (a fixed
    order, so two transactions never deadlock) and yielded as lists, one per queryset.

    PostgreSQL: `SELECT … FOR UPDATE` with a short `lock_timeout`. SQLite: the settings
    open every transaction with `BEGIN IMMEDIATE`, which already holds the write lock.
    A lock not obtained in time becomes `RegistrationBusy` ("please try again")."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_MS)}ms'")
                yield [list(queryset.select_for_update(of=("self",)).order_by("pk")) for queryset in querysets]
            else:
                yield [list(queryset.order_by("pk")) for queryset in querysets]
    except OperationalError as error:
        cause = getattr(error, "__cause__", None)
        if getattr(cause, "sqlstate", None) == "55P03" or "locked" in str(error).lower():
            logger.warning("Capacity lock not obtained: %s", error)
            raise RegistrationBusy from error
        raise


@contextmanager
def locked_event(event):
    """A transaction holding the lock on the event's capacity rows; yields its
    activities (locked, ordered by pk). The e-mails that `_notify` queues inside it are
    stored in the same transaction (so they exist if and only if the change commits) and
    delivered after the commit (home.emails)."""
    with capacity_lock(
        EventPage.objects.filter(pk=event.pk).values_list("pk"), Activity.objects.filter(event_id=event.pk)
    ) as (_event_row, activities):
        yield activities


def _fits(event, activities, party_size, taken, attendance=""):
    """Whether `party_size` more people fit in every unit (activities, or the event's
    seats of this attendance mode)."""
    if activities:
        return all(taken[a.pk] + party_size <= a.capacity for a in activities)
    capacity = event.capacity_for(attendance)
    if capacity is None:
        return True
    return taken[None] + party_size <= capacity


def _take(activities, party_size, taken):
    if activities:
        for activity in activities:
            taken[activity.pk] += party_size
    else:
        taken[None] += party_size


# Public names of the capacity rules, for the other capacity units (volunteer missions):
# a unit without activities is anything with a `capacity` (None: unlimited).
fits = _fits
take = _take


def _notify(registration, kind, **extra):
    """Queue an e-mail about a registration, in the current transaction. Only what the
    worker needs to render it is stored — a task row of the database task backend, written
    with the change (it exists if and only if the change commits) — so the lock is not held
    while templates and the calendar file are rendered.

    With the immediate task backend (development, tests: no worker), enqueuing *runs* the
    task: it is then run right after the commit, by this process, for the same reason."""
    arguments = (registration.pk, kind, registration.status, extra)
    if isinstance(notifications.send_later.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: notifications.send_later.enqueue(*arguments), robust=True)
    else:
        notifications.send_later.enqueue(*arguments)


def _history(registration, action, by=None, **data):
    """A Wagtail log entry for a registration's state change (`workshops.registration_*`,
    labelled in wagtail_hooks.py): the registration's history in the admin says what
    happened, when, and which staff member did it (None: the resident or the site)."""
    log(instance=registration, action=f"workshops.registration_{action}", user=by, data=data or None)


# --- Registering ---------------------------------------------------------------------


def availability(event):
    """What a visitor is told before signing up: {"state": "open" | "waitlist" | "full"
    | "unlimited", "seats_left": n or None, "activities": {activity pk: {"seats_left",
    "state"}}}. Only a hint for the page: `register_for_event` decides, under the lock."""
    return availability_for([event])[event.pk]


def is_full(event, *, seats=None):
    """Whether an event without a waiting list has no seat left (in any of its activities):
    its page then says so instead of showing a form that could only be refused. Only a hint
    for the page: `register_for_event` decides, under the lock. `seats`: the event's entry
    of `availability_for`, when the caller has it (no query, but for a hybrid event)."""
    event = event.registration_event
    if event.has_waitlist:
        return False
    if seats is not None and not event.is_hybrid:
        if seats["activities"]:
            return all(unit["seats_left"] == 0 for unit in seats["activities"].values())
        return seats["seats_left"] == 0
    activities = list(event.activities.all())
    if activities:
        taken = seats_taken(event, activities)
        return all(taken[a.pk] >= a.capacity for a in activities)
    modes = Registration.Attendance.values if event.is_hybrid else [""]
    for mode in modes:
        capacity = event.capacity_for(mode)
        if capacity is None or seats_taken(event, attendance=mode)[None] < capacity:
            return False
    return True


def register_for_event(
    event,
    *,
    name,
    email,
    party_size=1,
    activities=(),
    commune=None,
    needs="",
    language=None,
    now=None,
    notify=True,
    attendance="",
    organisation="",
    sector="",
    listed_in_report=False,
    when_full=WhenFull.WAIT_FOR_ALL,
):
    """Record a registration: confirmed if seats are left, else waitlisted (when the
    event keeps a list), else refused with `EventFull`. Raises a `RegistrationError`.
    `notify=False` (demo content, imports) sends no e-mail. `attendance` (in person or
    remote) is required for a hybrid event, whose two kinds of seats are counted apart.

    `when_full=WhenFull.SPLIT`: when some of the chosen activities are full and others
    are not, the registration is confirmed for the open ones now, and a second,
    waitlisted registration (`part_of` the first) waits for the full ones (without a
    waiting list, the full ones are left out). Same lock, same capacity rule."""
    now = now or timezone.now()
    event = event.registration_event
    email = email.strip().lower()
    if event.registration_state(now) != "open":
        raise RegistrationClosed
    if party_size < 1 or party_size > event.max_party_size:
        raise PartyTooLarge
    if event.is_hybrid:
        if attendance not in Registration.Attendance.values:
            raise InvalidAttendance
    else:
        attendance = ""
    chosen_pks = sorted({a.pk if isinstance(a, Activity) else int(a) for a in activities})

    # A second registration with the same address is refused by the unique constraint,
    # under the lock (IntegrityError below): no query before it on the usual path.
    try:
        with locked_event(event) as event_activities:
            by_pk = {a.pk: a for a in event_activities}
            if event_activities and not chosen_pks:
                raise InvalidActivities
            if any(pk not in by_pk for pk in chosen_pks):
                raise InvalidActivities
            chosen = [by_pk[pk] for pk in chosen_pks]
            for i, first in enumerate(chosen):
                for second in chosen[i + 1 :]:
                    if first.overlaps(second):
                        raise OverlappingActivities
            taken = seats_taken(event, chosen, attendance)
            waiting = []
            if (
                when_full == WhenFull.SPLIT
                and len(chosen) > 1
                and not _fits(event, chosen, party_size, taken, attendance)
            ):
                open_ones = [a for a in chosen if _fits(event, [a], party_size, taken, attendance)]
                if open_ones:
                    waiting = [a for a in chosen if a not in open_ones]
                    chosen = open_ones
            if _fits(event, chosen, party_size, taken, attendance):
                status = Status.CONFIRMED
            elif event.has_waitlist:
                status = Status.WAITLISTED
            elif Registration.objects.active().filter(event=event, email=email).exists():
                raise AlreadyRegistered  # rather than "full": this person already has a seat
            else:
                raise EventFull
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                email=email,
                commune=commune,
                party_size=party_size,
                needs=needs.strip(),
                language=language or settings.LANGUAGE_CODE,
                status=status,
                created_at=now,
                attendance=attendance,
                organisation=organisation.strip(),
                sector=sector,
                listed_in_report=listed_in_report,
            )
            if chosen:
                registration.activities.set(chosen)
            _history(registration, status)
            if notify:
                _notify(registration, "confirmation" if status == Status.CONFIRMED else "waitlisted")
            if waiting and event.has_waitlist:
                part = Registration.objects.create(
                    event=event,
                    part_of=registration,
                    name=registration.name,
                    email=email,
                    commune=commune,
                    party_size=party_size,
                    needs=registration.needs,
                    language=registration.language,
                    status=Status.WAITLISTED,
                    created_at=now,
                    attendance=attendance,
                    organisation=registration.organisation,
                    sector=sector,
                    listed_in_report=listed_in_report,
                )
                part.activities.set(waiting)
                _history(part, part.status)
                if notify:
                    _notify(part, "waitlisted")
    except IntegrityError as error:
        # The unique constraint is the last line of defence behind the check above.
        raise AlreadyRegistered from error
    return registration


# --- Changing or leaving -------------------------------------------------------------


def can_cancel(registration, now=None):
    """Whether a registration can still be cancelled: active, and its event not started."""
    return registration.is_active and registration.event.start > (now or timezone.now())


def cancel(registration, *, now=None, notify=True, by=None):
    """Cancel a registration (by the resident, or by staff: `by`); freed seats go to the
    waiting list as offers."""
    now = now or timezone.now()
    with locked_event(registration.event):
        registration.refresh_from_db()
        if not can_cancel(registration, now):
            raise NotAllowed
        held_seats = registration.holds_seats
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
        _history(registration, "cancelled", by)
        if notify:
            _notify(registration, "cancellation")
        # Leaving an event also leaves the waiting list of its full activities.
        for part in registration.waiting_parts.filter(status__in=Registration.ACTIVE_STATUSES):
            held_seats = held_seats or part.holds_seats
            part.status = Status.CANCELLED
            part.cancelled_at = now
            part.offer_expires_at = None
            part.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
            _history(part, "cancelled", by)
        if held_seats:
            make_offers(registration.event, now=now, _locked=True)
    return registration


def can_reduce(registration, now=None):
    """Whether a registration's party can still be made smaller: active, and its event not
    over (someone may come alone to an event that has started)."""
    return registration.is_active and registration.event.end > (now or timezone.now())


def reduce_party(registration, party_size, *, now=None):
    """Lower the party size (never raise it: that would bypass the waiting list)."""
    now = now or timezone.now()
    with locked_event(registration.event):
        registration.refresh_from_db()
        if not can_reduce(registration, now):
            raise NotAllowed
        if party_size < 1 or party_size >= registration.party_size:
            raise PartyTooLarge(_("Choose a smaller number of people than now."))
        registration.party_size = party_size
        registration.save(update_fields=["party_size"])
        _history(registration, "party_reduced", party_size=party_size)
        make_offers(registration.event, now=now, _locked=True)
    return registration


def make_offers(event, *, now=None, _locked=False):
    """Offer freed seats to the first waitlisted registrations that fit, in order of
    registration; the seats are held until the offer is accepted or expires."""
    if not _locked:
        with locked_event(event):
            return make_offers(event, now=now, _locked=True)
    now = now or timezone.now()
    event = EventPage.objects.get(pk=event.pk)
    if event.registration_state(now) in {"past", "cancelled"}:
        return []
    event_activities = list(Activity.objects.filter(event_id=event.pk).order_by("pk"))
    if event.is_hybrid:
        # A hybrid event: in-person and remote seats are two capacity units.
        taken_by_mode = {mode: seats_taken(event, attendance=mode) for mode in Registration.Attendance.values}
    else:
        taken_by_mode = {"": seats_taken(event, event_activities)}
    waiting = Registration.objects.filter(event=event, status=Status.WAITLISTED).prefetch_related("activities")
    offered = []
    deadline = now + event.offer_window(now)
    for registration in waiting:
        chosen = list(registration.activities.all())
        mode = registration.attendance if event.is_hybrid else ""
        taken = taken_by_mode.get(mode) or taken_by_mode.setdefault(mode, seats_taken(event, attendance=mode))
        if _fits(event, chosen, registration.party_size, taken, mode):
            _take(chosen, registration.party_size, taken)
            registration.status = Status.OFFERED
            registration.offer_expires_at = deadline
            registration.save(update_fields=["status", "offer_expires_at"])
            _history(registration, "offered")
            _notify(registration, "offer")
            offered.append(registration)
    return offered


def on_capacity_change(event, *, now=None):
    """Staff raised a capacity (or changed activities): offer the new seats."""
    return make_offers(event.registration_event, now=now)


def accept_offer(registration, *, now=None):
    """Accept the seats offered: the registration is confirmed."""
    now = now or timezone.now()
    expired = False
    with locked_event(registration.event):
        registration.refresh_from_db()
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status != Status.OFFERED:
            raise NotAllowed
        if registration.offer_expires_at and registration.offer_expires_at <= now:
            _expire(registration, now)
            expired = True
        else:
            registration.status = Status.CONFIRMED
            registration.offer_expires_at = None
            registration.save(update_fields=["status", "offer_expires_at"])
            _history(registration, "offer_accepted")
            _notify(registration, "confirmation")
    if expired:
        raise OfferExpired
    return registration


def _expire(registration, now):
    registration.status = Status.EXPIRED
    registration.save(update_fields=["status"])
    _history(registration, "offer_expired")
    _notify(registration, "offer_expired")
    make_offers(registration.event, now=now, _locked=True)


def expire_offers(*, now=None):
    """Expire the offers whose deadline has passed and pass the seats on. Idempotent."""
    now = now or timezone.now()
    count = 0
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        with locked_event(event):
            for registration in Registration.objects.filter(
                event=event, status=Status.OFFERED, offer_expires_at__lte=now
            ).order_by("offer_expires_at", "pk"):
                registration.status = Status.EXPIRED
                registration.save(update_fields=["status"])
                _history(registration, "offer_expired")
                _notify(registration, "offer_expired")
                count += 1
            make_offers(event, now=now, _locked=True)
    return count


def can_check_in(registration):
    """Whether staff can record a registration's attendance: only a confirmed one."""
    return registration.status == Status.CONFIRMED


def mark_attended(registration, attended=True, *, by=None):
    if not can_check_in(registration):
        raise NotAllowed
    registration.attended = attended
    registration.save(update_fields=["attended"])
    _history(registration, "attended" if attended else "not_attended", by)
    return registration


# --- Reminders, changes, retention ---------------------------------------------------


def send_reminders(*, now=None):
    """Remind confirmed participants `reminder_days` before the event. Never twice for
    the same date; after a reschedule, the reminder is for the new date. Idempotent."""
    now = now or timezone.now()
    sent = 0
    horizon = now + timedelta(days=31)
    events = EventPage.objects.filter(start__gt=now, start__lte=horizon, cancelled=False)
    for event in events:
        if event.start - timedelta(days=event.reminder_days) > now:
            continue
        due = Registration.objects.filter(event=event, status=Status.CONFIRMED).exclude(reminder_sent_for=event.start)
        for registration in due.select_related("event"):
            # The conditional update makes concurrent runs send each reminder once; the
            # e-mail is queued in the same transaction, so a crash loses neither.
            with transaction.atomic():
                claimed = (
                    Registration.objects.filter(pk=registration.pk, status=Status.CONFIRMED)
                    .exclude(reminder_sent_for=event.start)
                    .update(reminder_sent_for=event.start)
                )
                if claimed:
                    _notify(registration, "reminder")
                    sent += 1
    return sent


def event_published(event):
    """Called when an event page is published: bump the calendar SEQUENCE and tell the
    registrants when the schedule, place or status changed; offer any new seats."""
    if event.registration_event.pk != event.pk:
        return
    fingerprint = event.compute_schedule_fingerprint()
    with transaction.atomic():
        state, created = CalendarState.objects.select_for_update().get_or_create(
            event=event, defaults={"fingerprint": fingerprint}
        )
        if created or state.fingerprint == fingerprint:
            changed = False
        else:
            state.sequence += 1
            state.fingerprint = fingerprint
            state.save(update_fields=["sequence", "fingerprint"])
            changed = True
            for hook in hooks.get_hooks("after_event_schedule_change"):  # follows: notices
                hook(event)
        if changed:
            # Queued with the new SEQUENCE, in its transaction.
            kind = "event_cancelled" if event.cancelled else "event_changed"
            recipients = Registration.objects.filter(event=event).active().select_related("event")
            if not event.cancelled:
                recipients = recipients.filter(status__in=Registration.SEAT_STATUSES)
            for registration in recipients:
                _notify(registration, kind)
    if not event.cancelled and not event.is_past:
        on_capacity_change(event)


def purge_registrations(*, months=None, now=None):
    """Anonymise registrants' personal data `months` after their event (the site
    settings' retention, default 6). Counts, party sizes and statuses stay. Idempotent."""
    now = now or timezone.now()
    if months is None:
        months = _retention_months()
    cutoff = now - timedelta(days=int(months * 30.44))
    old = Registration.objects.filter(event__end__lt=cutoff, anonymised_at__isnull=True)
    count = _anonymise(old, now)
    # Invitations, poll answers and the names on certificates follow the same retention.
    return count + purge_network_data(months=months, now=now)


def _retention_months():
    site = Site.objects.filter(is_default_site=True).first()
    return NetworkSettings.for_site(site).retention_months if site else 6


def recipients_of_message(event, *, include_waitlist=False):
    """The registrations a message to all participants reaches (see `email_participants`)."""
    statuses = list(Registration.SEAT_STATUSES) + ([Status.WAITLISTED] if include_waitlist else [])
    return Registration.objects.filter(event=event, status__in=statuses)


def message_audience(event):
    """How many registrations a message reaches: {"participants": n, "waitlist": n}."""
    return Registration.objects.filter(event=event).aggregate(
        participants=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
        waitlist=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )


def email_participants(event, *, subject, message, include_waitlist=False):
    """Staff write to every confirmed participant (and the waiting list if asked); the
    e-mails are queued together (all or none) and rendered by the worker. Returns the
    number of e-mails queued."""
    registrations = recipients_of_message(event, include_waitlist=include_waitlist).select_related("event")
    count = 0
    with transaction.atomic():
        for registration in registrations:
            _notify(registration, "message", subject=str(subject), message=str(message))
            count += 1
    return count


def _anonymise(queryset, now):
    count = 0
    pks = list(queryset.values_list("pk", flat=True))
    forget_log_labels(Registration, pks)
    for registration in Registration.objects.filter(pk__in=pks).only("pk"):
        Registration.objects.filter(pk=registration.pk).update(
            name="",
            email=f"anonymised-{registration.pk}@invalid",
            commune=None,
            needs="",
            token=f"anonymised-{registration.pk}",
            anonymised_at=now,
        )
        count += 1
    return count


def registrations_of(email):
    """Every registration recorded for an e-mail address (case-insensitive)."""
    return Registration.objects.filter(email__iexact=email.strip())


def erase_registrant(email, *, now=None):
    """The right to erasure: a registrant's upcoming registrations are cancelled (without
    e-mail), so that their seats are offered to the waiting list, then every registration
    of the address is anonymised like the retention purge does. Counts, party sizes and
    statuses stay for the statistics. Returns the number of registrations anonymised."""
    now = now or timezone.now()
    for registration in registrations_of(email).active().filter(event__start__gt=now).select_related("event"):
        try:
            cancel(registration, now=now, notify=False)
        except NotAllowed:
            pass
    return _anonymise(registrations_of(email), now)


def personal_links(email, *, language, now=None):
    """For "Resend my links" (home.personal_links): the personal link of each active
    registration of an address to an event not yet over."""
    now = now or timezone.now()
    registrations = (
        registrations_of(email)
        .active()
        .filter(event__end__gte=now, anonymised_at__isnull=True)
        .select_related("event")
        .order_by("event__start", "pk")
    )
    links = []
    with override(language):
        section = str(_("Your registrations to events"))
        for registration in registrations:
            event = localized_event(registration)
            title = f"{event.title} — {date_format(timezone.localtime(event.start), 'DATETIME_FORMAT')}"
            links.append(
                PersonalLink(section, title, registration.absolute_personal_url(), str(_("view, change or cancel")))
            )
        invitations = (
            Invitation.objects.filter(
                email__iexact=email.strip(), status=Invitation.Status.PENDING, expires_at__gt=now, event__end__gte=now
            )
            .select_related("event")
            .order_by("event__start", "pk")
        )
        for invitation in invitations:
            title = f"{invitation.event.title} — {date_format(timezone.localtime(invitation.event.start), 'DATETIME_FORMAT')}"
            links.append(
                PersonalLink(
                    str(_("Your invitations")), title, _absolute(invitation.personal_url()), str(_("accept or decline"))
                )
            )
    return links


# --- Invited guests: seats reserved out of the event's capacity ------------------------------


def invite(
    event,
    *,
    name,
    email,
    role=Registration.Role.OBSERVER,
    attendance="",
    valid_days=None,
    expires_at=None,
    message="",
    language=None,
    by=None,
    now=None,
):
    """Reserve a seat for a guest and e-mail them a personal link (expiring). The seat is
    taken out of the public's under the event's lock: `NoSeatToReserve` when none is free
    (the invitation is then not saved)."""
    now = now or timezone.now()
    event = event.registration_event
    email = email.strip().lower()
    if event.cancelled or event.start <= now:
        raise RegistrationClosed
    if event.is_hybrid:
        if attendance not in Registration.Attendance.values:
            raise InvalidAttendance
    else:
        attendance = ""
    if expires_at is None:
        expires_at = min(now + timedelta(days=valid_days or 14), event.start)
    if expires_at <= now:
        raise ServiceError(_("The link must expire in the future."), "expires_at", "expires_at")
    with locked_event(event) as event_activities:
        if event_activities:
            raise ServiceError(
                _("Guests are invited to events without activities (meetings, trainings, workshops)."), "activities"
            )
        if Invitation.objects.filter(event=event, email=email, status=Invitation.Status.PENDING).exists():
            raise ServiceError(_("This person already has a pending invitation to this event."), "duplicate", "email")
        if Registration.objects.active().filter(event=event, email=email).exists():
            raise AlreadyRegistered(_("This person is already registered for this event."))
        taken = seats_taken(event, attendance=attendance)
        if not _fits(event, [], 1, taken, attendance):
            raise NoSeatToReserve
        invitation = Invitation.objects.create(
            event=event,
            name=name.strip(),
            email=email,
            role=role,
            attendance=attendance,
            message=message.strip(),
            language=language or settings.LANGUAGE_CODE,
            expires_at=expires_at,
            created_by=by,
            created_at=now,
        )
        page = localized_page(event, invitation.language)
        send_templated_email(
            "workshops/emails/invitation",
            {
                "invitation": invitation,
                "event": page,
                "event_url": _absolute(page.url or ""),
                "personal_url": _absolute(invitation.personal_url()),
                "greeting_name": invitation.name,
                "language": invitation.language,
            },
            [invitation.email],
            language=invitation.language,
        )
        _log(invitation, "workshops.invitation_sent", by)
    return invitation


def revoke_invitation(invitation, *, by=None, now=None):
    """Withdraw an unused invitation: its seat goes back to the public (and to the first
    people on the waiting list)."""
    now = now or timezone.now()
    with locked_event(invitation.event):
        invitation.refresh_from_db()
        if invitation.status != Invitation.Status.PENDING:
            raise InvitationInvalid(_("Only a pending invitation can be revoked."))
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
        _log(invitation, "workshops.invitation_revoked", by)
        make_offers(invitation.event, now=now, _locked=True)
    return invitation


def accept_invitation(
    invitation,
    *,
    name,
    commune=None,
    needs="",
    organisation="",
    sector="",
    listed_in_report=False,
    language=None,
    now=None,
):
    """The guest registers into the seat reserved for them: a confirmed registration with
    their role, whatever the public seats left."""
    now = now or timezone.now()
    expired = False
    with locked_event(invitation.event):
        invitation.refresh_from_db()
        event = invitation.event
        if invitation.status != Invitation.Status.PENDING or event.cancelled or event.start <= now:
            raise InvitationInvalid
        if invitation.expires_at <= now:
            invitation.status = Invitation.Status.EXPIRED
            invitation.save(update_fields=["status"])
            make_offers(event, now=now, _locked=True)
            expired = True
        else:
            if Registration.objects.active().filter(event=event, email=invitation.email).exists():
                raise AlreadyRegistered
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                email=invitation.email,
                commune=commune,
                party_size=1,
                needs=needs.strip(),
                language=language or invitation.language,
                status=Status.CONFIRMED,
                created_at=now,
                attendance=invitation.attendance,
                role=invitation.role,
                organisation=organisation.strip(),
                sector=sector,
                listed_in_report=listed_in_report,
            )
            invitation.status = Invitation.Status.ACCEPTED
            invitation.registration = registration
            invitation.save(update_fields=["status", "registration"])
            _log(invitation, "workshops.invitation_accepted", None)
            _history(registration, "confirmed", role=registration.role)
            _notify(registration, "confirmation")
    if expired:
        # Raised after the commit: the expiry (and the seat released) is kept.
        raise InvitationExpired
    return registration


def expire_invitations(*, now=None):
    """Pending invitations past their date release their seats. Idempotent."""
    now = now or timezone.now()
    count = 0
    event_ids = (
        Invitation.objects.filter(status=Invitation.Status.PENDING, expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event in EventPage.objects.filter(pk__in=list(event_ids)):
        with locked_event(event):
            count += Invitation.objects.filter(
                event=event, status=Invitation.Status.PENDING, expires_at__lte=now
            ).update(status=Invitation.Status.EXPIRED)
            make_offers(event, now=now, _locked=True)
    return count


def _absolute(path):
    return absolute_url(path)


def _log(instance, action, user):
    log(instance=instance, action=action, user=user)


# --- The network's life: date polls, reports, certificates, events proposed by members ---

REPORT_REMINDER_DAYS = getattr(settings, "WORKSHOPS_REPORT_REMINDER_DAYS", 7)


def default_agenda():
    return EventIndexPage.objects.filter(locale=default_locale()).order_by("path").first()


# --- Date polls ---------------------------------------------------------------------------


def create_poll(
    *,
    title,
    slots,
    kind=EventPage.Kind.NETWORK_MEETING,
    description="",
    host_member=None,
    is_public=False,
    agenda=None,
    by=None,
):
    """A poll with its slots ((start, end) pairs). Staff create polls in the admin; a
    host member's representatives from the member area (for a structure they represent)."""
    slots = [(start, end) for start, end in slots if start and end]
    if not slots:
        raise ServiceError(_("Propose at least one time slot."), "no_slot", "slots")
    for start, end in slots:
        if end <= start:
            raise ServiceError(_("Each slot must end after it starts."), "slot_order", "slots")
        if start <= timezone.now():
            raise ServiceError(_("Propose slots in the future."), "slot_past", "slots")
    with transaction.atomic():
        poll = DatePoll.objects.create(
            title=title.strip(),
            description=description.strip(),
            kind=kind,
            host_member=host_member,
            is_public=is_public,
            agenda=agenda,
            created_by=by,
        )
        for position, (start, end) in enumerate(sorted(slots)):
            PollSlot.objects.create(poll=poll, start=start, end=end, sort_order=position)
        log(instance=poll, action="workshops.poll_created", user=by)
    return poll


def invite_to_poll(poll, *, name, email, language=None, by=None):
    """Invite someone to answer: they receive their personal link (their e-mail counts as
    confirmed once they open it)."""
    if not poll.is_open:
        raise ServiceError(_("This poll is closed."), "closed")
    email = email.strip().lower()
    language = language or settings.LANGUAGE_CODE
    with transaction.atomic():
        respondent = PollRespondent.objects.filter(poll=poll, email=email).first()
        if respondent is None:
            respondent = PollRespondent.objects.create(
                poll=poll, name=name.strip(), email=email, language=language, invited=True
            )
        elif not respondent.invited:
            respondent.invited = True
            respondent.save(update_fields=["invited"])
        _send_poll_link(respondent, "workshops/emails/poll_invitation")
        log(instance=poll, action="workshops.poll_invited", user=by, data={"email": email})
    return respondent


def ask_to_answer(poll, *, name, email, language=None):
    """Someone asks to answer a public poll: a personal link is sent to the e-mail address;
    opening it confirms the address. Asking again sends the same link again."""
    if not poll.is_public:
        raise ServiceError(_("Only invited people can answer this poll."), "not_public")
    if not poll.is_open:
        raise ServiceError(_("This poll is closed: answers are no longer accepted."), "closed")
    email = email.strip().lower()
    try:
        with transaction.atomic():
            respondent, _created = PollRespondent.objects.get_or_create(
                poll=poll, email=email, defaults={"name": name.strip(), "language": language or settings.LANGUAGE_CODE}
            )
            _send_poll_link(respondent, "workshops/emails/poll_confirm")
    except IntegrityError:
        respondent = PollRespondent.objects.get(poll=poll, email=email)
    return respondent


def _send_poll_link(respondent, template):
    send_templated_email(
        template,
        {
            "respondent": respondent,
            "poll": respondent.poll,
            "personal_url": absolute_url(respondent.personal_url()),
            "greeting_name": respondent.name,
            "language": respondent.language,
        },
        [respondent.email],
        language=respondent.language,
    )


def respondent_for_token(signed_token):
    raw = unsign(signed_token, "poll")
    if raw is None:
        return None
    return PollRespondent.objects.select_related("poll").filter(token=raw, anonymised_at__isnull=True).first()


def confirm_respondent(respondent, now=None):
    if respondent.email_confirmed_at is None:
        respondent.email_confirmed_at = now or timezone.now()
        respondent.save(update_fields=["email_confirmed_at"])


def answer_poll(respondent, choices, *, name=None, now=None):
    """Record (or change) a respondent's answers: {slot pk: "yes" | "if_need_be" | "no"}.
    Refused once the poll is closed (the answers already given stay)."""
    now = now or timezone.now()
    with transaction.atomic():
        poll = DatePoll.objects.select_for_update().get(pk=respondent.poll_id)
        if not poll.is_open:
            raise ServiceError(_("This poll is closed: answers can no longer be changed."), "closed")
        slots = {slot.pk: slot for slot in poll.slots.all()}
        if set(choices) - set(slots) or any(choice not in PollAnswer.Choice.values for choice in choices.values()):
            raise ServiceError(_("Answer each time slot with yes, if need be or no."), "invalid", "answers")
        if set(choices) != set(slots):
            raise ServiceError(_("Answer each time slot with yes, if need be or no."), "incomplete", "answers")
        for slot_pk, choice in choices.items():
            PollAnswer.objects.update_or_create(respondent=respondent, slot=slots[slot_pk], defaults={"choice": choice})
        respondent.answered_at = now
        respondent.email_confirmed_at = respondent.email_confirmed_at or now
        fields = ["answered_at", "email_confirmed_at"]
        if name and name.strip():
            respondent.name = name.strip()
            fields.append("name")
        respondent.save(update_fields=fields)
    return respondent


def poll_results(poll):
    """Rows for the results table: respondents (who answered) with their answer per slot,
    and per slot the counts of each answer. Three queries."""
    slots = list(poll.slots.all())
    respondents = list(poll.respondents.filter(answered_at__isnull=False, anonymised_at__isnull=True))
    answers = {(a.respondent_id, a.slot_id): a for a in PollAnswer.objects.filter(slot__poll=poll)}
    rows = [{"respondent": r, "answers": [answers.get((r.pk, slot.pk)) for slot in slots]} for r in respondents]
    totals = []
    for slot in slots:
        counts = {choice: 0 for choice in PollAnswer.Choice.values}
        for r in respondents:
            answer = answers.get((r.pk, slot.pk))
            if answer:
                counts[answer.choice] += 1
        totals.append({"slot": slot, **counts, "score": counts["yes"] * 2 + counts["if_need_be"]})
    best = max((t["score"] for t in totals), default=0)
    for total in totals:
        total["best"] = best > 0 and total["score"] == best
    return {"slots": slots, "rows": rows, "totals": totals}


def close_poll(poll, slot, *, by=None, now=None):
    """Close the poll on one slot: the event is created as a draft under the agenda (the
    poll's host member as host) and every respondent is e-mailed the decision with an .ics."""
    now = now or timezone.now()
    with transaction.atomic():
        poll = DatePoll.objects.select_for_update().get(pk=poll.pk)
        if not poll.is_open:
            raise ServiceError(_("This poll is already closed."), "closed")
        try:
            slot = poll.slots.get(pk=getattr(slot, "pk", slot))
        except PollSlot.DoesNotExist:
            raise ServiceError(_("Choose one of the poll's time slots."), "invalid", "slot") from None
        agenda = poll.agenda or default_agenda()
        if agenda is None:
            raise ServiceError(_("There is no agenda page to create the event in."), "no_agenda")
        event = EventPage(
            title=poll.title,
            slug=_unique_child_slug(agenda, poll.title),
            kind=poll.kind,
            intro=poll.description or poll.title,
            start=slot.start,
            end=slot.end,
            live=False,
        )
        agenda.add_child(instance=event)
        if poll.host_member_id:
            event.host_members.set([poll.host_member])
            event.save()
        event.save_revision(user=by, log_action=True)
        poll.status = DatePoll.Status.CLOSED
        poll.chosen_slot = slot
        poll.event = event
        poll.closed_at = now
        poll.save(update_fields=["status", "chosen_slot", "event", "closed_at"])
        log(instance=poll, action="workshops.poll_closed", user=by, data={"slot": str(slot), "event": event.pk})
        ics = calendars.event_calendar(event).decode("utf-8")
        for respondent in poll.respondents.filter(answered_at__isnull=False, anonymised_at__isnull=True):
            send_templated_email(
                "workshops/emails/poll_closed",
                {
                    "respondent": respondent,
                    "poll": poll,
                    "slot": slot,
                    "event": event,
                    "greeting_name": respondent.name,
                    "language": respondent.language,
                },
                [respondent.email],
                language=respondent.language,
                attachments=[("event.ics", ics, "text/calendar")],
            )
    return event


def _unique_child_slug(parent, title):
    base = slugify(title)[:60] or "evenement"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Event reports ------------------------------------------------------------------------


def attendance_figures(event):
    """From check-in: people present, structures present, communes represented."""
    attended = Registration.objects.filter(event=event.registration_event, attended=True)
    people = sum(attended.values_list("party_size", flat=True))
    structures = attended.exclude(organisation="").values("organisation").distinct().count()
    communes = attended.filter(commune__isnull=False).values("commune").distinct().count()
    return {"people": people, "structures": structures, "communes": communes}


def listed_participants(event):
    """The participants who chose to appear in the report and came (or, before check-in,
    were confirmed): name, structure, sector."""
    registrations = Registration.objects.filter(
        event=event.registration_event, listed_in_report=True, anonymised_at__isnull=True, status="confirmed"
    )
    if registrations.filter(attended=True).exists():
        registrations = registrations.filter(attended=True)
    return list(registrations.order_by("name").only("name", "organisation", "sector", "role"))


def report_published(report):
    """Called when a report page is published: the participants who opted in are told,
    once per event (a later edit does not e-mail them again)."""
    event = report.get_parent().specific
    if not isinstance(event, EventPage):
        return 0
    source = event.registration_event
    with transaction.atomic():
        follow_up, _created = EventFollowUp.objects.select_for_update().get_or_create(event=source)
        if follow_up.report_notice_sent_at:
            return 0
        follow_up.report_notice_sent_at = timezone.now()
        follow_up.save(update_fields=["report_notice_sent_at"])
        count = 0
        for registration in Registration.objects.filter(
            event=source, listed_in_report=True, status="confirmed", anonymised_at__isnull=True
        ):
            page = localized_page(report, registration.language)
            send_templated_email(
                "workshops/emails/report_published",
                {
                    "registration": registration,
                    "report": page,
                    "report_url": absolute_url(page.url or ""),
                    "greeting_name": registration.name,
                    "language": registration.language,
                },
                [registration.email],
                language=registration.language,
            )
            count += 1
    return count


def remind_missing_reports(*, days=None, now=None):
    """E-mail staff about the events that ended `days` ago (or more, within a month) and
    still have no report. Once per event. Returns the number of events reminded about."""
    now = now or timezone.now()
    days = REPORT_REMINDER_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    candidates = (
        EventPage.objects.filter(
            locale=default_locale(), end__lte=cutoff, end__gt=cutoff - timedelta(days=30), cancelled=False, live=True
        )
        .exclude(follow_up__report_reminder_sent_at__isnull=False)
        .order_by("end")
    )
    events = [event for event in candidates if not EventReportPage.objects.child_of(event).exists()]
    recipients = staff_recipients()
    if not events or not recipients:
        return 0
    with transaction.atomic():
        for event in events:
            follow_up, _created = EventFollowUp.objects.get_or_create(event=event)
            follow_up.report_reminder_sent_at = now
            follow_up.save(update_fields=["report_reminder_sent_at"])
        send_templated_email(
            "workshops/emails/report_reminder",
            {"days": days, "rows": [(event, _add_report_url(event)) for event in events]},
            recipients,
            language=settings.LANGUAGE_CODE,
        )
    return len(events)


def _add_report_url(event):
    return absolute_url(reverse("wagtailadmin_pages:add", args=("workshops", "eventreportpage", event.pk)))


# --- Attendance certificates ---------------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def certificate_for(registration, *, now=None):
    """The attendance certificate of a registration, issued on first request. Only for
    people checked in at a meeting or a training."""
    event = registration.event
    if not event.gives_certificates:
        raise ServiceError(_("Attendance certificates are given for network meetings and trainings."), "kind")
    if registration.status != Registration.Status.CONFIRMED or not registration.attended:
        raise ServiceError(
            _("No certificate can be issued: your attendance has not been recorded at this event."), "not_checked_in"
        )
    existing = AttendanceCertificate.objects.filter(registration=registration).first()
    if existing:
        return existing
    with transaction.atomic():
        certificate = AttendanceCertificate.objects.create(
            code=_new_code(),
            registration=registration,
            event=event,
            holder_name=registration.name,
            email=registration.email,
            event_title=event.title,
            event_kind=event.kind,
            start=event.start,
            end=event.end,
            place=event.place_name if not event.is_remote else "",
            issued_at=now or timezone.now(),
        )
        log(instance=certificate, action="workshops.certificate_issued", user=None)
    return certificate


def send_certificate(registration):
    """The certificate "sent on request": an e-mail with the link to download it."""
    certificate = certificate_for(registration)
    with translation.override(registration.language):
        path = reverse("workshops:certificate", kwargs={"token": make_token(registration)})
    send_templated_email(
        "workshops/emails/certificate",
        {
            "registration": registration,
            "certificate": certificate,
            "download_url": absolute_url(path),
            "verification_url": absolute_url(certificate.verification_url()),
            "greeting_name": registration.name,
            "language": registration.language,
        },
        [registration.email],
        language=registration.language,
    )
    return certificate


def certificate_by_code(code):
    code = (code or "").strip().upper()
    if len(code) == 10 and "-" not in code:
        code = f"{code[:5]}-{code[5:]}"
    return AttendanceCertificate.objects.filter(code=code).first()


# --- Events proposed by members ------------------------------------------------------------


def propose_event(member, *, by, title, description, kind, start, end, place_name="", commune=None):
    if end <= start:
        raise ServiceError(_("The end must come after the start."), "dates", "end")
    if start <= timezone.now():
        raise ServiceError(_("Propose an event in the future."), "past", "start")
    with transaction.atomic():
        proposal = EventProposal.objects.create(
            member=member,
            proposed_by=by,
            title=title.strip(),
            description=description.strip(),
            kind=kind,
            start=start,
            end=end,
            place_name=place_name.strip(),
            commune=commune,
        )
        log(instance=proposal, action="workshops.proposal_submitted", user=by)
        recipients = staff_recipients()
        if recipients:
            send_templated_email(
                "workshops/emails/proposal_received",
                {
                    "proposal": proposal,
                    "admin_url": absolute_url(reverse("wagtailsnippets_workshops_eventproposal:list")),
                },
                recipients,
                language=settings.LANGUAGE_CODE,
            )
    return proposal


def _tell_proposer(proposal, template):
    user = proposal.proposed_by
    if user is None or not user.email:
        return
    send_templated_email(
        template,
        {"proposal": proposal, "member_area_url": absolute_url(reverse("members:dashboard"))},
        [user.email],
        language=settings.LANGUAGE_CODE,
    )


def accept_proposal(proposal, *, by=None):
    """Accept: a draft event page under the agenda, the member as host."""
    with transaction.atomic():
        proposal = EventProposal.objects.select_for_update().get(pk=proposal.pk)
        if not proposal.is_pending:
            raise ServiceError(_("This proposal has already been reviewed."), "reviewed")
        agenda = default_agenda()
        if agenda is None:
            raise ServiceError(_("There is no agenda page to create the event in."), "no_agenda")
        event = EventPage(
            title=proposal.title,
            slug=_unique_child_slug(agenda, proposal.title),
            kind=proposal.kind,
            intro=proposal.description[:1000],
            start=proposal.start,
            end=proposal.end,
            place_name=proposal.place_name,
            commune=proposal.commune,
            live=False,
        )
        agenda.add_child(instance=event)
        event.host_members.set([proposal.member])
        event.save()
        event.save_revision(user=by, log_action=True)
        proposal.status = EventProposal.Status.ACCEPTED
        proposal.event = event
        proposal.reviewed_at = timezone.now()
        proposal.reviewed_by = by
        proposal.save(update_fields=["status", "event", "reviewed_at", "reviewed_by"])
        log(instance=proposal, action="workshops.proposal_accepted", user=by)
        _tell_proposer(proposal, "workshops/emails/proposal_accepted")
    return event


def decline_proposal(proposal, reason, *, by=None):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason, it is shown to the member."), "reason", "reason")
    with transaction.atomic():
        proposal = EventProposal.objects.select_for_update().get(pk=proposal.pk)
        if not proposal.is_pending:
            raise ServiceError(_("This proposal has already been reviewed."), "reviewed")
        proposal.status = EventProposal.Status.DECLINED
        proposal.decline_reason = reason
        proposal.reviewed_at = timezone.now()
        proposal.reviewed_by = by
        proposal.save(update_fields=["status", "decline_reason", "reviewed_at", "reviewed_by"])
        log(instance=proposal, action="workshops.proposal_declined", user=by, data={"reason": reason})
        _tell_proposer(proposal, "workshops/emails/proposal_declined")
    return proposal


# --- RGPD ---------------------------------------------------------------------------------


def invitations_of(email):
    return Invitation.objects.filter(email__iexact=email.strip())


def respondents_of(email):
    return PollRespondent.objects.filter(email__iexact=email.strip())


def certificates_of(email):
    return AttendanceCertificate.objects.filter(email__iexact=email.strip())


def anonymise_network_data(*, invitations, respondents, certificates, now=None):
    """Remove the personal data of invitations, poll respondents (and their answers) and
    certificates. A certificate keeps its code, event and dates: its verification still
    says it is genuine, without the holder's name."""
    now = now or timezone.now()
    count = 0
    forget_log_labels(Invitation, invitations.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    for invitation in invitations.filter(anonymised_at__isnull=True).only("pk"):
        Invitation.objects.filter(pk=invitation.pk).update(
            name="",
            email=f"anonymised-{invitation.pk}@invalid",
            message="",
            token=f"anonymised-{invitation.pk}",
            anonymised_at=now,
        )
        count += 1
    for respondent in respondents.filter(anonymised_at__isnull=True).only("pk"):
        PollAnswer.objects.filter(respondent=respondent).delete()
        PollRespondent.objects.filter(pk=respondent.pk).update(
            name="",
            email=f"anonymised-{respondent.pk}@invalid",
            token=f"anonymised-{respondent.pk}",
            anonymised_at=now,
        )
        count += 1
    count += certificates.filter(anonymised_at__isnull=True).update(holder_name="", email="", anonymised_at=now)
    return count


def purge_network_data(*, months, now=None):
    """The retention purge: invitations and certificates of events ended `months` ago,
    respondents of polls closed (or created) that long ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(months * 30.44))
    return anonymise_network_data(
        invitations=Invitation.objects.filter(event__end__lt=cutoff),
        respondents=PollRespondent.objects.filter(poll__created_at__lt=cutoff).exclude(
            poll__status=DatePoll.Status.OPEN
        ),
        certificates=AttendanceCertificate.objects.filter(end__lt=cutoff),
        now=now,
    )
