"""Staff views in the admin: an event's figures and check-in, e-mail to all
participants, cancel or mark attended, invitations, date polls and proposals. They stand
on the bases of `home.admin_views`, call `workshops.services`, and are registered by the
viewsets of `wagtail_hooks.py`."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from home.admin_views import ConfirmView, ObjectFormView
from home.services import ServiceError

from . import services
from .figures import event_figures
from .forms import (
    AttendanceForm,
    DeclineForm,
    InvitationAdminForm,
    MessageParticipantsForm,
    PollCloseForm,
    PollInviteForm,
)
from .models import DatePoll, EventPage, EventProposal, Invitation, Registration


class EventAdminView(ObjectFormView):
    """Base of the views of one event: its registration event (the original of a
    translation), under "Registrations and check-in"."""

    model = EventPage
    permission = "workshops.change_registration"
    header_icon = "date"

    def get_object(self, pk):
        return super().get_object(pk).registration_event

    def get_page_subtitle(self):
        return self.object.title

    def get_index_url(self):
        return reverse("wagtailsnippets_workshops_registration:list")

    def get_index_label(self):
        return capfirst(Registration._meta.verbose_name_plural)


class EventRegistrationsView(EventAdminView):
    """An event's figures, check-in and registrations, and the e-mail to all its
    participants: the number of recipients first, the message on confirmation."""

    page_title = gettext_lazy("Registrations and check-in")
    template_name = "workshops/admin/event_registrations.html"
    form_class = MessageParticipantsForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context.update(
            {
                "event": event,
                "figures": event_figures(event),
                "registrations": Registration.objects.filter(event=event)
                .prefetch_related("activities")
                .select_related("commune"),
                "audience": services.message_audience(event),
                "export_url": f"{self.get_index_url()}?event={event.pk}",
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        if self.request.POST.get("confirmed") != "1":
            # First say how many people will receive it; the message goes on confirmation.
            recipients = services.recipients_of_message(self.object, include_waitlist=data["include_waitlist"])
            return self.response_class(
                request=self.request,
                template="workshops/admin/confirm_email_participants.html",
                context={
                    # The header and breadcrumbs of the base, without the event's figures.
                    **ObjectFormView.get_context_data(self, form=form),
                    "event": self.object,
                    "recipients": recipients.count(),
                    "back_url": reverse("wagtailsnippets_workshops_registration:event", args=[self.object.pk]),
                },
            )
        count = services.email_participants(
            self.object, subject=data["subject"], message=data["message"], include_waitlist=data["include_waitlist"]
        )
        messages.success(self.request, _("%(count)s e-mails are being sent.") % {"count": count})
        return redirect("wagtailsnippets_workshops_registration:event", pk=self.object.pk)


class EventInvitationsView(EventAdminView):
    """Reserve seats for guests (citizen observers, speakers, trainers) and send their
    personal links; list the invitations with their state (with the guests' names and
    addresses: the invitation's own permission, given to the moderators)."""

    permission = "workshops.change_invitation"
    page_title = gettext_lazy("Invitations")
    header_icon = "mail"
    template_name = "workshops/admin/event_invitations.html"
    form_class = InvitationAdminForm

    def get_index_url(self):
        return reverse("wagtailsnippets_workshops_invitation:list")

    def get_index_label(self):
        return capfirst(Invitation._meta.verbose_name_plural)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.object.is_hybrid:
            form.fields.pop("attendance")
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.object
        context["invitations"] = Invitation.objects.filter(event=self.object).select_related("registration")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.invite(
                self.object,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                attendance=data.get("attendance", ""),
                valid_days=data["valid_days"],
                message=data.get("message", ""),
                language=data["language"],
                by=self.request.user,
            )
        except ServiceError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        messages.success(self.request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
        return redirect("wagtailsnippets_workshops_invitation:event", pk=self.object.pk)


class RegistrationConfirmView(ConfirmView):
    """Base of the actions on one registration, from its event's check-in list."""

    model = Registration
    permission = "workshops.change_registration"
    details_template = "workshops/admin/_registration_details.html"

    def get_queryset(self):
        return Registration.objects.select_related("event")

    def get_page_subtitle(self):
        return self.object.name

    def get_index_url(self):
        return reverse("wagtailsnippets_workshops_registration:event", args=[self.object.event_id])

    def get_index_label(self):
        return self.object.event.title

    def get_success_message(self):
        return self.success_message % {"name": self.object.name}


class CancelRegistrationView(RegistrationConfirmView):
    """Cancelling frees the seats, offers them to the waiting list and e-mails the person."""

    page_title = gettext_lazy("Cancel the registration")
    header_icon = "cross"
    confirmation_message = gettext_lazy(
        "The seats are freed and offered to the waiting list; the person receives a cancellation e-mail. "
        "This cannot be undone."
    )
    button_label = gettext_lazy("Cancel the registration")
    success_message = gettext_lazy("Registration of %(name)s cancelled.")
    not_allowed_message = gettext_lazy(
        "This registration is no longer active, or its event has started: there is nothing to cancel."
    )

    def is_allowed(self):
        return services.can_cancel(self.object)

    def perform(self, data):
        services.cancel(self.object, by=self.request.user)


class MarkAttendedView(RegistrationConfirmView):
    """Check-in: the list's buttons post here directly; the page itself confirms a check-in
    (or its undoing) for whoever opens its address."""

    form_class = AttendanceForm
    page_title = gettext_lazy("Record attendance")
    button_label = gettext_lazy("Record")
    success_message = gettext_lazy("Attendance of %(name)s recorded.")
    not_allowed_message = gettext_lazy("Only a confirmed registration can be checked in.")

    def is_allowed(self):
        return services.can_check_in(self.object)

    def perform(self, data):
        services.mark_attended(self.object, attended=data["attended"], by=self.request.user)


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
        return reverse("wagtailsnippets_workshops_invitation:event", args=[self.object.event_id])

    def perform(self, data):
        services.revoke_invitation(self.object, by=self.request.user)


class PollInviteView(ObjectFormView):
    """A date poll's answers and the people asked, and invitations to answer it."""

    model = DatePoll
    permission = "workshops.change_datepoll"
    page_title = gettext_lazy("Date poll")
    header_icon = "date"
    template_name = "workshops/admin/poll_invite.html"
    form_class = PollInviteForm
    index_url_name = "wagtailsnippets_workshops_datepoll:list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        poll = self.object
        context.update(
            {
                "poll": poll,
                "results": services.poll_results(poll),
                "respondents": poll.respondents.all(),
                "close_url": reverse("wagtailsnippets_workshops_datepoll:close", args=[poll.pk]),
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            for name, email in data["people"]:
                services.invite_to_poll(
                    self.object, name=name, email=email, language=data["language"], by=self.request.user
                )
        except ServiceError as error:
            error.add_to_form(form)
            return self.form_invalid(form)
        messages.success(self.request, _("%(count)s invitations sent.") % {"count": len(data["people"])})
        return redirect("wagtailsnippets_workshops_datepoll:answers", pk=self.object.pk)


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
