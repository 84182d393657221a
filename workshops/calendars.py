"""iCalendar files (RFC 5545) built with the `icalendar` library: one per event, the
agenda's feed, and the personal file of a registration.

UIDs are stable (built from the event's translation key, so both languages and every
version of an event share it); times carry TZID Europe/Paris; SEQUENCE grows with each
change of schedule. Public calendars never carry the video link: only `personal=True`
(a confirmed participant's own file) does."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vText

from home.services import absolute_url

from .models import calendar_sequence
from .timezones import vtimezone

PRODID = "-//Reseau citoyennete//Agenda//FR"


def _absolute(url):
    return absolute_url(url)


def event_uid(event):
    return f"event-{event.translation_key}@reseau-citoyennete"


def _location(event):
    if event.is_remote:
        return str(_remote_label())
    parts = [event.place_name, event.address, event.commune.name if event.commune_id else ""]
    return ", ".join(part for part in parts if part)


def _remote_label():
    return gettext("Remote (video meeting)")


def build_event(event, *, sequence=None, registration=None, cancelled=False, url=None):
    tz = ZoneInfo(settings.TIME_ZONE)
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("summary", event.title)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.start, tz))
    vevent.add("dtend", timezone.localtime(event.end, tz))
    vevent.add("sequence", calendar_sequence(event) if sequence is None else sequence)
    vevent.add("url", _absolute(url or event.url or ""))
    description = event.intro
    if registration is not None and registration.status == "confirmed":
        description += "\n\n" + registration.absolute_personal_url()
        video_link = event.registration_event.video_link
        if event.registration_event.has_video_link_for(registration):
            description += "\n" + video_link
            vevent.add("conference", video_link, parameters={"value": "URI"})
    vevent.add("description", description)
    vevent["location"] = vText(_location(event))
    vevent.add("status", _status(event, registration, cancelled))
    return vevent


def _status(event, registration, cancelled):
    """CANCELLED for a cancelled event; for a person's own file, TENTATIVE while they
    wait (waiting list, seats offered but not accepted); otherwise CONFIRMED."""
    if cancelled or event.cancelled:
        return "CANCELLED"
    if registration is not None and registration.status != "confirmed":
        return "TENTATIVE"
    return "CONFIRMED"


def new_calendar(name=None, method=None):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    # The time zone's rules as yearly RRULEs, read right by every parser (ical.js too).
    cal.add_component(vtimezone(settings.TIME_ZONE))
    return cal


def event_calendar(event, *, registration=None, method="PUBLISH"):
    """The .ics of one event; with `registration`, the participant's own file (which may
    carry the video link); with method CANCEL, the cancellation."""
    cal = new_calendar(method=method)
    cal.add_component(build_event(event, registration=registration, cancelled=method == "CANCEL"))
    return cal.to_ical()


def feed_calendar(events, name, request=None):
    """`events` should come with `select_related("calendar_state", "commune")`."""
    cal = new_calendar(name=name, method="PUBLISH")
    for event in events:
        try:
            sequence = event.calendar_state.sequence
        except event._meta.model.calendar_state.RelatedObjectDoesNotExist:
            sequence = 0
        cal.add_component(build_event(event, sequence=sequence, url=event.get_url(request)))
    return cal.to_ical()


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
