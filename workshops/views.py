"""Thin views: they read forms and call `workshops.services`."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from follows.services import newsletter_opt_in
from home import layout
from home.models import Theme, paginate
from home.queries import localized
from home.ratelimits import over_limit
from home.text_search import french_order, matches
from home.views import rate_limited
from members.access import representative_required
from members.models import Commune

from . import calendars, hosting, services
from .availability import availability_for
from .forms import ReducePartyForm, RegistrationForm
from .models import EventPage, Registration
from .tokens import registration_for_token


def busy(request):
    return render(request, "workshops/busy.html", {"message": services.RegistrationBusy.message}, status=503)


# --- Agenda ----------------------------------------------------------------------------


def _parse_month(value):
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None


def _event_communes(index):
    """The communes where the agenda's events take place, for its filter."""
    events = EventPage.objects.child_of(index).live().public().filter(commune__isnull=False).values("commune_id")
    return list(Commune.objects.filter(pk__in=events).only("pk", "name", "insee_code").order_by(*french_order("name")))


def agenda(request, index, *, archive):
    events = index.past_events() if archive else index.upcoming_events()
    kind = request.GET.get("kind", "")
    if kind in EventPage.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    commune = request.GET.get("commune", "")
    if commune:
        events = events.filter(commune__insee_code=commune)
    theme = request.GET.get("theme", "")
    if theme:
        # A subquery rather than a join: no duplicate rows, so no DISTINCT over every column.
        # Events are tagged with the themes of their own language: match on the theme's
        # translation key, so that the English agenda finds what the French one does.
        keys = Theme.objects.filter(slug=theme, locale_id=index.locale_id).values("translation_key")
        tagged = EventPage.themes.through.objects.filter(theme__translation_key__in=keys)
        events = events.filter(pk__in=tagged.values("eventpage_id"))
    text_query = " ".join(request.GET.get("q", "").split())[:200]
    if text_query:
        events = events.filter(
            matches(text_query, "title", "intro", "place_name", "commune__name", "commune__insee_code")
        )
    month = _parse_month(request.GET.get("month", ""))
    if month:
        events = events.filter(start__year=month.year, start__month=month.month)
    query = request.GET.copy()
    query.pop("page", None)
    events_page = paginate(request, events)
    if archive:
        from .queries import attach_reports

        attach_reports(events_page)
    else:
        seats = availability_for(events_page.object_list)
        for event in events_page.object_list:
            event.availability = seats[event.pk]
    context = {
        "events_page": events_page,
        "archive": archive,
        "kinds": EventPage.Kind.choices,
        "communes": layout.shared(f"agenda-communes:{index.pk}", lambda: _event_communes(index)),
        "themes": Theme.objects.filter(locale_id=index.locale_id).order_by(*french_order("name")),
        "selected": {
            "kind": kind,
            "commune": commune,
            "theme": theme,
            "month": month.strftime("%Y-%m") if month else "",
            "q": text_query,
        },
        "query_string": query.urlencode(),
    }
    return index.render(request, context_overrides=context)


def agenda_feed(request, index):
    events = index.upcoming_events().filter(cancelled=False).select_related("calendar_state")[:200]
    content = calendars.feed_calendar(events, index.title, request)
    return calendars.ics_response(content, "agenda.ics")


# --- Event and registration ------------------------------------------------------------


def event_detail(request, page):
    event = page.registration_event
    if over_limit(request, "workshops.register"):
        return rate_limited(request, None)
    state = event.registration_state()
    if state == "open" and services.is_full(event):
        state = "full"
    form = None
    show_resend_links = False
    if state == "open":
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event, page=page)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    registration = services.register_for_event(
                        event,
                        name=data["name"],
                        email=data["email"],
                        party_size=data["party_size"],
                        activities=data.get("activities") or (),
                        commune=data.get("commune"),
                        needs=data.get("needs", ""),
                        language=get_language(),
                        attendance=data.get("attendance", ""),
                        organisation=data.get("organisation", ""),
                        sector=data.get("sector", ""),
                        listed_in_report=data.get("listed_in_report", False),
                        when_full=data.get("when_full") or services.WhenFull.WAIT_FOR_ALL,
                    )
                except services.RegistrationBusy:
                    return busy(request)
                except services.RegistrationError as error:
                    form.add_error(error.field, error.message)
                    show_resend_links = isinstance(error, services.AlreadyRegistered)
                else:
                    newsletter_opt_in(form, "registration", get_language(), commune=data.get("commune"))
                    messages.add_message(request, *_registered_message(registration, data.get("activities") or ()))
                    return redirect(registration.personal_url())
        else:
            form = RegistrationForm(event=event, page=page)
    elif request.method == "POST":
        messages.error(request, (services.EventFull if state == "full" else services.RegistrationClosed).message)
    seats = availability_for([page])[page.pk]
    activities = form.activities if form is not None and page.pk == event.pk else list(page.activities.all())
    for activity in activities:
        activity.seats = seats["activities"].get(activity.translation_key)
    response = page.render(
        request,
        context_overrides={
            "form": form,
            "show_resend_links": show_resend_links,
            "registration_state": state,
            "seats": seats,
            "activities": activities,
            "hosts": page.host_members.all(),
            "themes": localized(page.themes.all()),
            "report": page.live_report() if page.is_past else None,
        },
    )
    if form is not None and form.errors:
        response.status_code = 200
    return response


def _registered_message(registration, chosen):
    """What the resident is told after signing up (level, text)."""
    if registration.status == Registration.Status.CONFIRMED:
        if registration.waiting_parts.exists():
            return messages.SUCCESS, _(
                "Your registration is confirmed for the activities with seats left, and you are on the waiting "
                "list of the full ones. We have sent you an e-mail."
            )
        if len(chosen) > registration.activities.count():
            return messages.SUCCESS, _(
                "Your registration is confirmed for the activities with seats left; the full ones could not be "
                "added. We have sent you an e-mail."
            )
        return messages.SUCCESS, _("Your registration is confirmed. We have sent you an e-mail.")
    if chosen:
        return messages.INFO, _(
            "One of the activities you chose is full: your registration is on the waiting list. "
            "We have sent you an e-mail."
        )
    return messages.INFO, _("The event is full: you are on the waiting list. We have sent you an e-mail.")


def event_ics(request, page):
    return calendars.ics_response(calendars.event_calendar(page), f"{page.slug}.ics")


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
    reduce_form = ReducePartyForm(registration=registration) if registration.party_size > 1 else None
    confirm_cancel = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel" and request.POST.get("confirm") != "yes":
                # One click is not enough: the page asks to confirm.
                confirm_cancel = registration.is_active
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
            "can_change": registration.is_active and not registration.event.is_past,
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
    import csv

    from django.http import HttpResponse
    from django.utils.text import slugify

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
