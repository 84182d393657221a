"""Thin views served by `urls.py` that are not page routes (the agenda's and an event's
views are the `@path` routes of their pages, in `models.py`): a registration's personal
link and its calendar file, and the member area's registrations of hosted events. They
read forms and call `workshops.services`."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from home.forms import form_status
from home.ratelimits import over_limit, rate_limited
from members.access import representative_required

from . import calendars, hosting, services
from .forms import ReducePartyForm
from .models import Registration, busy
from .tokens import registration_for_token

# --- Personal link ---------------------------------------------------------------------


class InvalidLink(Exception):
    """A personal link that leads to no registration."""


def _registration_or_404(token):
    registration = registration_for_token(token)
    if registration is None:
        raise InvalidLink
    return registration


def invalid_link(request):
    """A personal link that does not work says why (404), instead of the generic page."""
    return render(request, "workshops/link_invalid.html", status=404)


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    if over_limit(request, "workshops.manage"):
        return rate_limited(request, None)
    try:
        registration = _registration_or_404(token)
    except InvalidLink:
        return invalid_link(request)
    # What the page offers is what the services allow (they decide again under the lock).
    can_reduce = registration.party_size > 1 and services.can_reduce(registration)
    can_cancel = services.can_cancel(registration)
    reduce_form = ReducePartyForm(registration=registration) if can_reduce else None
    confirm_cancel = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel" and request.POST.get("confirm") != "yes":
                # One click is not enough: the page asks to confirm.
                confirm_cancel = can_cancel
            elif action == "cancel":
                services.cancel(registration)
                messages.success(request, _("Your registration has been cancelled."))
                return redirect(request.path)
            if action == "accept":
                services.accept_offer(registration)
                messages.success(request, _("The seats are yours: your registration is confirmed."))
                return redirect(request.path)
            if action == "reduce":
                reduce_form = ReducePartyForm(request.POST, registration=registration)
                if reduce_form.is_valid():
                    services.reduce_party(registration, reduce_form.cleaned_data["party_size"])
                    messages.success(request, _("The number of people has been changed."))
                    return redirect(request.path)
        except services.RegistrationBusy:
            return busy(request)
        except services.RegistrationError as error:
            messages.error(request, error.message)
            return redirect(request.path)
    page = _localized(registration.event)
    labels = page.localized_activities()
    activities = [labels.get(a.translation_key, a) for a in registration.activities.all()]
    waiting_parts = []
    for part in registration.waiting_parts.active().prefetch_related("activities"):
        part.localized_activities = [labels.get(a.translation_key, a) for a in part.activities.all()]
        waiting_parts.append(part)
    return TemplateResponse(
        request,
        "workshops/registration_detail.html",
        {
            "registration": registration,
            "event": page,
            "activities": activities,
            "waiting_parts": waiting_parts,
            "reduce_form": reduce_form,
            "token": token,
            "can_cancel": can_cancel,
            "confirm_cancel": confirm_cancel,
            "can_register_again": not registration.is_active
            and registration.event.registration_state() == "open"
            and not Registration.objects.active().filter(event=registration.event, email=registration.email).exists(),
            "can_have_certificate": registration.attended
            and registration.status == Registration.Status.CONFIRMED
            and registration.event.gives_certificates,
            "show_video_link": registration.event.has_video_link_for(registration),
            "now": timezone.now(),
        },
        status=form_status(reduce_form),
    )


@require_GET
def registration_ics(request, token):
    try:
        registration = _registration_or_404(token)
    except InvalidLink:
        return invalid_link(request)
    if not registration.is_active:
        raise Http404
    content = calendars.event_calendar(_localized(registration.event), registration=registration)
    return calendars.ics_response(content, "event.ics")


def _localized(event):
    translated = event.get_translations(inclusive=True).filter(locale__language_code=get_language()).first()
    return translated.specific if translated else event


# --- Member area: the registrations of the events a structure hosts -----------------


@representative_required
@require_GET
def hosted_registrations(request, pk):
    event = hosting.hosted_event(request.member, pk)
    page = _localized(event)
    labels = page.localized_activities()
    groups = []
    for activity, registrations in hosting.registrations_by_activity(event):
        shown = labels.get(activity.translation_key, activity) if activity else None
        groups.append({"activity": shown, "registrations": registrations, **hosting.totals(registrations)})
    return render(
        request,
        "workshops/hosted_registrations.html",
        {"member": request.member, "event": page, "source": event, "groups": groups},
    )


@representative_required
@require_GET
def hosted_registrations_export(request, pk):
    event = hosting.hosted_event(request.member, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registrations-{slugify(event.slug)}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so that spreadsheet software reads UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(label) for label in hosting.EXPORT_HEADER])
    for row in hosting.export_rows(event):
        writer.writerow([_safe_cell(value) for value in row])
    return response


def _safe_cell(value):
    """No formula injection in spreadsheets: a text starting with = + - @ is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
