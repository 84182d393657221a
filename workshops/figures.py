"""Read-only figures for staff: fill rate, waiting list, party sizes, needs.
A constant number of queries whatever the number of events."""

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import Activity, EventPage, Invitation, Registration, seats_held_by_invitations, seats_taken

SEATS = Q(registrations__status__in=Registration.SEAT_STATUSES)


def fill_rates(events):
    """{event pk: (seats taken, capacity or None)} for the given events (source pages)."""
    events = list(events)
    pks = [event.pk for event in events]
    activity_rows = (
        Activity.objects.filter(event_id__in=pks).values("event_id").annotate(capacity=Sum("capacity")).order_by()
    )
    capacity_by_event = {row["event_id"]: row["capacity"] for row in activity_rows}
    taken_by_activity = dict(
        Registration.activities.through.objects.filter(
            activity__event_id__in=pks, registration__status__in=Registration.SEAT_STATUSES
        )
        .values("activity__event_id")
        .annotate(total=Sum("registration__party_size"))
        .order_by()
        .values_list("activity__event_id", "total")
    )
    taken_by_event = dict(
        Registration.objects.filter(event_id__in=pks, status__in=Registration.SEAT_STATUSES)
        .values("event_id")
        .annotate(total=Sum("party_size"))
        .order_by()
        .values_list("event_id", "total")
    )
    rates = {}
    for event in events:
        if event.pk in capacity_by_event:
            rates[event.pk] = (taken_by_activity.get(event.pk, 0) or 0, capacity_by_event[event.pk])
        else:
            rates[event.pk] = (taken_by_event.get(event.pk, 0) or 0, event.capacity)
    return rates


def percent(taken, capacity):
    if not capacity:
        return None
    return round(100 * taken / capacity)


def event_figures(event):
    """Everything the staff page of an event shows."""
    registrations = Registration.objects.filter(event=event)
    by_status = {
        row["status"]: row
        for row in registrations.values("status").annotate(count=Count("pk"), people=Sum("party_size")).order_by()
    }
    activities = list(
        Activity.objects.filter(event=event)
        .annotate(
            taken=Sum("registrations__party_size", filter=Q(registrations__status__in=Registration.SEAT_STATUSES)),
            waiting=Sum("registrations__party_size", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
        .order_by("sort_order", "pk")
    )
    for activity in activities:
        activity.taken = activity.taken or 0
        activity.waiting = activity.waiting or 0
        activity.rate = percent(activity.taken, activity.capacity)
    taken, capacity = fill_rates([event])[event.pk]
    modes = []
    if event.is_hybrid:
        # A hybrid event: in-person and remote seats apart (with the seats reserved for guests).
        for mode, label in Registration.Attendance.choices:
            modes.append(
                {
                    "label": label,
                    "taken": seats_taken(event, attendance=mode)[None],
                    "capacity": event.capacity_for(mode),
                }
            )
    return {
        "modes": modes,
        "reserved": seats_held_by_invitations(event)
        if not event.is_hybrid
        else sum(seats_held_by_invitations(event, mode) for mode in Registration.Attendance.values),
        "pending_invitations": Invitation.objects.filter(event=event, status=Invitation.Status.PENDING).count(),
        "taken": taken,
        "capacity": capacity,
        "rate": percent(taken, capacity),
        "by_status": [
            {
                "status": label,
                "count": by_status.get(value, {}).get("count", 0),
                "people": by_status.get(value, {}).get("people") or 0,
            }
            for value, label in Registration.Status.choices
        ],
        "waitlist_length": by_status.get(Registration.Status.WAITLISTED, {}).get("count", 0),
        "activities": activities,
        "attended": registrations.filter(attended=True).aggregate(people=Sum("party_size"))["people"] or 0,
        "needs": list(registrations.active().exclude(needs="").values_list("name", "needs")),
    }


def upcoming_with_rates(limit=8):
    events = list(
        EventPage.objects.filter(end__gt=timezone.now(), locale__language_code=settings.LANGUAGE_CODE).order_by(
            "start"
        )[:limit]
    )
    rates = fill_rates(events)
    return [
        {"event": event, "taken": rates[event.pk][0], "capacity": rates[event.pk][1], "rate": percent(*rates[event.pk])}
        for event in events
    ]
