"""The read side of the roadmap: the actions by axis with their filters, an action's page, the
proposals, the calls for ideas and their ideas, a mission's poster. Each function returns what
a page shows (a context) with a constant number of queries as the items grow; sub-page URLs
are built from the page's URL once (`SubpageUrls`), not once per item."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from home.contributions import report_url
from home.forms import LongSelect
from home.models import Publication
from home.queries import public
from home.text_search import contains_words, french_order
from members.models import Member
from workshops.models import EventPage

from .agenda_models import AgendaItem
from .call_models import Call, Idea
from .mission_models import Mission
from .models import Action, Axis, Proposal, Support, apply_translations, default_language

ACTIONS_PER_PAGE = 24


class SubpageUrls:
    """The URLs of a routable page's sub-pages: the page's URL is read once."""

    def __init__(self, page):
        self.page = page
        self.base = page.url

    def __call__(self, name, *args):
        return self.base + self.page.reverse_subpage(name, args=list(args))


def confirmed_supports():
    return Count("supports", filter=Q(supports__confirmed_at__isnull=False), distinct=True)


def member_url(member):
    getter = getattr(member, "get_absolute_url", None)
    return getter() if callable(getter) else ""


# --- The roadmap: the actions by axis ----------------------------------------------------


def _roadmap_member_ids():
    """A condition on members: they lead or contribute to an action (subqueries: no join,
    no DISTINCT)."""
    lead_ids = Action.objects.filter(lead_member__isnull=False).values("lead_member_id")
    contributed_ids = Action.contributing_members.through.objects.values("member_id")
    return Q(pk__in=lead_ids) | Q(pk__in=contributed_ids)


def roadmap_members():
    """(pk, name) of the approved members that lead or contribute to an action, in French
    alphabetical order."""
    return list(
        Member.objects.approved()
        .filter(_roadmap_member_ids())
        .order_by(*french_order("name"), "pk")
        .values_list("pk", "name")
    )


def member_filter(selected_id):
    """The roadmap's member filter: a <select> of every member with an action (thousands at
    10× the reference data). The template keeps it in a fragment on the page cache's
    generation, so the list is read and written once per change of content, not per visit."""
    return LongSelect(
        attrs={"id": "filter-member", "class": "form-select"},
        choices=[("", _("All members")), *roadmap_members()],
    ).render("member", selected_id or "")


def roadmap(request, page):
    """The actions by axis, a page of them at a time, filtered by ?status=, ?member= (a member
    that leads or contributes to an action) and ?q= (words of the action's text or of its
    translation in the visitor's language)."""
    language = get_language()
    urls = SubpageUrls(page)
    status = request.GET.get("status", "")
    if status not in Action.Status.values:
        status = ""
    try:
        member_id = int(request.GET.get("member", ""))
    except ValueError:
        member_id = None
    # Only a member of the filter's list filters (another number is ignored).
    selected_member = (
        Member.objects.approved().filter(_roadmap_member_ids(), pk=member_id).only("pk").first()
        if member_id is not None and abs(member_id) < 2**31
        else None
    )

    text_query = " ".join(request.GET.get("q", "").split())[:200]

    # The actions listed, as conditions on an action (`prefix=""`) or on an axis' actions.
    def listed(prefix=""):
        condition = Q()
        if status:
            condition &= Q(**{f"{prefix}status": status})
        if selected_member is not None:
            contributed = Action.contributing_members.through.objects.filter(member=selected_member)
            condition &= Q(**{f"{prefix}lead_member": selected_member}) | Q(
                **{f"{prefix}pk__in": contributed.values("action_id")}
            )
        if text_query:
            found = Action.objects.filter(
                contains_words(text_query), locale__language_code__in={language, default_language()}
            ).values("translation_key")
            condition &= Q(**{f"{prefix}translation_key__in": found})
        return condition

    # The axes, each with its figures: the actions listed, and (not dropped) done or not. Their
    # sums are the count of the pages and the roadmap's summary (no COUNT query of their own).
    own = Q(actions__locale_id=F("locale_id"))
    kept = own & ~Q(actions__status=Action.Status.DROPPED)
    axes = apply_translations(
        list(
            Axis.objects.filter(locale__language_code=default_language()).annotate(
                has_actions=Exists(Action.objects.filter(axis=OuterRef("pk"))),
                listed_count=Count("actions", filter=own & listed("actions__")),
                kept_count=Count("actions", filter=kept),
                done_count=Count("actions", filter=kept & Q(actions__status=Action.Status.DONE)),
            )
        ),
        language,
    )
    summary = {"total": sum(axis.kept_count for axis in axes), "done": sum(axis.done_count for axis in axes)}

    confirmed = Support.objects.filter(action=OuterRef("pk"), confirmed_at__isnull=False)
    actions = (
        Action.objects.in_default_locale()
        .filter(listed())
        # The lead member's name only, read for the page's actions once sorted and cut (a
        # subquery): joined, every action's member was read before the sort, which took
        # about 40 % of the query at 10× data on PostgreSQL.
        .annotate(lead_member_name=Subquery(Member.objects.filter(pk=OuterRef("lead_member_id")).values("name")[:1]))
        .prefetch_related(Prefetch("contributing_members", queryset=Member.objects.only("pk", "name", "slug")))
        # Supports counted for the page's actions only, in the same query.
        .annotate(support_count=Coalesce(Subquery(confirmed.values("action").annotate(n=Count("pk")).values("n")), 0))
        .order_by("axis__sort_order", "axis_id", "pk")
    )
    paginator = Paginator(actions, ACTIONS_PER_PAGE)
    paginator.count = sum(axis.listed_count for axis in axes)  # known: no COUNT query
    actions_page = paginator.get_page(request.GET.get("page"))
    shown = apply_translations(list(actions_page), language)
    statuses = dict(Action.Status.choices)
    by_axis = {axis.pk: [] for axis in axes}
    for action in shown:
        # What each card shows, worded once here rather than by tags and includes per card.
        action.url = urls("action", action.pk)
        action.status_label = statuses.get(action.status, action.status)
        action.progress_label = _("Progress of “%(title)s”") % {"title": action.display_title}
        action.progress_text = _("%(value)s%% done") % {"value": action.progress}
        action.support_label = ngettext("%(counter)s support", "%(counter)s supports", action.support_count) % {
            "counter": action.support_count
        }
        action.contributor_names = ", ".join(member.name for member in action.contributing_members.all())
        by_axis.setdefault(action.axis_id, []).append(action)
    for axis in axes:
        axis.roadmap_actions = by_axis.get(axis.pk, [])

    filtered = bool(status or selected_member or text_query)
    # The axes with actions on this page; unfiltered, those without any action come last.
    show_empty = not filtered and not actions_page.has_next()
    axes = [axis for axis in axes if axis.roadmap_actions or (show_empty and not axis.has_actions)]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "axes": axes,
        "action_count": actions_page.paginator.count,
        "page_obj": actions_page,
        "query_string": query.urlencode(),
        "statuses": Action.Status.choices,
        "member_select": lambda: member_filter(selected_member.pk if selected_member else None),
        "selected_status": status,
        "selected_member_id": selected_member.pk if selected_member else "",
        "selected_query": text_query,
        "filtered": filtered,
        "summary": summary,
        "roadmap_url": urls.base,
        "proposals_url": urls("proposals"),
        "propose_url": urls("propose"),
        "calls_url": urls("calls"),
        "rss_url": urls("rss"),
    }


# --- An action's page ----------------------------------------------------------------------


def action_or_404(pk):
    """The action with, in the same query, its confirmed supports and whether it has events,
    volunteer missions or selected ideas (what it has not is then not read)."""
    confirmed = Support.objects.filter(action=OuterRef("pk"), confirmed_at__isnull=False)
    same_action = {"action__translation_key": OuterRef("translation_key")}
    return get_object_or_404(
        Action.objects.in_default_locale()
        .select_related("axis", "lead_member")
        .annotate(
            support_count=Coalesce(Subquery(confirmed.values("action").annotate(n=Count("pk")).values("n")), 0),
            has_missions=Exists(Mission.objects.upcoming().filter(**same_action)),
            has_ideas=Exists(Idea.objects.filter(selection=Idea.Selection.SELECTED, **same_action)),
            has_events=Exists(Action.events.through.objects.filter(action=OuterRef("pk"))),
        ),
        pk=pk,
    )


def linked_events(action):
    """The action's live events, each in the visitor's language when translated."""
    if getattr(action, "has_events", None) is False:  # known by `action_or_404`
        return []
    events = list(public(action.events.live()).order_by("start"))
    language = get_language()
    if events and language != default_language():
        translated = {
            event.translation_key: event
            for event in public(EventPage.objects.live()).filter(
                translation_key__in=[e.translation_key for e in events], locale__language_code=language
            )
        }
        events = [translated.get(event.translation_key, event) for event in events]
    return events


def action_page(page, action, member):
    """What an action's page shows: its contributors, commitments, supports, updates and events."""
    urls = SubpageUrls(page)
    language = get_language()
    apply_translations([action], language)
    apply_translations([action.axis], language)
    contributors = list(action.contributing_members.all())
    commitments = list(action.commitments.filter(hidden=False).select_related("member"))
    for item in [action.lead_member, *contributors, *(c.member for c in commitments)]:
        if item is not None:
            item.public_url = member_url(item)
    return {
        "action": action,
        "contributors": contributors,
        "commitments": commitments,
        "updates": list(action.updates.all()),
        "events": linked_events(action),
        "support_count": action.support_count,
        "support_url": urls("support_action", action.pk),
        "member": member,
        "member_supports": member is not None and action.supports.filter(member=member).exists(),
        "roadmap_url": urls.base,
    }


# --- Proposals -------------------------------------------------------------------------------


def published_proposals():
    return Proposal.objects.exclude(status=Proposal.Status.UNCONFIRMED).filter(publication=Publication.PUBLISHED)


def proposals(page):
    """The published proposals, open, accepted and declined."""
    urls = SubpageUrls(page)
    found = list(
        published_proposals()
        .select_related("axis", "member", "action")
        .annotate(support_count=confirmed_supports())
        .order_by("-confirmed_at", "-pk")
    )
    apply_translations([proposal.axis for proposal in found], get_language())
    groups = {status: [] for status in (Proposal.Status.OPEN, Proposal.Status.ACCEPTED, Proposal.Status.DECLINED)}
    for proposal in found:
        proposal.url = urls("proposal", proposal.pk)
        proposal.report_url = report_url(proposal)
        if proposal.action_id:
            proposal.action_url = urls("action", proposal.action_id)
        groups[proposal.status].append(proposal)
    return {
        "open_proposals": groups[Proposal.Status.OPEN],
        "accepted_proposals": groups[Proposal.Status.ACCEPTED],
        "declined_proposals": groups[Proposal.Status.DECLINED],
        "propose_url": urls("propose"),
        "roadmap_url": urls.base,
    }


def proposal_or_404(pk):
    proposal = get_object_or_404(published_proposals().select_related("axis", "member", "action"), pk=pk)
    apply_translations([proposal.axis], get_language())
    return proposal


def proposal_page(page, proposal, member):
    urls = SubpageUrls(page)
    return {
        "proposal": proposal,
        "support_count": proposal.supports.filter(confirmed_at__isnull=False).count(),
        "action_url": urls("action", proposal.action_id) if proposal.action_id else "",
        "report_url": report_url(proposal),
        "member": member,
        "member_supports": member is not None and proposal.supports.filter(member=member).exists(),
        "proposals_url": urls("proposals"),
        "roadmap_url": urls.base,
    }


# --- Calls for ideas --------------------------------------------------------------------------


def translated_call(call):
    """The call with its title, description and rules in the visitor's language."""
    apply_translations([call], get_language())
    call.display_rules = call.rules
    if get_language() != default_language():
        translated = call.get_translations().filter(locale__language_code=get_language()).first()
        if translated is not None:
            call.display_rules = translated.rules
    return call


def calls(page):
    urls = SubpageUrls(page)
    found = list(
        Call.objects.filter(locale__language_code=default_language())
        .annotate(idea_count=Count("ideas", filter=Q(ideas__publication=Publication.PUBLISHED)))
        .order_by("-deadline", "-pk")
    )
    apply_translations(found, get_language())
    for call in found:
        call.url = urls("call", call.pk)
    return {"calls": found, "roadmap_url": urls.base}


def call_or_404(pk):
    call = get_object_or_404(
        Call.objects.filter(locale__language_code=default_language()).select_related("theme", "commune", "event"), pk=pk
    )
    return translated_call(call)


def call_page(page, call):
    """A call's published ideas, the most supported first, and those selected or shortlisted."""
    urls = SubpageUrls(page)
    ideas = list(
        call.ideas.filter(publication=Publication.PUBLISHED)
        .select_related("member", "action", "activity")
        .annotate(support_count=confirmed_supports())
        .order_by("-support_count", "moderated_at", "pk")
    )
    for idea in ideas:
        idea.url = urls("idea", call.pk, idea.pk)
        idea.report_url = report_url(idea)
        if idea.action_id:
            idea.action_url = urls("action", idea.action_id)
    return {
        "call": call,
        "ideas": ideas,
        "selected": [idea for idea in ideas if idea.selection == Idea.Selection.SELECTED],
        "shortlisted": [idea for idea in ideas if idea.selection == Idea.Selection.SHORTLISTED],
        "calls_url": urls("calls"),
    }


def idea_or_404(call_pk, pk):
    idea = get_object_or_404(
        Idea.objects.filter(publication=Publication.PUBLISHED, call_id=call_pk).select_related(
            "call", "member", "action", "activity", "activity__event"
        ),
        pk=pk,
    )
    translated_call(idea.call)
    return idea


def idea_page(page, idea, member):
    urls = SubpageUrls(page)
    return {
        "idea": idea,
        "call": idea.call,
        "call_url": urls("call", idea.call_id),
        "action_url": urls("action", idea.action_id) if idea.action_id else "",
        "support_count": idea.supports.filter(confirmed_at__isnull=False).count(),
        "report_url": report_url(idea),
        "member": member,
        "member_supports": member is not None and idea.supports.filter(member=member).exists(),
    }


def ideas_for_staff():
    """Ideas with what the admin's listing and confirm views read, in the same query."""
    on_agenda = AgendaItem.objects.filter(idea=OuterRef("pk"), outcome=AgendaItem.Outcome.PENDING)
    return Idea.objects.select_related("call", "call__locale", "member").annotate(on_agenda=Exists(on_agenda))


# --- Volunteer missions -----------------------------------------------------------------------


def mission_or_404(pk):
    return get_object_or_404(
        Mission.objects.with_places_taken().select_related("action", "event", "host_member"), pk=pk
    )


def mission_page(page, mission, member):
    """The mission and where it comes from: the action (its roadmap page) or the event."""
    if mission.action_id:
        action = mission.action
        apply_translations([action], get_language())
        poster_title, poster_url = action.display_title, SubpageUrls(page)("action", action.pk)
    else:
        event = mission.event
        translated = event.get_translations(inclusive=True).filter(locale__language_code=get_language()).first()
        event = translated.specific if translated else event
        poster_title, poster_url = event.title, event.url
    return {
        "mission": mission,
        "poster_title": poster_title,
        "poster_url": poster_url,
        "roadmap_url": page.url,
        "member": member,
    }
