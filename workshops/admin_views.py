"""Staff views in the admin: an event's figures and check-in, e-mail to all
participants, cancel or mark attended. They call `workshops.services`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from home.admin_views import ConfirmView
from home.forms import form_status
from home.services import ServiceError

from . import services
from .figures import event_figures
from .forms import DeclineForm, InvitationAdminForm, MessageParticipantsForm, PollCloseForm, PollInviteForm
from .models import DatePoll, EventPage, EventProposal, Invitation, Registration


def _check(request, perm="workshops.change_registration"):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def event_registrations(request, pk):
    _check(request)
    event = get_object_or_404(EventPage, pk=pk).registration_event
    form = MessageParticipantsForm(request.POST or None)
    audience = services.message_audience(event)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirmed") != "1":
        # First say how many people will receive it; the message goes on confirmation.
        recipients = services.recipients_of_message(
            event, include_waitlist=form.cleaned_data["include_waitlist"]
        ).count()
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
        count = services.email_participants(
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
        services.mark_attended(registration, attended=request.POST.get("attended", "1") == "1", by=request.user)
    except services.RegistrationError as error:
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
        services.cancel(registration, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Registration of %(name)s cancelled.") % {"name": registration.name})
    return redirect(back_url)


# --- Network life: invitations, polls, proposals -------------------------------------------


@require_http_methods(["GET", "POST"])
def event_invitations(request, pk):
    """Reserve seats for guests (citizen observers, speakers, trainers) and send their
    personal links; list the invitations with their state (with the guests' names and
    addresses: the invitation's own permission, given to the moderators)."""
    _check(request, "workshops.change_invitation")
    event = get_object_or_404(EventPage, pk=pk).registration_event
    form = InvitationAdminForm(request.POST or None)
    if not event.is_hybrid:
        form.fields.pop("attendance")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite(
                event,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                attendance=data.get("attendance", ""),
                valid_days=data["valid_days"],
                message=data.get("message", ""),
                language=data["language"],
                by=request.user,
            )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
            return redirect("workshops_admin:invitations", pk=event.pk)
    return TemplateResponse(
        request,
        "workshops/admin/event_invitations.html",
        {
            "event": event,
            "form": form,
            "invitations": Invitation.objects.filter(event=event).select_related("registration"),
            "header_title": event.title,
        },
        status=form_status(form),
    )


class RevokeInvitationView(ConfirmView):
    model = Invitation
    permission = "workshops.change_invitation"
    page_title = gettext_lazy("Revoke the invitation")
    confirmation_message = gettext_lazy(
        "The personal link will stop working and the reserved seat goes back to the public (and the waiting list)."
    )
    button_label = gettext_lazy("Revoke")
    success_message = gettext_lazy("Invitation %(object)s revoked.")
    header_icon = "cross"

    def is_allowed(self):
        return self.object.status == Invitation.Status.PENDING

    def get_index_url(self):
        return reverse("workshops_admin:invitations", args=[self.object.event_id])

    def perform(self, data):
        services.revoke_invitation(self.object, by=self.request.user)


@require_http_methods(["GET", "POST"])
def poll_invite(request, pk):
    if not request.user.has_perm("workshops.change_datepoll"):
        raise PermissionDenied
    poll = get_object_or_404(DatePoll, pk=pk)
    form = PollInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            for name, email in form.cleaned_data["people"]:
                services.invite_to_poll(
                    poll, name=name, email=email, language=form.cleaned_data["language"], by=request.user
                )
        except ServiceError as error:
            error.add_to_form(form)
        else:
            count = len(form.cleaned_data["people"])
            messages.success(request, _("%(count)s invitations sent.") % {"count": count})
            return redirect("workshops_admin:poll_invite", pk=poll.pk)
    return TemplateResponse(
        request,
        "workshops/admin/poll_invite.html",
        {
            "poll": poll,
            "form": form,
            "results": services.poll_results(poll),
            "respondents": poll.respondents.all(),
            "header_title": poll.title,
            "close_url": reverse("workshops_admin:poll_close", args=[poll.pk]),
        },
        status=form_status(form),
    )


class ClosePollView(ConfirmView):
    model = DatePoll
    permission = "workshops.change_datepoll"
    page_title = gettext_lazy("Close the poll")
    confirmation_message = gettext_lazy(
        "The event is created as a draft on the chosen slot, and every respondent receives the decision with a "
        "calendar file. Answers can no longer be changed."
    )
    button_label = gettext_lazy("Close the poll on this slot")
    success_message = gettext_lazy("Poll %(object)s closed: the draft event is ready to complete and publish.")
    not_allowed_message = gettext_lazy("This poll is already closed.")
    index_url_name = "wagtailsnippets_workshops_datepoll:list"
    details_template = "workshops/admin/_poll_details.html"

    def get_form_class(self):
        return PollCloseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "poll": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = services.poll_results(self.object)
        return context

    def is_allowed(self):
        return self.object.is_open

    def perform(self, data):
        self.event = services.close_poll(self.object, data["slot"], by=self.request.user)


class AcceptProposalView(ConfirmView):
    model = EventProposal
    permission = "workshops.change_eventproposal"
    page_title = gettext_lazy("Accept the event proposal")
    confirmation_message = gettext_lazy(
        "A draft event page is created in the agenda with the member as host; the representative is told."
    )
    button_label = gettext_lazy("Accept")
    success_message = gettext_lazy("Proposal %(object)s accepted: its draft event page is in the agenda.")
    not_allowed_message = gettext_lazy("This proposal has already been reviewed.")
    index_url_name = "wagtailsnippets_workshops_eventproposal:list"
    details_template = "workshops/admin/_proposal_details.html"

    def is_allowed(self):
        return self.object.is_pending

    def perform(self, data):
        services.accept_proposal(self.object, by=self.request.user)


class DeclineProposalView(AcceptProposalView):
    form_class = DeclineForm
    page_title = gettext_lazy("Decline the event proposal")
    confirmation_message = gettext_lazy("The representative sees the reason in the member area and by e-mail.")
    button_label = gettext_lazy("Decline")
    success_message = gettext_lazy("Proposal %(object)s declined.")
    header_icon = "cross"

    def perform(self, data):
        services.decline_proposal(self.object, data["reason"], by=self.request.user)
