"""The roadmap's views served by `urls.py`: the personal links sent by e-mail (confirmations,
unsubscribing, a volunteer's page), the member area's forms and the host member's export of a
mission's volunteers. The roadmap's public pages are the routes of `RoadmapPage` (`models.py`).
The rules live in `roadmap.services` (and its `calls` and `missions` modules).
"""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.forms import form_status
from home.ratelimits import over_limit, rate_limited
from home.services import ServiceError
from members.access import representative_required

from . import services
from .forms import (
    CommitmentForm,
    MemberProposalForm,
)
from .mission_models import Mission
from .models import (
    Action,
    Commitment,
    Proposal,
    apply_translations,
    roadmap_page_for_language,
)
from .services import calls, missions


def _subpage_url(page, name, *args):
    return page.url + page.reverse_subpage(name, args=list(args))


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
        status=form_status(form),
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
        status=form_status(form),
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


# --- Calls for ideas: the confirmation links --------------------------------------------


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


# --- Volunteer missions: a volunteer's personal page, the host's export -----------------------


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
