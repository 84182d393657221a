"""Thin views: they read forms and call `workshops.registration`."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from follows.services import newsletter_opt_in
from home import layout
from home.models import Theme, paginate
from home.views import rate_limited
from members.models import Commune

from . import calendars
from . import registration as rules
from .forms import ReducePartyForm, RegistrationForm
from .models import EventPage, Registration
from .tokens import registration_for_token

RATE = "10/m"


def _blocked(request, group):
    return request.method == "POST" and is_ratelimited(
        request, group=f"workshops.{group}", key="ip", rate=RATE, method="POST", increment=True
    )


def busy(request):
    return render(request, "workshops/busy.html", {"message": rules.RegistrationBusy.message}, status=503)


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
    return list(Commune.objects.filter(pk__in=events).only("pk", "name", "insee_code"))


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
        tagged = EventPage.themes.through.objects.filter(theme__slug=theme, theme__locale_id=index.locale_id)
        events = events.filter(pk__in=tagged.values("eventpage_id"))
    month = _parse_month(request.GET.get("month", ""))
    if month:
        events = events.filter(start__year=month.year, start__month=month.month)
    query = request.GET.copy()
    query.pop("page", None)
    events_page = paginate(request, events)
    if archive:
        from .queries import attach_reports

        attach_reports(events_page)
    context = {
        "events_page": events_page,
        "archive": archive,
        "kinds": EventPage.Kind.choices,
        "communes": layout.shared(f"agenda-communes:{index.pk}", lambda: _event_communes(index)),
        "themes": Theme.objects.filter(locale_id=index.locale_id),
        "selected": {
            "kind": kind,
            "commune": commune,
            "theme": theme,
            "month": month.strftime("%Y-%m") if month else "",
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
    if _blocked(request, "register"):
        return rate_limited(request, None)
    state = event.registration_state()
    if state == "open" and rules.is_full(event):
        state = "full"
    form = None
    show_resend_links = False
    if state == "open":
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event, page=page)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    registration = rules.register_for_event(
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
                    )
                except rules.RegistrationBusy:
                    return busy(request)
                except rules.RegistrationError as error:
                    form.add_error(error.field, error.message)
                    show_resend_links = isinstance(error, rules.AlreadyRegistered)
                else:
                    newsletter_opt_in(form, "registration", get_language(), commune=data.get("commune"))
                    if registration.status == Registration.Status.CONFIRMED:
                        messages.success(request, _("Your registration is confirmed. We have sent you an e-mail."))
                    else:
                        messages.info(
                            request, _("The event is full: you are on the waiting list. We have sent you an e-mail.")
                        )
                    return redirect(registration.personal_url())
        else:
            form = RegistrationForm(event=event, page=page)
    elif request.method == "POST":
        messages.error(request, (rules.EventFull if state == "full" else rules.RegistrationClosed).message)
    response = page.render(
        request,
        context_overrides={
            "form": form,
            "show_resend_links": show_resend_links,
            "registration_state": state,
            "activities": form.activities if form is not None and page.pk == event.pk else page.activities.all(),
            "hosts": page.host_members.all(),
            "themes": page.themes.all(),
            "report": page.live_report() if page.is_past else None,
        },
    )
    if form is not None and form.errors:
        response.status_code = 200
    return response


def event_ics(request, page):
    return calendars.ics_response(calendars.event_calendar(page), f"{page.slug}.ics")


# --- Personal link ---------------------------------------------------------------------


def _registration_or_404(token):
    registration = registration_for_token(token)
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    if _blocked(request, "manage"):
        return rate_limited(request, None)
    registration = registration_for_token(token)
    if registration is None:
        # A clear page (with the way to get one's links again), not the generic 404.
        return render(request, "workshops/link_invalid.html", status=404)
    reduce_form = ReducePartyForm(registration=registration) if registration.party_size > 1 else None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                rules.cancel(registration)
                messages.success(request, _("Your registration has been cancelled."))
                return redirect(request.path)
            if action == "accept":
                rules.accept_offer(registration)
                messages.success(request, _("The seats are yours: your registration is confirmed."))
                return redirect(request.path)
            if action == "reduce":
                reduce_form = ReducePartyForm(request.POST, registration=registration)
                if reduce_form.is_valid():
                    rules.reduce_party(registration, reduce_form.cleaned_data["party_size"])
                    messages.success(request, _("The number of people has been changed."))
                    return redirect(request.path)
        except rules.RegistrationBusy:
            return busy(request)
        except rules.RegistrationError as error:
            messages.error(request, error.message)
            return redirect(request.path)
    page = _localized(registration.event)
    labels = page.localized_activities()
    activities = [labels.get(a.translation_key, a) for a in registration.activities.all()]
    return TemplateResponse(
        request,
        "workshops/registration_detail.html",
        {
            "registration": registration,
            "event": page,
            "activities": activities,
            "reduce_form": reduce_form,
            "token": token,
            "can_change": registration.is_active and not registration.event.is_past,
            "can_have_certificate": registration.attended
            and registration.status == Registration.Status.CONFIRMED
            and registration.event.gives_certificates,
            "show_video_link": registration.event.has_video_link_for(registration),
            "now": timezone.now(),
        },
    )


@require_GET
def registration_ics(request, token):
    registration = _registration_or_404(token)
    if not registration.is_active:
        raise Http404
    content = calendars.event_calendar(_localized(registration.event), registration=registration)
    return calendars.ics_response(content, "event.ics")


def _localized(event):
    translated = event.get_translations(inclusive=True).filter(locale__language_code=get_language()).first()
    return translated.specific if translated else event
