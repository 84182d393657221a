"""Staff views in the admin: an event's figures and check-in, e-mail to all
participants, cancel or mark attended. They call `workshops.registration`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from . import registration as rules
from .figures import event_figures
from .forms import MessageParticipantsForm
from .models import EventPage, Registration


def _check(request, perm="workshops.change_registration"):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def event_registrations(request, pk):
    _check(request)
    event = get_object_or_404(EventPage, pk=pk).registration_event
    form = MessageParticipantsForm(request.POST or None)
    audience = rules.message_audience(event)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirmed") != "1":
        # First say how many people will receive it; the message goes on confirmation.
        recipients = rules.recipients_of_message(event, include_waitlist=form.cleaned_data["include_waitlist"]).count()
        return TemplateResponse(
            request,
            "workshops/admin/confirm_email_participants.html",
            {
                "event": event,
                "form": form,
                "recipients": recipients,
                "back_url": reverse("workshops_admin:event", args=[event.pk]),
                "header_title": event.title,
            },
        )
    if request.method == "POST" and form.is_valid():
        count = rules.email_participants(
            event,
            subject=form.cleaned_data["subject"],
            message=form.cleaned_data["message"],
            include_waitlist=form.cleaned_data["include_waitlist"],
        )
        messages.success(request, _("%(count)s e-mails are being sent.") % {"count": count})
        return redirect("workshops_admin:event", pk=event.pk)
    registrations = Registration.objects.filter(event=event).prefetch_related("activities").select_related("commune")
    return TemplateResponse(
        request,
        "workshops/admin/event_registrations.html",
        {
            "event": event,
            "figures": event_figures(event),
            "registrations": registrations,
            "form": form,
            "audience": audience,
            "export_url": reverse("wagtailsnippets_workshops_registration:list") + f"?event={event.pk}",
            "header_title": event.title,
        },
    )


@require_POST
def mark_attended(request, pk):
    _check(request)
    registration = get_object_or_404(Registration, pk=pk)
    try:
        rules.mark_attended(registration, attended=request.POST.get("attended", "1") == "1")
    except rules.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Attendance of %(name)s recorded.") % {"name": registration.name})
    return redirect("workshops_admin:event", pk=registration.event_id)


@require_http_methods(["GET", "POST"])
def cancel_registration(request, pk):
    """Cancelling frees the seats, offers them to the waiting list and e-mails the person:
    a confirmation page first (GET), the cancellation on its form (POST)."""
    _check(request)
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    back_url = reverse("workshops_admin:event", args=[registration.event_id])
    if request.method == "GET":
        return TemplateResponse(
            request,
            "workshops/admin/confirm_cancel.html",
            {
                "registration": registration,
                "allowed": registration.is_active,
                "back_url": back_url,
                "header_title": _("Cancel the registration of %(name)s") % {"name": registration.name},
            },
        )
    try:
        rules.cancel(registration)
    except rules.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Registration of %(name)s cancelled.") % {"name": registration.name})
    return redirect(back_url)
