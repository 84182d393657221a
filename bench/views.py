"""The benchmark's ceilings for registrations, served by the same gunicorn setup and
installed only by `bench.urls`. Both take the event's capacity lock (the lock real
registrations take, `workshops.services.locked_event`) and insert a registration — no
form, template, e-mail, rate limit or cache:

- `ceiling`, a bare Django view that reads the event by its primary key. The burst through
  the real form is reported as a fraction of it.
- `routed_ceiling`, the same work on the event that Wagtail's page routing finds from its
  public path (`Page.route_for_request`, as `wagtail.views.serve` does before it serves a
  page): what any registration posted to the event page's route pays at least, beside its
  form, rules and e-mail."""

from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from workshops.models import EventPage, Registration
from workshops.services import locked_event


@csrf_exempt
@require_POST
def ceiling(request, event_pk):
    return _take_a_seat(request, get_object_or_404(EventPage, pk=event_pk))


@csrf_exempt
@require_POST
def routed_ceiling(request, path):
    found = Page.route_for_request(request, path)
    if found is None or not isinstance(found[0], EventPage):
        raise Http404
    return _take_a_seat(request, found[0])


def _take_a_seat(request, event):
    with locked_event(event):
        taken = Registration.objects.filter(event_id=event.pk, status=Registration.Status.CONFIRMED).aggregate(
            seats=Sum("party_size")
        )["seats"]
        if (taken or 0) >= event.capacity:
            return HttpResponse("full", status=409, content_type="text/plain")
        Registration.objects.create(
            event=event,
            name=request.POST.get("name", "")[:255],
            email=request.POST.get("email", "")[:254],
            party_size=1,
            status=Registration.Status.CONFIRMED,
            created_at=timezone.now(),
        )
    return HttpResponse("confirmed", status=201, content_type="text/plain")
