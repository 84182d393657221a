"""Thin views of volunteer missions: a mission's page with its sign-up form (a sub-page
of the roadmap page), the volunteer's personal link, and the host member's export. The
rules are in `roadmap.services.missions`."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from home.ratelimits import over_limit
from home.views import rate_limited
from members.access import member_for_user, representative_required

from .mission_forms import VolunteerForm
from .mission_models import Mission
from .models import apply_translations
from .services import missions
from .views import _subpage_url


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
