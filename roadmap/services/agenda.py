"""From proposal (or idea) to decision — the rules, one service for both. A proposal or
a published idea of a call that reaches the support threshold (Settings → Participation)
goes on the agenda of the governing body in charge: an `AgendaItem` on the minutes page of
the body's next meeting (or waiting for that page to be created). Staff record the body's
decision on the item, once: accepted (the proposal becomes an action; the idea is
selected and becomes one), declined with a reason (the idea is not selected), or
postponed to a date (it goes on the agenda of the first meeting from that date). The
author and the supporters who asked for news are e-mailed, inside the transaction of the
decision, each person once (the followers of a proposal who were not told here get the
`after_proposal_decision` notice of the follows app)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Site

from home.emails import send_templated_email
from home.models import GovernanceBody, MinutesPage, Publication
from home.services import ServiceError

from .. import services
from ..agenda_models import AgendaItem, ParticipationSettings
from ..call_models import Idea, IdeaSupport
from ..models import Proposal, Support, default_language, roadmap_page_for_language
from . import calls

Outcome = AgendaItem.Outcome


def _settings():
    site = Site.objects.filter(is_default_site=True).first()
    return ParticipationSettings.for_site(site) if site else ParticipationSettings(agenda_threshold=20)


def threshold():
    return _settings().agenda_threshold


def deciding_body():
    """The body in charge: the setting, else the steering committee, else the first body
    (in the site's default language)."""
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
    day = on_or_after or timezone.localdate()
    return (
        MinutesPage.objects.filter(
            body__translation_key=body.translation_key, date__gte=day, locale__language_code=default_language()
        )
        .order_by("date", "pk")
        .first()
    )


# --- What the body decides on: a proposal or an idea -------------------------------------


def _is_idea(subject):
    return isinstance(subject, Idea)


def _subject_field(subject):
    return "idea" if _is_idea(subject) else "proposal"


def confirmed_supports(subject):
    if _is_idea(subject):
        return IdeaSupport.objects.filter(idea=subject, confirmed_at__isnull=False).count()
    return Support.objects.filter(proposal=subject, confirmed_at__isnull=False).count()


def _can_go_to_body(subject):
    """An open published proposal; a published idea not decided on, of a call whose
    results are not published."""
    if _is_idea(subject):
        return subject.is_published and subject.is_undecided and subject.call.state() != "results"
    return subject.status == Proposal.Status.OPEN and subject.is_published


def _supporters_asking_for_news(subject):
    """(address, language) of the residents' confirmed supports that asked for news."""
    if _is_idea(subject):
        supports = IdeaSupport.objects.filter(idea=subject, notify=True)
    else:
        supports = Support.objects.filter(proposal=subject, notify_updates=True)
    return supports.filter(confirmed_at__isnull=False, member__isnull=True).values_list("email", "language")


def _page_url(subject, language):
    page = roadmap_page_for_language(language)
    if page is None:
        return ""
    with translation.override(language):
        if _is_idea(subject):
            return page.url + page.reverse_subpage("idea", args=[subject.call_id, subject.pk])
        return page.url + page.reverse_subpage("proposal", args=[subject.pk])


# --- Putting proposals and ideas on the agenda --------------------------------------------


def supported(subject):
    """Called after each counted support of a proposal or an idea: it goes on the agenda
    when it reaches the threshold (once; nothing happens below it). Returns the new item
    or None."""
    subject = type(subject).objects.get(pk=subject.pk)
    if not _can_go_to_body(subject) or subject.agenda_items.exists():
        return None  # already before the body, or decided or postponed by it (postponements re-schedule)
    supports = confirmed_supports(subject)
    if supports < threshold():
        return None
    return put_on_agenda(subject, supports=supports)


def put_on_agenda(subject, *, supports=None, on_or_after=None, user=None):
    body = deciding_body()
    if body is None:
        return None  # no governing body yet: staff's accept/decline (select) path stays
    minutes = next_minutes(body, on_or_after=on_or_after)
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                body=body,
                minutes=minutes,
                supports_when_added=confirmed_supports(subject) if supports is None else supports,
                **{_subject_field(subject): subject},
            )
            log(instance=item, action="roadmap.agenda.added", user=user)
            _tell_author(item, "added")
    except IntegrityError:
        return None  # a concurrent support put it on the agenda already
    return item


def place_due_proposals():
    """After the threshold changed: put every open proposal and published idea that has
    enough supports and never went to the body on the agenda. Returns the number put on it."""
    candidates = [
        *Proposal.objects.filter(status=Proposal.Status.OPEN, agenda_items__isnull=True),
        *Idea.objects.filter(
            publication=Publication.PUBLISHED,
            selection__in=[Idea.Selection.NONE, Idea.Selection.SHORTLISTED],
            call__results_published_at__isnull=True,
            agenda_items__isnull=True,
        ),
    ]
    return sum(1 for subject in candidates if supported(subject) is not None)


def attach_to_minutes(minutes_page):
    """A minutes page of a body was created or published: the items of that body still
    waiting for a meeting (on or after their date) go on it."""
    if minutes_page.body_id is None:
        return 0
    count = 0
    waiting = AgendaItem.objects.filter(
        outcome=Outcome.PENDING, minutes__isnull=True, body__translation_key=minutes_page.body.translation_key
    ).select_related("body")
    for item in waiting:
        if next_minutes(item.body, on_or_after=timezone.localdate()) == minutes_page:
            item.minutes = minutes_page
            item.save(update_fields=["minutes"])
            count += 1
    return count


# --- Recording the decision ---------------------------------------------------------------


def record_decision(item, outcome, *, reason="", postponed_to=None, user=None, axis=None, activity=None):
    """Record the body's decision on an agenda item, once. Raises ServiceError.
    An accepted idea becomes an action of `axis`, or (no axis) an activity of the event
    its call prepares: `activity` = {"start", "end", "capacity"}."""
    reason = (reason or "").strip()
    if outcome not in (Outcome.ACCEPTED, Outcome.DECLINED, Outcome.POSTPONED):
        raise ServiceError(_("Choose the body's decision."), "bad_outcome", "outcome")
    if outcome == Outcome.DECLINED and not reason:
        raise ServiceError(_("Give the reason: it is shown publicly."), "missing_reason", "reason")
    if outcome == Outcome.POSTPONED and (postponed_to is None or postponed_to <= timezone.localdate()):
        raise ServiceError(_("Give a date in the future."), "bad_date", "postponed_to")
    with transaction.atomic():
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("proposal", "idea", "body")
            .get(pk=item.pk)
        )
        if not item.is_pending:
            raise ServiceError(_("The body's decision on this item is already recorded."), "already_decided")
        subject = item.subject
        if outcome == Outcome.ACCEPTED:
            item.action = _accept(subject, reason, axis, user, activity or {})
        elif outcome == Outcome.DECLINED:
            _decline(subject, reason, user)
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
                body=item.body,
                minutes=next_minutes(item.body, on_or_after=postponed_to),
                supports_when_added=confirmed_supports(subject),
                **{_subject_field(subject): subject},
            )
        told = _tell_decision(item)
        if outcome != Outcome.POSTPONED:
            if _is_idea(subject):
                calls.announce_idea_decision(Idea.objects.get(pk=subject.pk), already_told=told)
            else:
                services.announce_decision(subject, already_told=told)
    return follow_up or item


def _accept(subject, reason, axis, user, activity):
    """The body accepts: a proposal becomes an action; an idea is selected and becomes an
    action of `axis` or an activity of the event its call prepares. Returns the action
    (None for an activity)."""
    if _is_idea(subject):
        return calls.select(
            subject,
            reason or _("Accepted by the governing body."),
            axis=axis,
            start=activity.get("start"),
            end=activity.get("end"),
            capacity=activity.get("capacity"),
            user=user,
            by_body=True,
        ).action
    try:
        return services.accept_proposal(subject, user=user, axis=axis, by_body=True)
    except services.RoadmapError as error:
        raise ServiceError(error.message, error.code) from None


def _decline(subject, reason, user):
    if _is_idea(subject):
        calls.not_select(subject, reason, user=user, by_body=True)
        return
    try:
        services.decline_proposal(subject, reason, user=user, by_body=True)
    except services.RoadmapError as error:
        raise ServiceError(error.message, error.code) from None


def _recipients(item):
    """The author and the supporters who asked for news, each once, in their language."""
    subject = item.subject
    people = {}
    for address in subject.author_addresses():
        people.setdefault(address.lower(), subject.language)
    for address, language in _supporters_asking_for_news(subject):
        people.setdefault(address.lower(), language)
    return people


def _tell_author(item, template):
    for address in item.subject.author_addresses():
        _email(item, template, address, item.subject.language)


def _tell_decision(item):
    """E-mail the decision; returns the addresses told."""
    people = _recipients(item)
    for address, language in people.items():
        _email(item, "decision", address, language)
    return set(people)


def _email(item, template, address, language):
    page = _page_url(item.subject, language)
    send_templated_email(
        f"roadmap/emails/agenda_{template}",
        {
            "item": item,
            "subject": item.subject,
            "is_idea": item.idea_id is not None,
            "subject_url": services._absolute(page) if page else "",
            "action_url": services.action_url(item.action, language) if item.action_id else "",
            "activity": _activity(item),
        },
        [address],
        language=language,
    )


def _activity(item):
    """The activity an accepted idea became (None otherwise)."""
    if item.idea_id is None:
        return None
    return Idea.objects.filter(pk=item.idea_id).select_related("activity__event").first().activity


def timeline(subject):
    """A proposal's or idea's public steps with the body: put on the agenda, decided, postponed."""
    return list(subject.agenda_items.select_related("body", "minutes").order_by("added_at", "pk"))
