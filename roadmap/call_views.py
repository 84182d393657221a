"""Thin views of calls for ideas: the list of calls, a call's page (its state, its
published ideas, its results and the form to submit an idea), an idea's page with its
support form, and the confirmation links. The rules are in `roadmap.services.calls`."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.contributions import report_url
from home.models import Publication
from home.ratelimits import over_limit
from home.services import ServiceError
from home.views import rate_limited
from members.access import member_for_user

from .call_forms import IdeaForm, IdeaSupportForm
from .call_models import Call, Idea
from .models import apply_translations, default_language, roadmap_page_for_language
from .services import calls
from .views import _subpage_url, _token_result


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
