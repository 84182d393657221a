"""The admin of volunteer missions and of the agenda of the governing bodies: viewsets
(added to the roadmap's menu group in wagtail_hooks) and the confirm views that call
`roadmap.missions` and `roadmap.agenda`."""

from django import forms
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from home.admin_views import ConfirmView

from . import agenda, calls, missions
from .agenda_models import AgendaItem
from .call_models import Call, Idea, IdeaSupport
from .mission_models import Mission, Volunteer
from .models import Axis, default_language


class MissionViewSet(SnippetViewSet):
    model = Mission
    icon = "group"
    menu_label = _("Volunteer missions")
    list_display = ["title", "action", "event", "start", "capacity", "host_member", "cancelled"]
    list_filter = ["cancelled", "host_member"]
    search_fields = ["title", "description", "skills"]
    list_export = ["title", "action", "event", "start", "end", "place", "capacity", "skills", "host_member"]
    export_filename = "volunteer-missions"


class VolunteerIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_confirmed:
            buttons.append(
                ListingButton(
                    _("Cancel the sign-up"),
                    url=reverse("wagtailsnippets_roadmap_volunteer:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=1,
                )
            )
        return buttons


class CancelVolunteerView(ConfirmView):
    model = Volunteer
    permission = "roadmap.change_volunteer"
    page_title = _("Cancel this sign-up")
    header_icon = "cross"
    confirmation_message = _("The place becomes free again and the volunteer is told by e-mail.")
    button_label = _("Cancel the sign-up")
    success_message = _("Sign-up “%(object)s” cancelled.")
    index_url_name = "wagtailsnippets_roadmap_volunteer:list"

    def is_allowed(self):
        return self.object.is_confirmed

    def perform(self, data):
        missions.cancel(self.object, user=self.request.user)


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
    icon = "user"
    menu_label = _("Volunteers")
    index_view_class = VolunteerIndexView
    list_display = ["name", "mission", "status", "created_at"]
    list_filter = ["status", "mission"]
    search_fields = ["name", "email", "skills"]
    list_export = ["mission", "name", "email", "skills", "status", "created_at", "cancelled_at"]
    export_filename = "volunteers"
    # Sign-ups and cancellations go through the rules (capacity, e-mails).
    form_fields = ["skills"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("cancel/<int:pk>/", CancelVolunteerView.as_view(), name="cancel")]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision of the body"),
        choices=[c for c in AgendaItem.Outcome.choices if c[0] != AgendaItem.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declined; shown publicly with the proposal."),
    )
    postponed_to = forms.DateField(label=_("Postponed to"), required=False, widget=AdminDateInput)
    axis = forms.ModelChoiceField(
        label=_("Axis of the new action"),
        queryset=Axis.objects.none(),
        required=False,
        help_text=_("When accepted; empty: the proposal's axis."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(locale__language_code=default_language())


class RecordDecisionView(ConfirmView):
    model = AgendaItem
    form_class = DecisionForm
    permission = "roadmap.change_agendaitem"
    page_title = _("Record the body's decision")
    header_icon = "check"
    confirmation_message = _(
        "The decision is recorded once, shown with the proposal, and e-mailed to the proposer and to the "
        "supporters who asked for news."
    )
    button_label = _("Record the decision")
    success_message = _("Decision on “%(object)s” recorded.")
    not_allowed_message = _("The body's decision on this item is already recorded.")
    index_url_name = "wagtailsnippets_roadmap_agendaitem:list"

    def is_allowed(self):
        return self.object.is_pending

    def perform(self, data):
        agenda.record_decision(
            self.object,
            data["outcome"],
            reason=data.get("reason", ""),
            postponed_to=data.get("postponed_to"),
            axis=data.get("axis"),
            user=self.request.user,
        )


class AgendaIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_pending:
            buttons.append(
                ListingButton(
                    _("Record the decision"),
                    url=reverse("wagtailsnippets_roadmap_agendaitem:decide", args=[instance.pk]),
                    icon_name="check",
                    attrs={"aria-label": _("Record the decision on “%(title)s”") % {"title": instance.proposal.title}},
                    priority=1,
                )
            )
        return buttons


class AgendaItemViewSet(SnippetViewSet):
    model = AgendaItem
    icon = "list-ul"
    menu_label = _("Agenda of the bodies")
    index_view_class = AgendaIndexView
    list_display = ["proposal", "body", "minutes", "supports_when_added", "outcome", "decided_at"]
    list_filter = ["outcome", "body"]
    list_export = [
        "proposal",
        "body",
        "minutes",
        "supports_when_added",
        "outcome",
        "reason",
        "postponed_to",
        "decided_at",
    ]
    export_filename = "agenda-of-the-bodies"
    # Decisions go through "Record the decision"; staff may move an item to another meeting.
    form_fields = ["minutes"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", RecordDecisionView.as_view(), name="decide")]


# --- Calls for ideas --------------------------------------------------------------------


class PublishResultsView(ConfirmView):
    model = Call
    permission = "roadmap.change_call"
    page_title = _("Publish the results")
    confirmation_message = _(
        "The call's page shows the selection with its reasons; the submitters and the supporters who asked are "
        "told by e-mail. This is done once."
    )
    button_label = _("Publish the results")
    success_message = _("Results of “%(object)s” published.")
    not_allowed_message = _("The results can be published once, after the deadline.")
    index_url_name = "wagtailsnippets_roadmap_call:list"

    def get_queryset(self):
        return Call.objects.filter(locale__language_code=default_language())

    def is_allowed(self):
        return self.object.state() == "review"

    def perform(self, data):
        calls.publish_results(self.object, user=self.request.user)


class CallIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.locale.language_code == default_language() and instance.state() == "review":
            buttons.append(
                ListingButton(
                    _("Publish the results"),
                    url=reverse("wagtailsnippets_roadmap_call:publish_results", args=[instance.pk]),
                    icon_name="check",
                    priority=1,
                )
            )
        return buttons


class CallViewSet(SnippetViewSet):
    model = Call
    icon = "help"
    menu_label = _("Calls for ideas")
    index_view_class = CallIndexView
    list_display = ["title", "kind", "deadline", "event", "locale"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    list_export = ["title", "kind", "deadline", "theme", "commune", "event", "results_published_at"]
    export_filename = "calls-for-ideas"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("publish-results/<int:pk>/", PublishResultsView.as_view(), name="publish_results")
        ]


class IdeaConfirmView(ConfirmView):
    model = Idea
    permission = "roadmap.change_idea"
    index_url_name = "wagtailsnippets_roadmap_idea:list"
    details_template = "roadmap/admin/_idea_summary.html"

    def get_queryset(self):
        return Idea.objects.select_related("call", "member")


class PublishIdeaView(IdeaConfirmView):
    page_title = _("Publish this idea")
    confirmation_message = _("The idea is shown on the call's page and can be supported; its author is told.")
    button_label = _("Publish")
    success_message = _("Idea “%(object)s” published.")

    def is_allowed(self):
        return self.object.status == Idea.Status.PENDING

    def perform(self, data):
        calls.publish_idea(self.object, user=self.request.user)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is not published"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the person who submitted it; never shown publicly."),
    )


class RejectIdeaView(IdeaConfirmView):
    form_class = NoteForm
    header_icon = "cross"
    page_title = _("Do not publish this idea")
    confirmation_message = _("The idea stays private and its author is told why.")
    button_label = _("Do not publish")
    success_message = _("Idea “%(object)s” not published.")

    def is_allowed(self):
        return self.object.status == Idea.Status.PENDING

    def perform(self, data):
        calls.reject_idea(self.object, data["note"], user=self.request.user)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the call's page with the idea."),
    )


class SelectionView(IdeaConfirmView):
    form_class = ReasonForm

    def is_allowed(self):
        return self.object.is_published and self.object.call.state() == "review"


class ShortlistIdeaView(SelectionView):
    page_title = _("Shortlist this idea")
    confirmation_message = _("The idea is shown as shortlisted, with the reason.")
    button_label = _("Shortlist")
    success_message = _("Idea “%(object)s” shortlisted.")

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


class SelectForm(ReasonForm):
    axis = forms.ModelChoiceField(
        label=_("It becomes an action of the axis"),
        queryset=Axis.objects.none(),
        required=False,
        help_text=_("Or leave empty to make it an activity of the event the call prepares."),
    )
    start = forms.SplitDateTimeField(label=_("Activity: start"), required=False, widget=forms.SplitDateTimeWidget)
    end = forms.SplitDateTimeField(label=_("Activity: end"), required=False, widget=forms.SplitDateTimeWidget)
    capacity = forms.IntegerField(label=_("Activity: seats"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(locale__language_code=default_language())


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


class IdeaIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        choices = []
        if instance.status == Idea.Status.PENDING:
            choices = [("publish", _("Publish"), "check"), ("reject", _("Do not publish"), "cross")]
        elif instance.is_published and instance.call.state() == "review" and instance.selection in ("", "shortlisted"):
            choices = [("select", _("Select"), "check"), ("not_select", _("Do not select"), "cross")]
            if not instance.selection:
                choices.insert(0, ("shortlist", _("Shortlist"), "pick"))
        for priority, (name, label, icon) in enumerate(choices, start=1):
            buttons.append(
                ListingButton(
                    label,
                    url=reverse(f"wagtailsnippets_roadmap_idea:{name}", args=[instance.pk]),
                    icon_name=icon,
                    attrs={"aria-label": f"{label} — {instance.title}"},
                    priority=priority,
                )
            )
        return buttons


class IdeaViewSet(SnippetViewSet):
    model = Idea
    icon = "pick"
    menu_label = _("Ideas")
    index_view_class = IdeaIndexView
    list_display = ["title", "call", "status", "selection", "name", "created_at"]
    list_filter = ["status", "selection", "call"]
    search_fields = ["title", "description", "name", "email"]
    list_export = ["call", "title", "description", "status", "selection", "selection_reason", "member", "name", "email"]
    export_filename = "ideas"
    # Review and selection go through the confirm views (rules and e-mails); the form edits the text.
    form_fields = ["title", "description"]

    def get_queryset(self, request):
        return Idea.objects.select_related("call")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("publish/<int:pk>/", PublishIdeaView.as_view(), name="publish"),
            path("reject/<int:pk>/", RejectIdeaView.as_view(), name="reject"),
            path("shortlist/<int:pk>/", ShortlistIdeaView.as_view(), name="shortlist"),
            path("select/<int:pk>/", SelectIdeaView.as_view(), name="select"),
            path("not-select/<int:pk>/", NotSelectIdeaView.as_view(), name="not_select"),
        ]


class IdeaSupportViewSet(SnippetViewSet):
    model = IdeaSupport
    icon = "pick"
    menu_label = _("Supports of ideas")
    list_display = ["idea", "member", "email", "confirmed_at", "notify"]
    list_filter = ["notify"]
    search_fields = ["email"]
    list_export = ["idea", "member", "email", "confirmed_at", "notify", "created_at"]
    export_filename = "idea-supports"
    form_fields = ["notify"]


VIEWSETS = (
    CallViewSet,
    IdeaViewSet,
    IdeaSupportViewSet,
    MissionViewSet,
    VolunteerViewSet,
    AgendaItemViewSet,
)


def register_log_actions(actions):
    for action, label in (
        ("roadmap.volunteer.signed_up", _("Volunteer signed up")),
        ("roadmap.volunteer.cancelled", _("Volunteer sign-up cancelled")),
        ("roadmap.agenda.added", _("Put on the agenda of the governing body")),
        ("roadmap.agenda.accepted", _("Accepted by the governing body")),
        ("roadmap.agenda.declined", _("Declined by the governing body")),
        ("roadmap.agenda.postponed", _("Postponed by the governing body")),
        ("roadmap.idea.submitted", _("Idea submitted")),
        ("roadmap.idea.published", _("Idea published")),
        ("roadmap.idea.rejected", _("Idea not published")),
        ("roadmap.idea.shortlisted", _("Idea shortlisted")),
        ("roadmap.idea.selected", _("Idea selected")),
        ("roadmap.idea.not_selected", _("Idea not selected")),
        ("roadmap.call.results_published", _("Results of the call published")),
    ):
        actions.register_action(action, label, label)


def minutes_page_saved(request, page):
    """A minutes page of a body was created or published: items waiting go on it."""
    from home.models import MinutesPage

    specific = page.specific
    if isinstance(specific, MinutesPage) and specific.date >= timezone.localdate():
        agenda.attach_to_minutes(specific)
