"""Confirm views of the moderation admin: approve, reject (with a reason), apply or decline
identity changes, withdraw — on the admin's one confirm view. Each calls `members.services`,
which e-mails the people concerned."""

from django import forms
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from home.admin_views import ConfirmView

from . import services
from .models import Member


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Sent to the applicant in their e-mail."),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class ModerationConfirmView(ConfirmView):
    """The members' moderation on the admin's one confirm view (home.admin_views): the
    member, its identity changes waiting for moderation and its history above the form."""

    template_name = "members/admin/confirm.html"
    header_icon = "group"
    model = Member
    permission = "members.change_member"
    index_url_name = "members_member:index"
    not_allowed_message = _("This action is not possible for this member any more.")
    allowed = ()  # statuses for which the action makes sense
    needs_pending_changes = False

    def get_page_subtitle(self):
        return self.object.name

    def is_allowed(self):
        if self.needs_pending_changes and not self.object.pending_changes:
            return False
        return self.object.status in self.allowed

    def get_success_message(self):
        return self.success_message % {"name": self.object.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "member": self.object,
                "history": ModelLogEntry.objects.for_instance(self.object).select_related("user")[:10],
                "edit_url": reverse("members_member:edit", args=[quote(self.object.pk)]),
                "pending_changes": [
                    (Member._meta.get_field(field).verbose_name, getattr(self.object, field), value)
                    for field, value in self.object.pending_changes.items()
                    if field in Member.IDENTITY_FIELDS
                ],
            }
        )
        return context


class ApproveView(ModerationConfirmView):
    page_title = _("Approve the application")
    confirmation_message = _(
        "The member will appear in the public directory, and its contact person will receive an "
        "invitation to the member area."
    )
    button_label = _("Yes, approve")
    success_message = _("%(name)s is approved; the applicant has been e-mailed.")
    allowed = (Member.Status.PENDING, Member.Status.REJECTED, Member.Status.WITHDRAWN)

    def perform(self, data):
        services.approve(self.object, by=self.request.user)


class RejectView(ModerationConfirmView):
    page_title = _("Reject the application")
    form_class = ReasonForm
    confirmation_message = _("The applicant will receive the reason by e-mail.")
    button_label = _("Reject the application")
    success_message = _("The application of %(name)s is rejected; the applicant has been e-mailed.")
    allowed = (Member.Status.PENDING,)

    def perform(self, data):
        services.reject(self.object, reason=data["reason"], by=self.request.user)


class WithdrawView(ModerationConfirmView):
    page_title = _("Withdraw the member")
    form_class = OptionalReasonForm
    confirmation_message = _(
        "The member will disappear from the public directory and its representatives will lose access "
        "to the member area."
    )
    button_label = _("Yes, withdraw")
    success_message = _("%(name)s is withdrawn from the network.")
    allowed = (Member.Status.APPROVED,)

    def perform(self, data):
        services.withdraw(self.object, by=self.request.user, note=data.get("reason", ""))


class ApplyChangesView(ModerationConfirmView):
    page_title = _("Apply the identity changes")
    confirmation_message = _("The public profile will show the new values.")
    button_label = _("Yes, apply the changes")
    success_message = _("The changes of %(name)s are applied.")
    allowed = (Member.Status.APPROVED,)
    needs_pending_changes = True

    def perform(self, data):
        services.apply_identity_change(self.object, by=self.request.user)


class DiscardChangesView(ModerationConfirmView):
    page_title = _("Decline the identity changes")
    form_class = OptionalReasonForm
    confirmation_message = _("The public profile keeps its approved values; the representatives are told.")
    button_label = _("Decline the changes")
    success_message = _("The changes of %(name)s are declined.")
    allowed = (Member.Status.APPROVED,)
    needs_pending_changes = True

    def perform(self, data):
        services.discard_identity_change(self.object, by=self.request.user, reason=data.get("reason", ""))


class ResendInvitationsView(ModerationConfirmView):
    page_title = _("Send the invitations again")
    confirmation_message = _(
        "Each representative who has not set a password yet receives a new set-password link; the "
        "previous links stop working once a password is set."
    )
    button_label = _("Send again")
    success_message = _("New invitations sent to the representatives of %(name)s.")
    allowed = (Member.Status.APPROVED,)

    def perform(self, data):
        services.resend_invitations(self.object)
