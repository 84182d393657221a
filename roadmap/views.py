"""Thin views of the roadmap: the routable page's sub-pages, the personal links sent by
e-mail and the member area. The rules live in `roadmap.services`."""

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from follows.services import newsletter_opt_in
from home.contributions import report_url
from home.forms import LongSelect
from home.models import Publication, paginate
from home.ratelimits import over_limit
from home.text_search import french_order, matches
from home.views import rate_limited
from members.access import member_for_user, representative_required
from members.models import Member

from . import services
from .forms import CommitmentForm, MemberProposalForm, ResidentProposalForm, ResidentSupportForm
from .models import Action, Axis, Commitment, Proposal, Support, apply_translations, roadmap_page_for_language


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
