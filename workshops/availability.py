"""Seats before signing up: what the agenda cards, the event page and its form say about
each event and activity ("3 seats left", "full — waiting list", "full"). Read-only and in
a constant number of queries for a whole page of events; translations share the seats
of the event in the default language. `workshops.services` decides under its lock:
this is only what a visitor is told beforehand."""

from django.conf import settings
from django.db.models import Sum

from .models import Activity, EventPage, Registration

OPEN = "open"
WAITLIST = "waitlist"
FULL = "full"
UNLIMITED = "unlimited"


def _state(left, has_waitlist):
    if left is None:
        return UNLIMITED
    if left > 0:
        return OPEN
    return WAITLIST if has_waitlist else FULL


def _sources(events):
    """{event pk: the event in the default language holding its seats}."""
    sources = {}
    translated = [event for event in events if event.locale.language_code != settings.LANGUAGE_CODE]
    if translated:
        originals = {
            original.translation_key: original
            for original in EventPage.objects.filter(
                translation_key__in={event.translation_key for event in translated},
                locale__language_code=settings.LANGUAGE_CODE,
            ).only("pk", "translation_key", "capacity", "has_waitlist")
        }
    for event in events:
        if event.locale.language_code == settings.LANGUAGE_CODE:
            sources[event.pk] = event
        else:
            sources[event.pk] = originals.get(event.translation_key, event)
    return sources


def availability_for(events):
    """{event pk: {"state", "seats_left", "activities": {activity translation key:
    {"seats_left", "state"}}}} for the given event pages (of any language).
    Activities are keyed by translation key, so that a translated page finds its own."""
    events = list(events)
    if not events:
        return {}
    sources = _sources(events)
    source_pks = {source.pk for source in sources.values()}
    activities = list(
        Activity.objects.filter(event_id__in=source_pks).only("pk", "event_id", "capacity", "translation_key")
    )
    taken_by_activity = dict(
        Registration.activities.through.objects.filter(
            activity_id__in=[a.pk for a in activities], registration__status__in=Registration.SEAT_STATUSES
        )
        .values("activity_id")
        .annotate(total=Sum("registration__party_size"))
        .order_by()
        .values_list("activity_id", "total")
    )
    taken_by_event = dict(
        Registration.objects.filter(event_id__in=source_pks, status__in=Registration.SEAT_STATUSES)
        .values("event_id")
        .annotate(total=Sum("party_size"))
        .order_by()
        .values_list("event_id", "total")
    )
    activities_by_event = {}
    for activity in activities:
        activities_by_event.setdefault(activity.event_id, []).append(activity)
    result = {}
    for event in events:
        source = sources[event.pk]
        own = activities_by_event.get(source.pk, [])
        if own:
            per_activity = {}
            for activity in own:
                left = max(activity.capacity - (taken_by_activity.get(activity.pk) or 0), 0)
                per_activity[activity.translation_key] = {
                    "seats_left": left,
                    "state": _state(left, source.has_waitlist),
                }
            left = sum(entry["seats_left"] for entry in per_activity.values())
        else:
            per_activity = {}
            left = None if source.capacity is None else max(source.capacity - (taken_by_event.get(source.pk) or 0), 0)
        result[event.pk] = {"state": _state(left, source.has_waitlist), "seats_left": left, "activities": per_activity}
    return result
