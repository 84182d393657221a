"""Seats before signing up: what the agenda cards, the event page and its form say about
each event and activity ("3 seats left", "full — waiting list", "full"). Read-only and in
a constant number of queries for a whole page of events; translations share the seats
of the event in the default language; the seats reserved for invited guests are not the
public's. `workshops.services` decides under its lock: this is only what a visitor is told
beforehand (a hybrid event's two kinds of seats are counted together here)."""

from django.db.models import Count, IntegerField, Sum, Value
from django.utils import timezone

from .models import Activity, EventPage, Invitation, Registration, default_locale

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
    default = default_locale().pk
    sources = {}
    translated = [event for event in events if event.locale_id != default]
    if translated:
        originals = {
            original.translation_key: original
            for original in EventPage.objects.filter(
                translation_key__in={event.translation_key for event in translated}, locale_id=default
            ).only("pk", "translation_key", "capacity", "has_waitlist")
        }
    for event in events:
        if event.locale_id == default:
            sources[event.pk] = event
        else:
            sources[event.pk] = originals.get(event.translation_key, event)
    return sources


def availability_for(events, *, activities=None):
    """{event pk: {"state", "seats_left", "activities": {activity translation key:
    {"seats_left", "state"}}}} for the given event pages (of any language).
    Activities are keyed by translation key, so that a translated page finds its own.
    `activities`: those of the events' source pages when the caller has read them already.
    Two queries whatever the number of events (one with `activities`)."""
    events = list(events)
    if not events:
        return {}
    sources = _sources(events)
    source_pks = {source.pk for source in sources.values()}
    if activities is None:
        activities = Activity.objects.filter(event_id__in=source_pks).only(
            "pk", "event_id", "capacity", "translation_key"
        )
    activities = list(activities)
    # Seats held per event and activity, and seats reserved by pending invitations, in one
    # query: a registration counts once per activity it chose (activity id), once for its
    # event when it chose none (no activity id); invitations come as activity id 0.
    held = (
        Registration.objects.filter(event_id__in=source_pks, status__in=Registration.SEAT_STATUSES)
        .values_list("event_id", "activities__id")
        .annotate(total=Sum("party_size"))
        .order_by()
    )
    reserved = (
        Invitation.objects.filter(
            event_id__in=source_pks, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
        )
        .values("event_id")
        .annotate(unit=Value(0, output_field=IntegerField()), total=Count("pk"))
        .values_list("event_id", "unit", "total")
        .order_by()
    )
    taken_by_activity, taken_by_event = {}, {}
    for event_id, activity_id, total in held.union(reserved, all=True):
        if activity_id is None or activity_id == 0:
            taken_by_event[event_id] = taken_by_event.get(event_id, 0) + (total or 0)
        else:
            taken_by_activity[activity_id] = total
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
