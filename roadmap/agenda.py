"""From proposal to decision — the rules. A proposal that reaches the support threshold
(Settings → Participation) goes on the agenda of the governing body in charge: an
`AgendaItem` on the minutes page of the body's next meeting (or waiting for that page to
be created). Staff record the body's decision on the item, once: accepted (the proposal
becomes an action), declined with a reason, or postponed to a date (the proposal goes on
the agenda of the first meeting from that date). The proposer and the supporters who
asked for news are e-mailed, inside the transaction of the decision."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.emails import send_templated_email
from home.services import ServiceError

from .agenda_models import AgendaItem, ParticipationSettings
from .models import Proposal, Support

Outcome = AgendaItem.Outcome


def _settings():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return ParticipationSettings.for_site(site) if site else ParticipationSettings(agenda_threshold=20)


def threshold():
    return _settings().agenda_threshold


def deciding_body():
    """The body in charge: the setting, else the steering committee, else the first body
    (in the site's default language)."""
    from home.models import GovernanceBody

    from .models import default_language

    chosen = _settings().deciding_body
    if chosen is not None:
        return chosen
    bodies = GovernanceBody.objects.filter(locale__language_code=default_language())
    return (
        bodies.filter(Q(name__icontains="pilotage") | Q(name__icontains="steering")).order_by("pk").first()
        or bodies.order_by("pk").first()
    )


def next_minutes(body, *, on_or_after=None):
    """The minutes page of the body's next meeting (from today, or from a date), drafts
    included: staff create it before the meeting to prepare its agenda."""
    from home.models import MinutesPage

    from .models import default_language

    day = on_or_after or timezone.localdate()
    return (
        MinutesPage.objects.filter(
            body__translation_key=body.translation_key, date__gte=day, locale__language_code=default_language()
        )
        .order_by("date", "pk")
        .first()
    )


def confirmed_supports(proposal):
    return Support.objects.filter(proposal=proposal, confirmed_at__isnull=False).count()


# --- Putting proposals on the agenda ----------------------------------------------------


def proposal_supported(proposal):
    """Called after each counted support: the proposal goes on the agenda when it
    reaches the threshold (once; nothing happens below it). Returns the new item or None."""
    proposal = Proposal.objects.get(pk=proposal.pk)
    if proposal.status != Proposal.Status.OPEN or proposal.agenda_items.filter(outcome=Outcome.PENDING).exists():
        return None
    if proposal.agenda_items.exists():
        return None  # already decided or postponed by the body: postponements re-schedule themselves
    supports = confirmed_supports(proposal)
    if supports < threshold():
        return None
    return put_on_agenda(proposal, supports=supports)


def put_on_agenda(proposal, *, supports=None, on_or_after=None, user=None):
    body = deciding_body()
    if body is None:
        return None  # no governing body yet: staff's accept/decline path stays
    minutes = next_minutes(body, on_or_after=on_or_after)
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                proposal=proposal,
                body=body,
                minutes=minutes,
                supports_when_added=confirmed_supports(proposal) if supports is None else supports,
            )
            log(instance=item, action="roadmap.agenda.added", user=user)
            _tell_proposer(item, "added")
    except IntegrityError:
        return None  # a concurrent support put it on the agenda already
    return item


def place_due_proposals():
    """After the threshold changed: put every open proposal that has enough supports and
    never went to the body on the agenda. Returns the number put on it."""
    count = 0
    for proposal in Proposal.objects.filter(status=Proposal.Status.OPEN, agenda_items__isnull=True):
        if proposal_supported(proposal) is not None:
            count += 1
    return count


def attach_to_minutes(minutes_page):
    """A minutes page of a body was created or published: the items of that body still
    waiting for a meeting (on or after their date) go on it."""
    if minutes_page.body_id is None:
        return 0
    count = 0
    waiting = AgendaItem.objects.filter(
        outcome=Outcome.PENDING, minutes__isnull=True, body__translation_key=minutes_page.body.translation_key
    ).select_related("proposal")
    for item in waiting:
        if next_minutes(item.body, on_or_after=timezone.localdate()) == minutes_page:
            item.minutes = minutes_page
            item.save(update_fields=["minutes"])
            count += 1
    return count


# --- Recording the decision ---------------------------------------------------------------


def record_decision(item, outcome, *, reason="", postponed_to=None, user=None, axis=None):
    """Record the body's decision on an agenda item, once. Raises ServiceError."""
    from . import services

    reason = (reason or "").strip()
    if outcome not in (Outcome.ACCEPTED, Outcome.DECLINED, Outcome.POSTPONED):
        raise ServiceError(_("Choose the body's decision."), "bad_outcome", "outcome")
    if outcome == Outcome.DECLINED and not reason:
        raise ServiceError(_("Give the reason: it is shown publicly with the proposal."), "missing_reason", "reason")
    if outcome == Outcome.POSTPONED and (postponed_to is None or postponed_to <= timezone.localdate()):
        raise ServiceError(_("Give a date in the future."), "bad_date", "postponed_to")
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().select_related("proposal", "body").get(pk=item.pk)
        if not item.is_pending:
            raise ServiceError(_("The body's decision on this item is already recorded."), "already_decided")
        proposal = item.proposal
        try:
            if outcome == Outcome.ACCEPTED:
                item.action = services.accept_proposal(proposal, user=user, axis=axis, by_body=True)
            elif outcome == Outcome.DECLINED:
                services.decline_proposal(proposal, reason, user=user, by_body=True)
        except services.RoadmapError as error:
            raise ServiceError(error.message, error.code) from None
        item.outcome = outcome
        item.reason = reason
        item.postponed_to = postponed_to if outcome == Outcome.POSTPONED else None
        item.decided_at = timezone.now()
        item.decided_by = user
        item.save()
        log(instance=item, action=f"roadmap.agenda.{outcome}", user=user)
        follow_up = None
        if outcome == Outcome.POSTPONED:
            follow_up = AgendaItem.objects.create(
                proposal=proposal,
                body=item.body,
                minutes=next_minutes(item.body, on_or_after=postponed_to),
                supports_when_added=confirmed_supports(proposal),
            )
        _tell_decision(item)
    return follow_up or item


def _recipients(item):
    """The proposer and the supporters who asked for news, each once, in their language."""
    from .services import _proposer_address

    proposal = item.proposal
    people = {}
    for address in _proposer_address(proposal):
        people.setdefault(address.lower(), proposal.language)
    for support in Support.objects.filter(
        proposal=proposal, notify_updates=True, confirmed_at__isnull=False, member__isnull=True
    ):
        people.setdefault(support.email.lower(), support.language)
    return people


def _tell_proposer(item, template):
    from .services import _proposer_address

    for address in _proposer_address(item.proposal):
        _email(item, template, address, item.proposal.language)


def _tell_decision(item):
    for address, language in _recipients(item).items():
        _email(item, "decision", address, language)


def _email(item, template, address, language):
    from .services import _absolute, action_url

    page = _proposal_page_url(item.proposal, language)
    send_templated_email(
        f"roadmap/emails/agenda_{template}",
        {
            "item": item,
            "proposal": item.proposal,
            "proposal_url": _absolute(page) if page else "",
            "action_url": action_url(item.action, language) if item.action_id else "",
        },
        [address],
        language=language,
    )


def _proposal_page_url(proposal, language):
    from django.utils import translation

    from .models import roadmap_page_for_language

    page = roadmap_page_for_language(language)
    if page is None:
        return ""
    with translation.override(language):
        return page.url + page.reverse_subpage("proposal", args=[proposal.pk])


def timeline(proposal):
    """The proposal's public steps with the body: put on the agenda, decided, postponed."""
    return list(proposal.agenda_items.select_related("body", "minutes").order_by("added_at", "pk"))
