"""The roadmap's confirm views in the Wagtail admin, all on `home.admin_views.ConfirmView` and
registered through the viewsets of `wagtail_hooks.py`: proposals (accept, decline, publish,
hide), volunteers (cancel a sign-up), the agenda of the governing bodies (record a decision),
calls for ideas (publish the results) and ideas (publish, hide, shortlist, select, not select).
Each calls the rule in `roadmap.services` (or `home.contributions`)."""

from django import forms
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from home.admin_views import ConfirmView, HideContributionView, PublishContributionView

from . import queries, services
from .agenda_models import AgendaItem
from .call_models import Call
from .forms import DeclineForm
from .models import Axis, Proposal, default_language
from .services import agenda, calls, missions

PROPOSALS_URL = "wagtailsnippets_roadmap_proposal:list"

# --- Proposals -----------------------------------------------------------------------------


class ProposalConfirmView(ConfirmView):
    model = Proposal
    permission = "roadmap.change_proposal"
    index_url_name = PROPOSALS_URL
    details_template = "roadmap/admin/_proposal_summary.html"

    def get_queryset(self):
        return Proposal.objects.select_related("axis", "member")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proposal": self.object}


class AcceptProposalView(ProposalConfirmView):
    header_icon = "check"
    page_title = _("Accept this proposal")
    confirmation_message = _(
        "Accepting adds an action with this title and description to the roadmap (status “proposed”) and tells "
        "the proposer. You can then edit the action."
    )
    button_label = _("Yes, accept")
    success_message = _("Proposal “%(object)s” accepted: the action was added to the roadmap.")
    not_allowed_message = _("This proposal has already been decided.")

    def is_allowed(self):
        return self.object.status == Proposal.Status.OPEN

    def perform(self, data):
        self.action = services.accept_proposal(self.object, user=self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "action", None) is not None:  # accepted: on to the new action
            return redirect("wagtailsnippets_roadmap_action:edit", self.action.pk)
        return response


class DeclineProposalView(AcceptProposalView):
    form_class = DeclineForm
    header_icon = "cross"
    page_title = _("Decline this proposal")
    confirmation_message = _("The reason is shown publicly with the proposal.")
    button_label = _("Decline the proposal")

    def perform(self, data):
        services.decline_proposal(self.object, data["reason"], user=self.request.user)
        if services.proposer_addresses(self.object):
            self.success_message = _(
                "Proposal “%(object)s” declined: the reason was sent to the proposer and is shown publicly."
            )
        else:
            self.success_message = _(
                "Proposal “%(object)s” declined. The proposer left no e-mail address: the reason is shown "
                "publicly with the proposal only."
            )


class PublishProposalView(PublishContributionView):
    """Publish a resident's proposal after reading it (home.contributions)."""

    model = Proposal
    permission = "roadmap.change_proposal"
    index_url_name = PROPOSALS_URL


class HideProposalView(HideContributionView):
    """Hide a published proposal, with a reason sent to its author."""

    model = Proposal
    permission = "roadmap.change_proposal"
    index_url_name = PROPOSALS_URL


# --- Volunteer missions -----------------------------------------------------------------


class CancelVolunteerView(ConfirmView):
    page_title = _("Cancel this sign-up")
    header_icon = "cross"
    confirmation_message = _("The place becomes free again and the volunteer is told by e-mail.")
    button_label = _("Cancel the sign-up")
    success_message = _("Sign-up “%(object)s” cancelled.")

    def is_allowed(self):
        return self.object.is_confirmed

    def perform(self, data):
        missions.cancel(self.object, user=self.request.user)


# --- The agenda of the governing bodies -------------------------------------------------


class ActivityFieldsMixin(forms.Form):
    """What an accepted proposal or a selected idea becomes: an action of an axis (of the
    default language) or, without an axis, an activity (start, end, seats) of the event
    its call prepares. Each form words the axis for its case (`axis_label`, `axis_help`)."""

    axis_label = _("Axis of the new action")
    axis_help = ""

    axis = forms.ModelChoiceField(queryset=Axis.objects.none(), required=False)
    start = forms.SplitDateTimeField(label=_("Activity: start"), required=False, widget=forms.SplitDateTimeWidget)
    end = forms.SplitDateTimeField(label=_("Activity: end"), required=False, widget=forms.SplitDateTimeWidget)
    capacity = forms.IntegerField(label=_("Activity: seats"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        axis = self.fields["axis"]
        axis.queryset = Axis.objects.filter(locale__language_code=default_language())
        axis.label, axis.help_text = self.axis_label, self.axis_help


class DecisionForm(ActivityFieldsMixin):
    field_order = ["outcome", "reason", "postponed_to"]
    axis_help = _(
        "When accepted; empty: the proposal's axis. An idea becomes an action of this axis or, left empty, an "
        "activity of the event its call prepares (give the activity's start, end and seats)."
    )

    outcome = forms.ChoiceField(
        label=_("Decision of the body"),
        choices=[c for c in AgendaItem.Outcome.choices if c[0] != AgendaItem.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declined; shown publicly with the proposal or idea."),
    )
    postponed_to = forms.DateField(label=_("Postponed to"), required=False, widget=AdminDateInput)


class RecordDecisionView(ConfirmView):
    form_class = DecisionForm
    page_title = _("Record the body's decision")
    header_icon = "check"
    confirmation_message = _(
        "The decision is recorded once, shown with the proposal or idea, and e-mailed to its author and to the "
        "supporters who asked for news."
    )
    button_label = _("Record the decision")
    success_message = _("Decision on “%(object)s” recorded.")
    not_allowed_message = _("The body's decision on this item is already recorded.")

    def get_queryset(self):
        return AgendaItem.objects.select_related("proposal", "idea")

    def is_allowed(self):
        return self.object.is_pending

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object.idea_id is None:  # a proposal becomes an action, never an activity
            for name in ("start", "end", "capacity"):
                del form.fields[name]
        return form

    def perform(self, data):
        agenda.record_decision(
            self.object,
            data["outcome"],
            reason=data.get("reason", ""),
            postponed_to=data.get("postponed_to"),
            axis=data.get("axis"),
            activity={name: data.get(name) for name in ("start", "end", "capacity")},
            user=self.request.user,
        )


# --- Calls for ideas --------------------------------------------------------------------


class PublishResultsView(ConfirmView):
    page_title = _("Publish the results")
    confirmation_message = _(
        "The call's page shows the selection with its reasons; the submitters and the supporters who asked are "
        "told by e-mail. This is done once."
    )
    button_label = _("Publish the results")
    success_message = _("Results of “%(object)s” published.")
    not_allowed_message = _("The results can be published once, after the deadline.")

    def get_queryset(self):
        return Call.objects.filter(locale__language_code=default_language())

    def is_allowed(self):
        return self.object.locale.language_code == default_language() and self.object.state() == "review"

    def perform(self, data):
        calls.publish_results(self.object, user=self.request.user)


class PublishIdeaView(PublishContributionView):
    """Publish an idea after reading it (the shared pre-moderation, `home.contributions`)."""

    details_template = "roadmap/admin/_idea_summary.html"
    confirmation_message = _("The idea is shown on the call's page and can be supported; its author is told.")

    def is_allowed(self):
        return self.object.is_confirmed and super().is_allowed()


class HideIdeaView(HideContributionView):
    """Hide an idea (never published, or reported), with a reason sent to its author."""

    details_template = "roadmap/admin/_idea_summary.html"

    def is_allowed(self):
        return self.object.is_confirmed and super().is_allowed()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the call's page with the idea."),
    )


class SelectionView(ConfirmView):
    details_template = "roadmap/admin/_idea_summary.html"
    form_class = ReasonForm
    not_allowed_message = _(
        "Ideas are selected after the call's deadline, once published, unless the governing body decides on them."
    )

    def get_queryset(self):
        return queries.ideas_for_staff()

    def is_allowed(self):
        idea = self.object
        on_agenda = getattr(idea, "on_agenda", None)
        if on_agenda is None:
            on_agenda = calls.is_on_agenda(idea)
        return idea.is_published and idea.is_undecided and not on_agenda and idea.call.state() == "review"


class ShortlistIdeaView(SelectionView):
    header_icon = "pick"
    page_title = _("Shortlist this idea")
    confirmation_message = _("The idea is shown as shortlisted, with the reason.")
    button_label = _("Shortlist")
    success_message = _("Idea “%(object)s” shortlisted.")

    def is_allowed(self):
        return super().is_allowed() and not self.object.selection

    def perform(self, data):
        calls.shortlist(self.object, data["reason"], user=self.request.user)


class NotSelectIdeaView(SelectionView):
    header_icon = "cross"
    page_title = _("Do not select this idea")
    confirmation_message = _("The idea is shown as not selected, with the reason.")
    button_label = _("Do not select")
    success_message = _("Idea “%(object)s” not selected.")

    def perform(self, data):
        calls.not_select(self.object, data["reason"], user=self.request.user)


class SelectForm(ReasonForm, ActivityFieldsMixin):
    field_order = ["reason"]
    axis_label = _("It becomes an action of the axis")
    axis_help = _("Or leave empty to make it an activity of the event the call prepares.")


class SelectIdeaView(SelectionView):
    form_class = SelectForm
    page_title = _("Select this idea")
    confirmation_message = _(
        "The idea is selected with the reason and becomes a roadmap action or an activity of the event, linked both "
        "ways."
    )
    button_label = _("Select")
    success_message = _("Idea “%(object)s” selected.")

    def perform(self, data):
        calls.select(
            self.object,
            data["reason"],
            axis=data.get("axis"),
            start=data.get("start"),
            end=data.get("end"),
            capacity=data.get("capacity"),
            user=self.request.user,
        )
