"""The rules of calls for ideas: the only place where an idea or its supports change.
Public views, the admin and the demo call them; they raise `ServiceError` and send
e-mail inside the transaction of the change.

An idea goes: submitted (a resident confirms the address) → waiting for review →
published or hidden with a reason (staff, the shared pre-moderation of
`home.contributions`, with its "report this content" queue) → after the deadline,
shortlisted, selected or not selected with a public reason → a selected idea becomes a
roadmap action or an activity of the event the call prepares, linked both ways. An idea
that reaches the support threshold goes before the governing body instead, whose
decision selects it or not (`roadmap.agenda`). Publishing the results tells the
submitters and the supporters who asked."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log

from home.emails import send_templated_email, staff_recipients
from home.models import Publication
from home.page_cache import clear_page_cache
from home.personal_links import PersonalLink
from home.services import ServiceError, absolute_url
from workshops.models import Activity
from workshops.services import _retention_months

from .. import services
from ..call_models import Call, Idea, IdeaSupport
from ..models import Action, roadmap_page_for_language
from . import agenda

IDEA_SALT = "roadmap.idea.confirm"
IDEA_SUPPORT_SALT = "roadmap.idea_support.confirm"
Status = Idea.Status
Selection = Idea.Selection

ALREADY_SUPPORTED = _("You already support this idea. Each person can support it only once.")


def _email(address):
    return (address or "").strip().lower()


# --- Links ----------------------------------------------------------------------------


def call_path(call, language):
    page = roadmap_page_for_language(language)
    if page is None:
        return ""
    with translation.override(language):
        return page.url + page.reverse_subpage("call", args=[call.pk])


def idea_path(idea, language):
    page = roadmap_page_for_language(language)
    if page is None:
        return ""
    with translation.override(language):
        return page.url + page.reverse_subpage("idea", args=[idea.call_id, idea.pk])


def _link(name, language, token):
    with translation.override(language):
        return absolute_url(reverse(f"roadmap:{name}", kwargs={"token": token}))


def _send(template, obj, to, language, **context):
    idea = obj if isinstance(obj, Idea) else obj.idea
    page = idea_path(idea, language) if idea.is_published else call_path(idea.call, language)
    send_templated_email(
        f"roadmap/emails/{template}",
        {"idea": idea, "call": idea.call, "page_url": absolute_url(page) if page else "", **context},
        [to],
        language=language,
    )


# --- Submitting -------------------------------------------------------------------------


def submit_idea(call, *, title, description, name="", email="", member=None, language="fr", notify=True, now=None):
    """A resident's idea waits for the e-mail confirmation; a member's goes to review."""
    now = now or timezone.now()
    if call.state(now) != "open":
        raise ServiceError(_("This call is closed: its deadline has passed."), "closed")
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ServiceError(_("Give your idea a title."), "missing_title", "title")
    if not description:
        raise ServiceError(_("Describe your idea."), "missing_description", "description")
    if member is None and not (name.strip() and _email(email)):
        raise ServiceError(_("A name and an e-mail address are needed."), "missing_identity", "email")
    with transaction.atomic():
        idea = Idea.objects.create(
            call=call,
            title=title,
            description=description,
            member=member,
            name=name.strip() if member is None else "",
            email=_email(email) if member is None else "",
            language=language,
            notify=notify,
            status=Status.UNCONFIRMED if member is None else Status.CONFIRMED,
            confirmed_at=None if member is None else now,
            created_at=now,
        )
        log(instance=idea, action="roadmap.idea.submitted")
        if member is None:
            _send(
                "idea_confirm",
                idea,
                idea.email,
                language,
                confirm_url=_link("confirm_idea", language, services.make_token(idea, IDEA_SALT)),
            )
        else:
            _tell_staff(idea)
    return idea


def confirm_idea(token):
    """Open the confirmation link: the idea waits for the staff's review (idempotent)."""
    try:
        idea = services._object_for_token(Idea, token, IDEA_SALT, services.CONFIRM_MAX_AGE)
    except services.RoadmapError as error:
        raise ServiceError(error.message, error.code) from None
    with transaction.atomic():
        updated = Idea.objects.filter(pk=idea.pk, status=Status.UNCONFIRMED).update(
            status=Status.CONFIRMED, confirmed_at=timezone.now()
        )
        idea.refresh_from_db()
        if updated:
            _tell_staff(idea)
    return idea


def _tell_staff(idea):
    recipients = staff_recipients()
    if recipients:
        send_templated_email(
            "roadmap/emails/idea_to_review",
            {
                "idea": idea,
                "admin_url": absolute_url(reverse("wagtailsnippets_roadmap_idea:list") + "?publication=pending"),
            },
            recipients,
            language="fr",
        )


# --- Review (pre-moderation: home.contributions) ----------------------------------------


def idea_published(idea):
    """`home.contributions.publish` made the idea public: its author is told (inside the
    transaction of the publication)."""
    for address in idea.author_addresses():
        _send("idea_published", idea, address, idea.language)


def _locked(idea):
    return Idea.objects.select_for_update().select_related("call").get(pk=idea.pk)


# --- Supports ----------------------------------------------------------------------------


def support_idea(idea, *, email="", member=None, notify=False, language="fr"):
    """Support a published idea once per person, until the results are published. A
    member's support counts at once; a resident's once the e-mail link is opened.
    Returns (support, needs_confirmation)."""
    if not idea.is_published or idea.call.state() == "results":
        raise ServiceError(_("This idea can no longer be supported."), "closed")
    email = _email(email)
    if member is None and not email:
        raise ServiceError(_("An e-mail address is needed."), "missing_identity", "email")
    if member is None:
        existing = IdeaSupport.objects.filter(idea=idea, email=email).first()
        if existing is not None:
            if existing.confirmed_at:
                raise ServiceError(ALREADY_SUPPORTED, "already", "email")
            _send_support_confirmation(existing)
            return existing, True
    try:
        with transaction.atomic():
            support = IdeaSupport.objects.create(
                idea=idea,
                member=member,
                email=email if member is None else "",
                language=language,
                notify=notify,
                confirmed_at=timezone.now() if member is not None else None,
            )
            if member is None:
                _send_support_confirmation(support)
    except IntegrityError:
        raise ServiceError(ALREADY_SUPPORTED, "already", "email") from None
    if member is not None:
        _counted(support)
    return support, member is None


def _counted(support):
    """A support of an idea now counts: the idea may reach the agenda threshold."""
    agenda.supported(support.idea)


def _send_support_confirmation(support):
    _send(
        "idea_support_confirm",
        support,
        support.email,
        support.language,
        confirm_url=_link("confirm_idea_support", support.language, services.make_token(support, IDEA_SUPPORT_SALT)),
    )


def confirm_idea_support(token):
    try:
        support = services._object_for_token(IdeaSupport, token, IDEA_SUPPORT_SALT, services.CONFIRM_MAX_AGE)
    except services.RoadmapError as error:
        raise ServiceError(error.message, error.code) from None
    if support.confirmed_at is None:
        IdeaSupport.objects.filter(pk=support.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        clear_page_cache()  # the public count changed; a queryset update sends no signal
        support.refresh_from_db()
        _counted(support)
    return support


# --- Selection ----------------------------------------------------------------------------


ON_AGENDA = _("This idea is on the agenda of the governing body: record the body's decision on its agenda item.")


def is_on_agenda(idea):
    return idea.agenda_items.filter(outcome="pending").exists()


def _decidable(idea, now=None, by_body=False):
    """The idea, locked, if staff (or the governing body, `by_body`, whose meeting may
    come before the deadline) can decide on it now; else ServiceError."""
    idea = _locked(idea)
    if not idea.is_published:
        raise ServiceError(_("Only published ideas can be shortlisted or selected."), "not_published")
    if not by_body and is_on_agenda(idea):
        raise ServiceError(ON_AGENDA, "on_agenda")
    state = idea.call.state(now)
    if state == "open" and not by_body:
        raise ServiceError(_("The call is still open: wait for its deadline."), "call_open")
    if state == "results":
        raise ServiceError(_("The results of this call are published: decisions are final."), "results_published")
    return idea


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason: it is shown publicly with the idea."), "missing_reason", "reason")
    return reason


def shortlist(idea, reason, *, user=None, now=None):
    reason = _reason(reason)
    with transaction.atomic():
        idea = _decidable(idea, now)
        if idea.selection != Selection.NONE:
            raise ServiceError(_("This idea has already been decided on."), "already_decided")
        idea.selection = Selection.SHORTLISTED
        idea.selection_reason = reason
        idea.save(update_fields=["selection", "selection_reason"])
        log(instance=idea, action="roadmap.idea.shortlisted", user=user)
    return idea


def not_select(idea, reason, *, user=None, now=None, by_body=False):
    reason = _reason(reason)
    with transaction.atomic():
        idea = _decidable(idea, now, by_body)
        if idea.selection not in (Selection.NONE, Selection.SHORTLISTED):
            raise ServiceError(_("This idea has already been decided on."), "already_decided")
        idea.selection = Selection.NOT_SELECTED
        idea.selection_reason = reason
        idea.save(update_fields=["selection", "selection_reason"])
        log(instance=idea, action="roadmap.idea.not_selected", user=user)
        if not by_body:
            announce_idea_decision(idea, already_told=_told_with_results(idea))
    return idea


def select(
    idea, reason, *, axis=None, event=None, start=None, end=None, capacity=None, user=None, now=None, by_body=False
):
    """Select an idea with a public reason: it becomes a roadmap action (on `axis`) or an
    activity of `event` (the event the call prepares by default), linked both ways.
    `by_body`: the governing body's decision (`roadmap.agenda`), which tells people itself."""
    reason = _reason(reason)
    if axis is None:
        event = event or idea.call.event
        if event is None:
            raise ServiceError(
                _("This call prepares no event: choose the axis of the action the idea becomes."), "no_target", "axis"
            )
        for name, value, message in (
            ("start", start, _("Give the activity's start (or choose an axis for an action).")),
            ("end", end, _("Give the activity's end (or choose an axis for an action).")),
            ("capacity", capacity, _("Give the activity's number of seats (or choose an axis for an action).")),
        ):
            if not value:
                raise ServiceError(message, "activity_fields", name)
        if end <= start:
            raise ServiceError(_("The end must be after the start."), "activity_fields", "end")
    with transaction.atomic():
        idea = _decidable(idea, now, by_body)
        if idea.selection not in (Selection.NONE, Selection.SHORTLISTED):
            raise ServiceError(_("This idea has already been decided on."), "already_decided")
        if axis is not None:
            idea.action = Action.objects.create(
                axis=axis,
                locale_id=axis.locale_id,
                title=idea.title,
                description=idea.description,
                status=Action.Status.PLANNED,
                lead_member=idea.member,
            )
        else:
            idea.activity = _add_activity(event, idea, start, end, capacity, user)
        idea.selection = Selection.SELECTED
        idea.selection_reason = reason
        idea.save(update_fields=["selection", "selection_reason", "action", "activity"])
        log(instance=idea, action="roadmap.idea.selected", user=user)
        if not by_body:
            announce_idea_decision(idea, already_told=_told_with_results(idea))
    return idea


def _told_with_results(idea):
    """The addresses `publish_results` will e-mail this idea's result to (its author if
    they asked, its supporters who asked): the follows app does not tell them twice."""
    told = set(idea.author_addresses()) if idea.notify else set()
    told.update(
        idea.supports.filter(notify=True, confirmed_at__isnull=False, member__isnull=True).values_list(
            "email", flat=True
        )
    )
    return {address.lower() for address in told}


def announce_idea_decision(idea, *, already_told=()):
    """Tell the other apps that an idea was selected or not (the follows app e-mails its
    followers), inside the decision's transaction; `already_told`: the addresses e-mailed
    this decision by the roadmap (one e-mail per person and decision)."""
    told = {address.lower() for address in already_told}
    for hook in hooks.get_hooks("after_idea_decision"):
        hook(idea, already_told=told)


def _add_activity(event, idea, start, end, capacity, user):
    """A new activity on the event's page, through a new published revision (refused while
    the page has an unpublished draft, which publishing would make live unseen)."""
    event = event.specific
    if event.has_unpublished_changes:
        raise ServiceError(
            _("The event's page has unpublished changes: publish or discard them, then select the idea."), "draft"
        )
    page = event
    page.activities.add(
        Activity(
            locale_id=page.locale_id,
            title=idea.title,
            description=idea.description,
            start=start,
            end=end,
            capacity=capacity,
        )
    )
    page.save_revision(user=user, log_action=True).publish(user=user)
    return Activity.objects.filter(event_id=event.pk, title=idea.title).order_by("-pk").first()


def publish_results(call, *, user=None, now=None):
    """Publish the selection: the call shows its results; submitters and the supporters
    who asked are told what became of their ideas. Once only."""
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        state = call.state(now)
        if state == "open":
            raise ServiceError(_("The call is still open: wait for its deadline."), "call_open")
        if state == "results":
            raise ServiceError(_("The results of this call are already published."), "already_published")
        undecided = call.ideas.filter(
            publication=Publication.PUBLISHED, selection__in=[Selection.NONE, Selection.SHORTLISTED]
        ).count()
        if undecided:
            raise ServiceError(
                _("%(count)s published idea(s) still wait for a decision: select them or not first.")
                % {"count": undecided},
                "undecided",
            )
        call.results_published_at = now or timezone.now()
        call.save(update_fields=["results_published_at"])
        log(instance=call, action="roadmap.call.results_published", user=user)
        told = set()
        # The ideas the governing body decided on were e-mailed with its decision
        # (roadmap.agenda): one e-mail per person and decision.
        ideas = (
            call.ideas.filter(publication=Publication.PUBLISHED)
            .exclude(agenda_items__outcome__in=["accepted", "declined"])
            .select_related("member", "call", "action", "activity")
        )
        for idea in ideas:
            if idea.notify:
                for address in idea.author_addresses():
                    if (address, idea.pk) not in told:
                        told.add((address, idea.pk))
                        _send("idea_result", idea, address, idea.language)
            for support in idea.supports.filter(notify=True, confirmed_at__isnull=False, member__isnull=True):
                if (support.email, idea.pk) not in told:
                    told.add((support.email, idea.pk))
                    _send("idea_result", idea, support.email, support.language)
        # The call's followers (follows app) get the selection, except those told above.
        addresses = {address.lower() for address, _idea in told}
        for hook in hooks.get_hooks("after_call_results"):
            hook(call, already_told=addresses)
    return call


# --- "Resend my links" (home.personal_links) ----------------------------------------------


def personal_links(email, language):
    """A resident's ideas and supports of ideas: a fresh confirmation link for what is
    still unconfirmed (an expired one works again), else the page of the idea or call."""
    links = []
    with translation.override(language):
        section = str(_("Your ideas and supports in calls for ideas"))
        for idea in ideas_of(email).filter(member__isnull=True).select_related("call").order_by("created_at"):
            if idea.status == Status.UNCONFIRMED:
                url, description = (
                    _link("confirm_idea", language, services.make_token(idea, IDEA_SALT)),
                    _("confirm your idea"),
                )
            else:
                page = idea_path(idea, language) if idea.is_published else call_path(idea.call, language)
                url, description = absolute_url(page) if page else "", _("see it")
            links.append(PersonalLink(section, idea.title, url, str(description)))
        for support in idea_supports_of(email).filter(confirmed_at__isnull=True).select_related("idea"):
            url = _link("confirm_idea_support", language, services.make_token(support, IDEA_SUPPORT_SALT))
            title = str(_("Support: %(title)s") % {"title": support.idea.title})
            links.append(PersonalLink(section, title, url, str(_("confirm your support"))))
    return links


# --- Personal data (RGPD) ------------------------------------------------------------------


def ideas_of(email):
    return Idea.objects.filter(email__iexact=_email(email))


def idea_supports_of(email):
    return IdeaSupport.objects.filter(email__iexact=_email(email))


def erase_participant(email):
    """Unconfirmed ideas and supports are deleted; confirmed supports keep counting under a
    placeholder address; ideas keep their text and status, without name and address."""
    count, _detail = ideas_of(email).filter(status=Status.UNCONFIRMED).delete()
    count += ideas_of(email).update(name="", email="", notify=False)
    deleted, _detail = idea_supports_of(email).filter(confirmed_at__isnull=True).delete()
    count += deleted
    for support in idea_supports_of(email).only("pk"):
        IdeaSupport.objects.filter(pk=support.pk).update(email=f"anonymised-{support.pk}@invalid", notify=False)
        count += 1
    return count


def purge_unconfirmed(days=services.UNCONFIRMED_RETENTION_DAYS):
    """Forget the ideas and supports whose e-mail was never confirmed after `days` days."""
    limit = timezone.now() - timedelta(days=days)
    ideas, _detail = Idea.objects.filter(status=Status.UNCONFIRMED, created_at__lt=limit).delete()
    supports, _detail = IdeaSupport.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return ideas, supports


def purge_old(*, months=None, now=None):
    """Anonymise the submitters and supporters of ideas `months` after the call's deadline
    (the site settings' retention). Texts, statuses and counts stay. Idempotent."""
    now = now or timezone.now()
    months = _retention_months() if months is None else months
    cutoff = now - timedelta(days=int(months * 30.44))
    count = (
        Idea.objects.filter(call__deadline__lt=cutoff)
        .exclude(name="", email="")
        .update(name="", email="", notify=False)
    )
    for support in (
        IdeaSupport.objects.filter(idea__call__deadline__lt=cutoff)
        .exclude(email="")
        .exclude(email__endswith="@invalid")
    ):
        IdeaSupport.objects.filter(pk=support.pk).update(email=f"anonymised-{support.pk}@invalid", notify=False)
        count += 1
    return count
