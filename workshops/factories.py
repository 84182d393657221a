"""Test and demo helpers that build events the way an editor would."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from home.models import HomePage

from .models import Activity, EventIndexPage, EventPage


def agenda(home=None):
    home = home or HomePage.objects.get(locale__language_code="fr")
    existing = EventIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = EventIndexPage(title="Agenda", slug="agenda", intro="Les prochains rendez-vous du réseau.")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_event(index, *, title="Journée citoyenne", start=None, activities=(), publish=True, **fields):
    """`activities`: (title, capacity) pairs or dicts; times default to the event's."""
    start = start or timezone.now() + timedelta(days=10)
    fields.setdefault("end", start + timedelta(hours=6))
    fields.setdefault("intro", "Une journée pour agir ensemble.")
    event = EventPage(title=title, start=start, **fields)
    index.add_child(instance=event)
    for position, spec in enumerate(activities):
        if not isinstance(spec, dict):
            spec = {"title": spec[0], "capacity": spec[1]}
        spec.setdefault("start", start + timedelta(hours=position))
        spec.setdefault("end", spec["start"] + timedelta(minutes=55))
        Activity.objects.create(event=event, sort_order=position, locale=event.locale, **spec)
    if publish:
        event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def english():
    return Locale.objects.get(language_code="en")
