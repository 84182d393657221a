"""The member area's view of the events a structure hosts: who registered, per activity
(names, party sizes, accessibility needs), to organise the event. Read-only, for the
representatives of a host member only."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EventPage, Registration


def hosted_event(member, pk):
    """The event (in the default language, which holds the registrations) that `member`
    hosts, or Http404: another structure's event is not found."""
    event = EventPage.objects.live().filter(pk=pk).select_related("locale").first()
    if event is None:
        raise Http404
    source = event.registration_event
    if not source.host_members.filter(pk=member.pk).exists():
        raise Http404
    return source


def registrations_by_activity(event):
    """[(activity or None, [registrations])] of the event's active registrations, in the
    order of the activities; the waiting list comes after the seats of each activity."""
    registrations = list(
        Registration.objects.active()
        .filter(event=event)
        .select_related("commune")
        .prefetch_related("activities")
        .order_by("created_at", "pk")
    )
    order = {Registration.Status.CONFIRMED: 0, Registration.Status.OFFERED: 1, Registration.Status.WAITLISTED: 2}
    registrations.sort(key=lambda r: order.get(r.status, 3))
    activities = list(event.activities.all())
    if not activities:
        return [(None, registrations)]
    groups = []
    for activity in activities:
        groups.append((activity, [r for r in registrations if activity in r.activities.all()]))
    return groups


def totals(registrations):
    seats = sum(r.party_size for r in registrations if r.status in Registration.SEAT_STATUSES)
    waiting = sum(r.party_size for r in registrations if r.status == Registration.Status.WAITLISTED)
    return {"seats": seats, "waiting": waiting}


EXPORT_HEADER = [
    _("Activity"),
    _("Name"),
    _("Party size"),
    _("Status"),
    _("Commune"),
    _("Accessibility needs or remarks"),
    _("Registered at"),
]


def export_rows(event):
    for activity, registrations in registrations_by_activity(event):
        for registration in registrations:
            yield [
                activity.title if activity else "",
                registration.name,
                registration.party_size,
                registration.get_status_display(),
                registration.commune.name if registration.commune_id else "",
                registration.needs,
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
