"""Thin views of the roadmap: the routable page's sub-pages, the personal links sent by
e-mail and the member area; then calls for ideas (the list of calls, a call's page, an
idea's page with its support form, the confirmation links) and volunteer missions (a
mission's page with its sign-up form, the volunteer's personal link, the host member's
export). The rules live in `roadmap.services` (and its `calls` and `missions` modules).
"""

import csv

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from follows.services import newsletter_opt_in
from home.contributions import report_url
from home.forms import LongSelect
from home.models import Publication, paginate
from home.ratelimits import over_limit
from home.services import ServiceError
from home.text_search import french_order, matches
from home.views import rate_limited
from members.access import member_for_user, representative_required
from members.models import Member

from . import services
from .call_models import Call, Idea
from .forms import (
    CommitmentForm,
    IdeaForm,
    IdeaSupportForm,
    MemberProposalForm,
    ResidentProposalForm,
    ResidentSupportForm,
    VolunteerForm,
)
from .mission_models import Mission
from .models import (
    Action,
    Axis,
    Commitment,
    Proposal,
    Support,
    apply_translations,
    default_language,
    roadmap_page_for_language,
)
from .services import calls, missions


def _confirmed_supports():
    return Count("supports", filter=Q(supports__confirmed_at__isnull=False), distinct=True)


def _member_url(member):
    getter = getattr(member, "get_absolute_url", None)
    return getter() if callable(getter) else ""


def _subpage_url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


# --- The roadmap ----------------------------------------------------------------------


ACTIONS_PER_PAGE = 24


def roadmap_index(request, page):
    """The actions by axis, a page of them at a time, filtered by ?status= and ?member=
    (a member that leads or contributes to an action)."""
    language = get_language()
    status = request.GET.get("status", "")
    if status not in Action.Status.values:
        status = ""
    # Members that lead or contribute to an action (subqueries: no join, no DISTINCT).
    lead_ids = Action.objects.filter(lead_member__isnull=False).values("lead_member_id")
    contributed_ids = Action.contributing_members.through.objects.values("member_id")
    members = list(
        Member.objects.approved()
        .filter(Q(pk__in=lead_ids) | Q(pk__in=contributed_ids))
        .order_by(*french_order("name"), "pk")
        .values_list("pk", "name")
    )
    try:
        member_id = int(request.GET.get("member", ""))
    except ValueError:
        member_id = None
    selected_member = next((Member(pk=pk, name=name) for pk, name in members if pk == member_id), None)
    member_select = LongSelect(
        attrs={"id": "filter-member", "class": "form-select"},
        choices=[("", _("All members")), *members],
    ).render("member", member_id if selected_member else "")

    actions = (
        Action.objects.in_default_locale()
        .select_related("lead_member")
        .prefetch_related(Prefetch("contributing_members", queryset=Member.objects.only("pk", "name", "slug")))
        .order_by("axis__sort_order", "axis_id", "pk")
    )
    if status:
        actions = actions.filter(status=status)
    if selected_member is not None:
        contributed = Action.contributing_members.through.objects.filter(member=selected_member).values("action_id")
        actions = actions.filter(Q(lead_member=selected_member) | Q(pk__in=contributed))
    text_query = " ".join(request.GET.get("q", "").split())[:200]
    if text_query:
        # Found in the action's text or in its translation in the visitor's language.
        found = Action.objects.filter(
            matches(text_query, "title", "description"), locale__language_code__in={language, _default_language()}
        ).values("translation_key")
        actions = actions.filter(translation_key__in=found)
    actions_page = paginate(request, actions, per_page=ACTIONS_PER_PAGE)
    # Supports counted for this page's actions only.
    supports = dict(
        Support.objects.filter(action__in=[action.pk for action in actions_page], confirmed_at__isnull=False)
        .values("action")
        .annotate(total=Count("pk"))
        .values_list("action", "total")
    )
    for action in actions_page:
        action.support_count = supports.get(action.pk, 0)
    shown = apply_translations(list(actions_page), language)
    axes = apply_translations(
        list(
            Axis.objects.filter(locale__language_code=_default_language()).annotate(
                has_actions=Exists(Action.objects.filter(axis=OuterRef("pk")))
            )
        ),
        language,
    )
    by_axis = {axis.pk: [] for axis in axes}
    for action in shown:
        action.url = _subpage_url(page, "action", action.pk)
        by_axis.setdefault(action.axis_id, []).append(action)
    for axis in axes:
        axis.roadmap_actions = by_axis.get(axis.pk, [])

    filtered = bool(status or selected_member or text_query)
    # The axes with actions on this page; unfiltered, those without any action come last.
    show_empty = not filtered and not actions_page.has_next()
    axes = [axis for axis in axes if axis.roadmap_actions or (show_empty and not axis.has_actions)]
    summary = (
        Action.objects.in_default_locale()
        .exclude(status=Action.Status.DROPPED)
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=Action.Status.DONE)))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return page.render(
        request,
        context_overrides={
            "axes": axes,
            "action_count": actions_page.paginator.count,
            "page_obj": actions_page,
            "query_string": query.urlencode(),
            "statuses": Action.Status.choices,
            "member_select": member_select,
            "selected_status": status,
            "selected_member": selected_member,
            "selected_query": text_query,
            "filtered": filtered,
            "summary": summary,
            "proposals_url": _subpage_url(page, "proposals"),
            "propose_url": _subpage_url(page, "propose"),
            "rss_url": _subpage_url(page, "rss"),
        },
    )


def _default_language():
    from .models import default_language

    return default_language()


def _action_or_404(pk):
    return get_object_or_404(
        Action.objects.in_default_locale().select_related("axis", "lead_member"),
        pk=pk,
    )


def action_detail(request, page, pk, support_form=None, status=200):
    action = _action_or_404(pk)
    language = get_language()
    apply_translations([action], language)
    apply_translations([action.axis], language)
    contributors = list(action.contributing_members.all())
    commitments = list(action.commitments.filter(hidden=False).select_related("member"))
    for item in [action.lead_member, *contributors, *(c.member for c in commitments)]:
        if item is not None:
            item.public_url = _member_url(item)
    support_count = action.supports.filter(confirmed_at__isnull=False).count()
    member = member_for_user(request.user)
    member_supports = member is not None and action.supports.filter(member=member).exists()
    if support_form is None and not action.is_dropped:
        support_form = ResidentSupportForm()
    return _render_action(
        request, page, action, contributors, commitments, support_count, support_form, member, member_supports, status
    )


def _render_action(
    request, page, action, contributors, commitments, support_count, support_form, member, member_supports, status
):
    response = page.render(
        request,
        template="roadmap/action_page.html",
        context_overrides={
            "action": action,
            "contributors": contributors,
            "commitments": commitments,
            "updates": list(action.updates.all()),
            "events": _linked_events(action),
            "support_count": support_count,
            "support_form": support_form,
            "support_url": _subpage_url(page, "support_action", action.pk),
            "member": member,
            "member_supports": member_supports,
            "roadmap_url": page.url,
        },
    )
    response.status_code = status
    return response


def _linked_events(action):
    """The action's live events, each in the visitor's language when translated."""
    from workshops.models import EventPage

    events = list(action.events.live().public().order_by("start"))
    language = get_language()
    if events and language != _default_language():
        translated = {
            event.translation_key: event
            for event in EventPage.objects.live()
            .public()
            .filter(translation_key__in=[e.translation_key for e in events], locale__language_code=language)
        }
        events = [translated.get(event.translation_key, event) for event in events]
    return events


def support_action(request, page, pk):
    if request.method != "POST":
        return redirect(_subpage_url(page, "action", pk))
    if over_limit(request, "roadmap.support"):
        return rate_limited(request, None)
    action = _action_or_404(pk)
    form = ResidentSupportForm(request.POST)
    if form.is_valid():
        try:
            result = services.support(
                action=action,
                email=form.cleaned_data["email"],
                notify=form.cleaned_data.get("notify", False),
                language=get_language(),
            )
        except services.RoadmapError as error:
            form.add_error("email" if error.code == "already" else None, error.message)
        else:
            newsletter_opt_in(form, "support", get_language())
            messages.success(
                request,
                _("Thank you! Open the link we have just sent to %(email)s: your support counts once you do.")
                % {"email": result.support.email},
            )
            return redirect(_subpage_url(page, "action", pk))
    return action_detail(request, page, pk, support_form=form, status=400 if form.errors else 200)


def proposal_list(request, page):
    language = get_language()
    proposals = list(
        Proposal.objects.exclude(status=Proposal.Status.UNCONFIRMED)
        .filter(publication=Publication.PUBLISHED)
        .select_related("axis", "member", "action")
        .annotate(support_count=_confirmed_supports())
        .order_by("-confirmed_at", "-pk")
    )
    apply_translations([proposal.axis for proposal in proposals], language)
    groups = {status: [] for status in (Proposal.Status.OPEN, Proposal.Status.ACCEPTED, Proposal.Status.DECLINED)}
    for proposal in proposals:
        proposal.url = _subpage_url(page, "proposal", proposal.pk)
        proposal.report_url = report_url(proposal)
        if proposal.action_id:
            proposal.action_url = _subpage_url(page, "action", proposal.action_id)
        groups[proposal.status].append(proposal)
    return page.render(
        request,
        template="roadmap/proposals_page.html",
        context_overrides={
            "open_proposals": groups[Proposal.Status.OPEN],
            "accepted_proposals": groups[Proposal.Status.ACCEPTED],
            "declined_proposals": groups[Proposal.Status.DECLINED],
            "propose_url": _subpage_url(page, "propose"),
            "roadmap_url": page.url,
        },
    )


def proposal_detail(request, page, pk):
    proposal = get_object_or_404(
        Proposal.objects.exclude(status=Proposal.Status.UNCONFIRMED)
        .filter(publication=Publication.PUBLISHED)
        .select_related("axis", "member", "action"),
        pk=pk,
    )
    apply_translations([proposal.axis], get_language())
    form = None
    status = 200
    if request.method == "POST":
        if over_limit(request, "roadmap.support"):
            return rate_limited(request, None)
        form = ResidentSupportForm(request.POST, with_notify=False)
        if form.is_valid():
            try:
                services.support(proposal=proposal, email=form.cleaned_data["email"], language=get_language())
            except services.RoadmapError as error:
                form.add_error("email" if error.code == "already" else None, error.message)
            else:
                newsletter_opt_in(form, "support", get_language())
                messages.success(
                    request, _("Thank you! Open the link we have just sent you: your support counts once you do.")
                )
                return redirect(_subpage_url(page, "proposal", pk))
        status = 400
    elif proposal.is_open:
        form = ResidentSupportForm(with_notify=False)
    member = member_for_user(request.user)
    response = page.render(
        request,
        template="roadmap/proposal_page.html",
        context_overrides={
            "proposal": proposal,
            "support_count": proposal.supports.filter(confirmed_at__isnull=False).count(),
            "support_form": form if proposal.is_open else None,
            "action_url": _subpage_url(page, "action", proposal.action_id) if proposal.action_id else "",
            "report_url": report_url(proposal),
            "member": member,
            "member_supports": member is not None and proposal.supports.filter(member=member).exists(),
            "proposals_url": _subpage_url(page, "proposals"),
            "roadmap_url": page.url,
        },
    )
    response.status_code = status
    return response


def propose(request, page):
    if over_limit(request, "roadmap.propose"):
        return rate_limited(request, None)
    if request.method == "POST":
        form = ResidentProposalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.propose(
                axis=data["axis"],
                title=data["title"],
                description=data["description"],
                name=data["name"],
                email=data["email"],
                language=get_language(),
            )
            newsletter_opt_in(form, "proposal", get_language())
            messages.success(
                request,
                _("Thank you! Open the link we have just sent to %(email)s to confirm your proposal.")
                % {"email": data["email"]},
            )
            return redirect(_subpage_url(page, "proposals"))
    else:
        form = ResidentProposalForm()
    response = page.render(
        request,
        template="roadmap/propose_page.html",
        context_overrides={"form": form, "roadmap_url": page.url, "proposals_url": _subpage_url(page, "proposals")},
    )
    if form.errors:
        response.status_code = 400
    return response


# --- Personal links -------------------------------------------------------------------


def _token_result(request, template, context, status=200):
    page = roadmap_page_for_language(get_language())
    context = {"roadmap_page": page, "roadmap_url": page.url if page else "/", **context}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
def confirm_proposal(request, token):
    try:
        services.confirm_proposal(token)
    except services.InvalidToken as error:
        return _token_result(request, "roadmap/link_result.html", {"error": error.message}, status=400)
    page = roadmap_page_for_language(get_language())
    return _token_result(
        request,
        "roadmap/link_result.html",
        {
            "title": _("Your proposal is confirmed"),
            "message": _(
                "The network's team will read it before publishing it on the proposals page, then examine it. "
                "We will tell you what becomes of it by e-mail."
            ),
            "link_url": _subpage_url(page, "proposals") if page else "",
            "link_label": _("See the published proposals"),
        },
    )


@require_http_methods(["GET", "POST"])
def confirm_support(request, token):
    try:
        support = services.confirm_support(token)
    except services.InvalidToken as error:
        return _token_result(request, "roadmap/link_result.html", {"error": error.message}, status=400)
    page = roadmap_page_for_language(get_language())
    link_url = ""
    if page:
        link_url = (
            _subpage_url(page, "action", support.action_id)
            if support.action_id
            else _subpage_url(page, "proposal", support.proposal_id)
        )
    return _token_result(
        request,
        "roadmap/link_result.html",
        {
            "title": _("Your support is counted"),
            "message": _("Thank you for supporting the network's roadmap."),
            "link_url": link_url,
            "link_label": _("Back to the action") if support.action_id else _("Back to the proposal"),
        },
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (mail scanners open links); POST unsubscribes."""
    try:
        support = services.support_for_unsubscribe_token(token)
    except services.InvalidToken as error:
        return _token_result(request, "roadmap/link_result.html", {"error": error.message}, status=400)
    if request.method == "POST":
        services.unsubscribe(token)
        return _token_result(
            request,
            "roadmap/link_result.html",
            {
                "title": _("You are unsubscribed"),
                "message": _("You will no longer receive this action's updates. Your support still counts."),
            },
        )
    return _token_result(request, "roadmap/unsubscribe.html", {"support": support})


# --- Member area ----------------------------------------------------------------------


def _member_area_url():
    try:
        return reverse("members:dashboard")
    except NoReverseMatch:  # the member area is the members app's
        return ""


def _back(request, fallback_page_url):
    return redirect(_member_area_url() or fallback_page_url or "/")


@require_POST
@representative_required
def member_support_action(request, pk):
    action = get_object_or_404(Action.objects.in_default_locale(), pk=pk)
    page = roadmap_page_for_language(get_language())
    try:
        services.support(action=action, member=request.member, language=get_language())
    except services.RoadmapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(member)s now supports this action.") % {"member": request.member.name})
    return redirect(_subpage_url(page, "action", action.pk) if page else "/")


@require_POST
@representative_required
def member_support_proposal(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    page = roadmap_page_for_language(get_language())
    try:
        services.support(proposal=proposal, member=request.member, language=get_language())
    except services.RoadmapError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(member)s now supports this proposal.") % {"member": request.member.name})
    return redirect(_subpage_url(page, "proposal", proposal.pk) if page else "/")


@require_http_methods(["GET", "POST"])
@representative_required
def member_propose(request):
    form = MemberProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.propose(
            axis=form.cleaned_data["axis"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            member=request.member,
            language=get_language(),
        )
        messages.success(request, _("Your proposal was sent to the network's team."))
        page = roadmap_page_for_language(get_language())
        return _back(request, _subpage_url(page, "proposals") if page else "")
    return render(
        request,
        "roadmap/member_form.html",
        {
            "form": form,
            "title": _("Propose an action"),
            "member": request.member,
            "submit": _("Send the proposal"),
            "back_url": _member_area_url(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@representative_required
def commitment_add(request):
    initial = {}
    if request.GET.get("action", "").isdigit():
        initial["action"] = int(request.GET["action"])
    form = CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.commit(
                request.member,
                form.cleaned_data["action"],
                form.cleaned_data["kind"],
                form.cleaned_data["description"],
            )
        except services.RoadmapError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your commitment is recorded."))
            page = roadmap_page_for_language(get_language())
            action_pk = form.cleaned_data["action"].pk
            return _back(request, _subpage_url(page, "action", action_pk) if page else "")
    return render(
        request,
        "roadmap/member_form.html",
        {
            "form": form,
            "title": _("Commit to an action"),
            "member": request.member,
            "submit": _("Record the commitment"),
            "back_url": _member_area_url(),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@representative_required
def commitment_withdraw(request, pk):
    # Only the structure's own commitments: another structure's give a 404.
    commitment = get_object_or_404(Commitment.objects.select_related("action"), pk=pk, member=request.member)
    if request.method == "POST":
        services.withdraw_commitment(request.member, commitment.pk)
        messages.success(request, _("The commitment was withdrawn."))
        return _back(request, "")
    apply_translations([commitment.action], get_language())
    return render(
        request,
        "roadmap/commitment_withdraw.html",
        {"commitment": commitment, "member": request.member, "back_url": _member_area_url()},
    )


# --- Calls for ideas: the call's page, an idea's page, the confirmation links ----------


def _counted():
    return Count("supports", filter=Q(supports__confirmed_at__isnull=False), distinct=True)


def _translated(call):
    apply_translations([call], get_language())
    call.display_rules = call.rules
    if get_language() != default_language():
        translated = call.get_translations().filter(locale__language_code=get_language()).first()
        if translated is not None:
            call.display_rules = translated.rules
    return call


def call_list(request, page):
    found = list(
        Call.objects.filter(locale__language_code=default_language())
        .annotate(idea_count=Count("ideas", filter=Q(ideas__publication=Publication.PUBLISHED)))
        .order_by("-deadline", "-pk")
    )
    apply_translations(found, get_language())
    for call in found:
        call.url = _subpage_url(page, "call", call.pk)
    return page.render(
        request, template="roadmap/calls_page.html", context_overrides={"calls": found, "roadmap_url": page.url}
    )


def call_detail(request, page, pk):
    call = get_object_or_404(
        Call.objects.filter(locale__language_code=default_language()).select_related("theme", "commune", "event"), pk=pk
    )
    _translated(call)
    state = call.state()
    member = member_for_user(request.user)
    form, status = None, 200
    if state == "open":
        form = IdeaForm(request.POST or None, member=member)
        if request.method == "POST":
            if over_limit(request, "roadmap.idea"):
                return rate_limited(request, None)
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    idea = calls.submit_idea(
                        call,
                        title=data["title"],
                        description=data["description"],
                        name=data.get("name", ""),
                        email=data.get("email", ""),
                        member=member,
                        notify=data.get("notify", False),
                        language=get_language(),
                    )
                except ServiceError as error:
                    error.add_to_form(form)
                else:
                    if idea.status == Idea.Status.UNCONFIRMED:
                        message = _("Thank you! Open the link we have just sent you to confirm your idea.")
                    else:
                        message = _("Thank you! Your idea will be published after the team has read it.")
                    messages.success(request, message)
                    return redirect(_subpage_url(page, "call", call.pk))
    elif request.method == "POST":
        messages.error(request, _("This call is closed: its deadline has passed."))
        status = 409
    ideas = list(
        call.ideas.filter(publication=Publication.PUBLISHED)
        .select_related("member", "action", "activity")
        .annotate(support_count=_counted())
        .order_by("-support_count", "moderated_at", "pk")
    )
    for idea in ideas:
        idea.url = _subpage_url(page, "idea", call.pk, idea.pk)
        idea.report_url = report_url(idea)
        if idea.action_id:
            idea.action_url = _subpage_url(page, "action", idea.action_id)
    response = page.render(
        request,
        template="roadmap/call_page.html",
        context_overrides={
            "call": call,
            "call_state": state,
            "ideas": ideas,
            "selected": [idea for idea in ideas if idea.selection == Idea.Selection.SELECTED],
            "shortlisted": [idea for idea in ideas if idea.selection == Idea.Selection.SHORTLISTED],
            "form": form,
            "member": member,
            "calls_url": _subpage_url(page, "calls"),
        },
    )
    response.status_code = status
    return response


def idea_detail(request, page, call_pk, pk):
    idea = get_object_or_404(
        Idea.objects.filter(publication=Publication.PUBLISHED, call_id=call_pk).select_related(
            "call", "member", "action", "activity", "activity__event"
        ),
        pk=pk,
    )
    _translated(idea.call)
    member = member_for_user(request.user)
    can_support = idea.call.state() != "results"
    form, status = None, 200
    if can_support:
        form = IdeaSupportForm(request.POST or None)
        if request.method == "POST":
            if over_limit(request, "roadmap.idea_support"):
                return rate_limited(request, None)
            status = 400
            if request.POST.get("as_member") and member is not None:
                try:
                    calls.support_idea(idea, member=member, language=get_language())
                except ServiceError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Thank you: %(name)s supports this idea.") % {"name": member.name})
                return redirect(request.path)
            if form.is_valid():
                try:
                    calls.support_idea(
                        idea,
                        email=form.cleaned_data["email"],
                        notify=form.cleaned_data.get("notify", False),
                        language=get_language(),
                    )
                except ServiceError as error:
                    error.add_to_form(form)
                else:
                    messages.success(
                        request, _("Thank you! Open the link we have just sent you: your support counts once you do.")
                    )
                    return redirect(request.path)
    elif request.method == "POST":
        status = 409
        messages.error(request, _("This idea can no longer be supported."))
    response = page.render(
        request,
        template="roadmap/idea_page.html",
        context_overrides={
            "idea": idea,
            "call": idea.call,
            "call_url": _subpage_url(page, "call", idea.call_id),
            "action_url": _subpage_url(page, "action", idea.action_id) if idea.action_id else "",
            "support_count": idea.supports.filter(confirmed_at__isnull=False).count(),
            "report_url": report_url(idea),
            "form": form,
            "member": member,
            "member_supports": member is not None and idea.supports.filter(member=member).exists(),
        },
    )
    response.status_code = status
    return response


def _call_link(obj_call):
    page = roadmap_page_for_language(get_language())
    return _subpage_url(page, "call", obj_call.pk) if page else ""


def confirm_idea(request, token):
    try:
        idea = calls.confirm_idea(token)
    except ServiceError as error:
        return _token_result(request, "roadmap/link_result.html", {"error": error.message}, status=400)
    return _token_result(
        request,
        "roadmap/link_result.html",
        {
            "title": _("Your idea is confirmed"),
            "message": _("Thank you. The network's team reads it, then publishes it."),
            "link_url": _call_link(idea.call),
            "link_label": _("Back to the call"),
        },
    )


def confirm_idea_support(request, token):
    try:
        support = calls.confirm_idea_support(token)
    except ServiceError as error:
        return _token_result(request, "roadmap/link_result.html", {"error": error.message}, status=400)
    page = roadmap_page_for_language(get_language())
    return _token_result(
        request,
        "roadmap/link_result.html",
        {
            "title": _("Your support is counted"),
            "message": _("Thank you for supporting this idea."),
            "link_url": _subpage_url(page, "idea", support.idea.call_id, support.idea_id) if page else "",
            "link_label": _("Back to the idea"),
        },
    )


# --- Volunteer missions: the mission's page, a volunteer's personal page, the host's export ---


def _poster(mission, page):
    """Where the mission comes from: the action (its roadmap page) or the event."""
    if mission.action_id:
        action = mission.action
        apply_translations([action], get_language())
        return action.display_title, _subpage_url(page, "action", action.pk)
    event = mission.event
    translated = event.get_translations(inclusive=True).filter(locale__language_code=get_language()).first()
    event = translated.specific if translated else event
    return event.title, event.url


def mission_detail(request, page, pk):
    mission = get_object_or_404(
        Mission.objects.with_places_taken().select_related("action", "event", "host_member"), pk=pk
    )
    if over_limit(request, "roadmap.volunteer"):
        return rate_limited(request, None)
    state = missions.signup_state(mission)
    form = None
    status = 200
    if state == "open":
        form = VolunteerForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                data = form.cleaned_data
                try:
                    volunteer = missions.sign_up(
                        mission, name=data["name"], email=data["email"], skills=data["skills"], language=get_language()
                    )
                except missions.ServiceError as error:
                    if error.code == "busy":
                        return TemplateResponse(request, "workshops/busy.html", {"message": error.message}, status=503)
                    error.add_to_form(form)
                    if error.code == "full":
                        state, status = "full", 409
                else:
                    messages.success(
                        request, _("You are signed up. We have sent you an e-mail with your personal link.")
                    )
                    return redirect(missions.personal_path(volunteer))
    elif request.method == "POST":
        messages.error(request, missions.FULL if state == "full" else missions.CLOSED)
        status = 409
    poster_title, poster_url = _poster(mission, page)
    response = page.render(
        request,
        template="roadmap/mission_page.html",
        context_overrides={
            "mission": mission,
            "form": form,
            "signup_state": state,
            "poster_title": poster_title,
            "poster_url": poster_url,
            "roadmap_url": page.url,
            "member": member_for_user(request.user),
        },
    )
    response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
def volunteer_detail(request, token):
    if over_limit(request, "roadmap.volunteer_manage"):
        return rate_limited(request, None)
    volunteer = missions.volunteer_for_token(token)
    if volunteer is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            missions.cancel(volunteer)
        except missions.ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your sign-up has been cancelled. Thank you for telling us."))
        return redirect(request.path)
    mission = volunteer.mission
    return TemplateResponse(
        request,
        "roadmap/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "mission": mission,
            "mission_url": missions.mission_url(mission, get_language()),
            "can_cancel": volunteer.is_confirmed and not mission.cancelled and mission.start > timezone.now(),
        },
    )


@require_GET
@representative_required
def member_export(request, pk):
    """The host member's spreadsheet of a mission's volunteers (its own missions only)."""
    mission = get_object_or_404(Mission, pk=pk, host_member=request.member)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="volunteers-{slugify(mission.title)}.csv"'
    response.write("\ufeff")  # spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([str(label) for label in missions.EXPORT_HEADER])
    writer.writerows(missions.export_rows(mission))
    return response
