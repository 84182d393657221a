"""The rules of volunteer missions: the only place where a volunteer's sign-up changes.
The public site, the admin, the member area and the management commands call them.

A mission's places are never exceeded, also under concurrent sign-ups: every sign-up
reads the places taken and writes inside `workshops.services.capacity_lock` on the
mission's row, and asks the registrations' own `fits`/`take` rule whether one more
person fits. There is no waiting list: a full mission says so."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.emails import OutboxBatch, send_templated_email
from home.services import ServiceError, absolute_url
from workshops import services as capacity

from ..mission_models import Mission, Volunteer
from ..models import roadmap_page_for_language

TOKEN_SALT = "roadmap.volunteer"  # noqa: S105 — a signing salt, not a secret
Status = Volunteer.Status

FULL = _("Sorry, this mission is full: every place has been taken.")
ALREADY = _("This e-mail address is already signed up for this mission: use the link in your e-mail.")
CLOSED = _("Sign-ups for this mission are closed.")
NOT_ALLOWED = _("This sign-up cannot be changed any more.")
BUSY = capacity.RegistrationBusy.message


def reminder_days():
    return getattr(settings, "ROADMAP_MISSION_REMINDER_DAYS", 2)


# --- Links ----------------------------------------------------------------------------


def make_token(volunteer):
    """Stable for a sign-up: every e-mail carries the same personal link."""
    return signing.Signer(salt=TOKEN_SALT).sign(volunteer.token)


def volunteer_for_token(signed_token):
    """The sign-up a personal link points to, or None (tampered, foreign or purged link)."""
    try:
        raw = signing.Signer(salt=TOKEN_SALT).unsign(signed_token)
    except signing.BadSignature:
        return None
    if not raw:
        return None
    return Volunteer.objects.select_related("mission").filter(token=raw, anonymised_at__isnull=True).first()


def personal_path(volunteer):
    with translation.override(volunteer.language):
        return reverse("roadmap:volunteer", kwargs={"token": make_token(volunteer)})


def personal_url(volunteer):
    return absolute_url(personal_path(volunteer))


def mission_url(mission, language):
    page = roadmap_page_for_language(language)
    if page is None:
        return ""
    with translation.override(language):
        return absolute_url(page.url + page.reverse_subpage("mission", args=[mission.pk]))


def _send(volunteer, kind, outbox=None, **context):
    send = outbox.send_templated_email if outbox is not None else send_templated_email
    send(
        f"roadmap/emails/volunteer_{kind}",
        {
            "volunteer": volunteer,
            "mission": volunteer.mission,
            "personal_url": personal_url(volunteer),
            "mission_url": mission_url(volunteer.mission, volunteer.language),
            **context,
        },
        [volunteer.email],
        language=volunteer.language,
    )


# --- Signing up and leaving -----------------------------------------------------------


def signup_state(mission, now=None):
    """'open', 'full', 'closed' (cancelled or started): a hint for the page; `sign_up`
    decides under the lock."""
    now = now or timezone.now()
    if mission.cancelled or mission.start <= now:
        return "closed"
    return "open" if mission.places_left() > 0 else "full"


def sign_up(mission, *, name, email, skills="", language=None, now=None, notify=True):
    """Record a volunteer on a mission while places are left, else refuse with the code
    "full". Raises ServiceError; sends the confirmation with the personal link."""
    now = now or timezone.now()
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise ServiceError(_("Give your name."), "missing_name", "name")
    if not email:
        raise ServiceError(_("Give your e-mail address."), "missing_email", "email")
    try:
        with capacity.capacity_lock(Mission.objects.filter(pk=mission.pk)) as ([locked],):
            if locked.cancelled or locked.start <= now:
                raise ServiceError(CLOSED, "closed")
            if Volunteer.objects.filter(mission=locked, email=email, status=Status.CONFIRMED).exists():
                raise ServiceError(ALREADY, "duplicate", "email")
            taken = {None: Volunteer.objects.filter(mission=locked, status=Status.CONFIRMED).count()}
            if not capacity.fits(locked, [], 1, taken):
                raise ServiceError(FULL, "full")
            capacity.take([], 1, taken)
            volunteer = Volunteer.objects.create(
                mission=locked,
                name=name,
                email=email,
                skills=(skills or "").strip(),
                language=language or settings.LANGUAGE_CODE,
                created_at=now,
            )
            log(instance=volunteer, action="roadmap.volunteer.signed_up")
            if notify:
                _send(volunteer, "confirmation")
    except capacity.RegistrationBusy:
        raise ServiceError(BUSY, "busy") from None
    except IntegrityError:
        # The unique constraint is the last line of defence behind the check above.
        raise ServiceError(ALREADY, "duplicate", "email") from None
    return volunteer


def cancel(volunteer, *, now=None, user=None, notify=True):
    """The volunteer (personal link) or staff cancel a sign-up before the mission starts:
    the place is free again."""
    now = now or timezone.now()
    try:
        with capacity.capacity_lock(Mission.objects.filter(pk=volunteer.mission_id)) as ([mission],):
            volunteer.refresh_from_db()
            if not volunteer.is_confirmed or mission.start <= now:
                raise ServiceError(NOT_ALLOWED, "not_allowed")
            volunteer.status = Status.CANCELLED
            volunteer.cancelled_at = now
            volunteer.save(update_fields=["status", "cancelled_at"])
            log(instance=volunteer, action="roadmap.volunteer.cancelled", user=user)
            if notify:
                _send(volunteer, "cancellation")
    except capacity.RegistrationBusy:
        raise ServiceError(BUSY, "busy") from None
    return volunteer


# --- Staff change a mission ---------------------------------------------------------

# What a volunteer is told about when it changes (the fields of `Mission`).
SCHEDULE_FIELDS = ("start", "end", "place")


def save_mission(mission, *, user=None, save=None):
    """Save a mission that staff edited (`save`: how, by default `mission.save()`; the
    admin passes its own, which logs the edit): when it is cancelled, or its date or place
    changes, each confirmed volunteer is e-mailed in their language, in the same
    transaction (outbox). Returns the number of volunteers told."""
    with transaction.atomic():
        previous = Mission.objects.select_for_update().filter(pk=mission.pk).first() if mission.pk else None
        (save or mission.save)()
        if previous is None:
            return 0
        if mission.cancelled and not previous.cancelled:
            kind, changed = "mission_cancelled", []
        else:
            changed = [name for name in SCHEDULE_FIELDS if _shown(previous, name) != _shown(mission, name)]
            if mission.cancelled or not changed:
                return 0
            kind = "mission_changed"
        log(instance=mission, action=f"roadmap.{kind}", user=user, data={"changed": changed})
        return notify_volunteers(mission, kind, previous=previous, changed=changed)


def check_deletable(missions, now=None):
    """Refuse to delete a mission that people are still signed up for (not cancelled,
    not over), or the action or event that posts it: deleting it would drop their
    sign-ups without telling them. Staff cancel the mission instead (`save_mission`
    e-mails each volunteer), then may delete it. `missions`: a list or a queryset."""
    now = now or timezone.now()
    if not isinstance(missions, models.QuerySet):
        missions = Mission.objects.filter(pk__in=[mission.pk for mission in missions])
    blocking = list(missions.filter(cancelled=False, end__gt=now, volunteers__status=Status.CONFIRMED).distinct())
    if blocking:
        raise ServiceError(
            _(
                "“%(missions)s” still has volunteers signed up: deleting it would drop them without telling them. "
                "Cancel the mission instead (tick “cancelled” and save): each volunteer is told by e-mail; you may "
                "delete it afterwards."
            )
            % {"missions": "”, “".join(str(mission) for mission in blocking)},
            "has_volunteers",
        )


def _shown(mission, name):
    """A field as volunteers read it: times to the minute (the admin's precision)."""
    value = getattr(mission, name)
    return value.replace(second=0, microsecond=0) if hasattr(value, "microsecond") else value


def notify_volunteers(mission, kind, **context):
    """E-mail every confirmed volunteer of `mission` (template `volunteer_<kind>`), each
    in their language, with one bulk insert into the outbox."""
    outbox = OutboxBatch()
    volunteers = list(mission.volunteers.filter(status=Status.CONFIRMED, anonymised_at__isnull=True))
    for volunteer in volunteers:
        volunteer.mission = mission
        _send(volunteer, kind, outbox, **context)
    outbox.store()
    return len(volunteers)


# --- Reminders and lists ---------------------------------------------------------------


def send_reminders(*, now=None):
    """Remind the confirmed volunteers `ROADMAP_MISSION_REMINDER_DAYS` before their
    mission; once per start date (a rescheduled mission reminds again). Idempotent."""
    now = now or timezone.now()
    sent = 0
    due_missions = Mission.objects.filter(
        cancelled=False, start__gt=now, start__lte=now + timedelta(days=reminder_days())
    )
    for mission in due_missions:
        for volunteer in mission.volunteers.filter(status=Status.CONFIRMED).exclude(reminder_sent_for=mission.start):
            # The conditional update makes concurrent runs send each reminder once.
            claimed = (
                Volunteer.objects.filter(pk=volunteer.pk, status=Status.CONFIRMED)
                .exclude(reminder_sent_for=mission.start)
                .update(reminder_sent_for=mission.start)
            )
            if claimed:
                volunteer.mission = mission
                _send(volunteer, "reminder")
                sent += 1
    return sent


EXPORT_HEADER = [_("Name"), _("E-mail"), _("Skills or help offered"), _("Signed up at")]


def export_rows(mission):
    """The confirmed volunteers of a mission, as rows for a spreadsheet."""
    return [
        [v.name, v.email, v.skills, timezone.localtime(v.created_at).strftime("%Y-%m-%d %H:%M")]
        for v in mission.volunteers.filter(status=Status.CONFIRMED).order_by("created_at", "pk")
    ]


# --- Retention and RGPD ---------------------------------------------------------------


def _anonymise(queryset, now):
    count = 0
    for volunteer in queryset.only("pk"):
        Volunteer.objects.filter(pk=volunteer.pk).update(
            name="",
            email=f"anonymised-{volunteer.pk}@invalid",
            skills="",
            token=f"anonymised-{volunteer.pk}",
            anonymised_at=now,
        )
        count += 1
    return count


def purge_volunteers(*, months=None, now=None):
    """Anonymise volunteers' personal data `months` after their mission (the site
    settings' retention, as for registrants). Counts and statuses stay. Idempotent."""
    now = now or timezone.now()
    if months is None:
        months = capacity._retention_months()
    cutoff = now - timedelta(days=int(months * 30.44))
    return _anonymise(Volunteer.objects.filter(mission__end__lt=cutoff, anonymised_at__isnull=True), now)


def volunteers_of(email):
    return Volunteer.objects.filter(email__iexact=(email or "").strip())


def erase_volunteer(email, *, now=None):
    """The right to erasure: upcoming sign-ups are cancelled (their places free again,
    without e-mail), then every sign-up of the address is anonymised."""
    now = now or timezone.now()
    for volunteer in volunteers_of(email).filter(status=Status.CONFIRMED, mission__start__gt=now):
        try:
            cancel(volunteer, now=now, notify=False)
        except ServiceError:
            pass
    return _anonymise(volunteers_of(email).filter(anonymised_at__isnull=True), now)
