"""The rules of the network's life around events: date polls, event reports (reminders and
notices), attendance certificates and events proposed by members. Seats (registrations,
invitations) stay in `workshops.registration`, the only code that touches capacity.

Each function raises `home.services.ServiceError` when it refuses a change, sends e-mail
with `home.emails.send_templated_email` inside the transaction of the change, and leaves a
Wagtail log entry."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.emails import send_templated_email, staff_recipients
from home.services import ServiceError, absolute_url

from . import calendars
from .models import (
    AttendanceCertificate,
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
)
from .notifications import localized_page
from .tokens import unsign

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
    from django.urls import reverse

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
    from django.utils import translation

    from .tokens import make_token

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
