"""The benchmark's ceiling for registrations: a bare Django view, served by the same
gunicorn setup, that takes the event's capacity lock (the lock real registrations take,
`workshops.services.locked_event`) and inserts a registration — no form, template,
e-mail, rate limit or cache. The burst through the real form is reported as a fraction
of the burst against this view. Installed only by `bench.urls`."""

from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from workshops.models import EventPage, Registration
from workshops.services import locked_event


@csrf_exempt
@require_POST
def ceiling(request, event_pk):
    event = get_object_or_404(EventPage, pk=event_pk)
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
