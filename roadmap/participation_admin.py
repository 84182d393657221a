"""The admin of calls for ideas, volunteer missions and the agenda of the governing
bodies: viewsets (added to the roadmap's menu group in wagtail_hooks) and the confirm
views (`home.admin_views.ConfirmView`) that call `roadmap.services.calls`, `roadmap.services.missions`,
`roadmap.services.agenda` and `home.contributions`.

Each viewset lists its confirm views once, in `confirm_views`: they get their URL, and
each row of the listing offers those whose `is_allowed()` holds for it."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from home.admin_views import ConfirmView, HideContributionView, PublishContributionView
from home.choosers import one_language_chooser

from .agenda_models import AgendaItem
from .call_models import Call, Idea, IdeaSupport
from .mission_models import Mission, Volunteer
from .models import Axis, default_language
from .services import agenda, calls, missions


class ConfirmActionsIndexView(IndexView):
    """A listing whose rows offer the viewset's confirm views that make sense for them."""

    confirm_actions = ()  # (URL name, confirm view class), set by `ConfirmActionsViewSet`

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (url_name, view_class) in enumerate(self.confirm_actions, start=1):
            view = view_class()
            view.request, view.object = self.request, instance
            if view.is_allowed():
                label = view_class.button_label
                buttons.append(
                    ListingButton(
                        label,
                        url=reverse(url_name, args=[instance.pk]),
                        icon_name=view_class.header_icon,
                        attrs={"aria-label": f"{label} — {instance}"},
                        priority=priority,
                    )
                )
        return buttons


class ConfirmActionsViewSet(SnippetViewSet):
    """A snippet viewset with confirm views: `confirm_views = {"name": ViewClass}` (URL
    `<name with dashes>/<pk>/`, URL name `<name>`). Each view gets the viewset's model, the
    permission to change it and its listing: the views say only what they do."""

    index_view_class = ConfirmActionsIndexView
    confirm_views = {}

    def get_index_view_kwargs(self, **kwargs):
        actions = [(self.get_url_name(name), view_class) for name, view_class in self.confirm_views.items()]
        return super().get_index_view_kwargs(confirm_actions=actions, **kwargs)

    def get_urlpatterns(self):
        meta = self.model._meta
        view_kwargs = {
            "model": self.model,
            "permission": f"{meta.app_label}.change_{meta.model_name}",
            "index_url_name": self.get_url_name("list"),
        }
        return super().get_urlpatterns() + [
            path(f"{name.replace('_', '-')}/<int:pk>/", view_class.as_view(**view_kwargs), name=name)
            for name, view_class in self.confirm_views.items()
        ]


# --- Volunteer missions -----------------------------------------------------------------


class MissionEditView(EditView):
    """Saving goes through `missions.save_mission`: cancelling a mission, or changing its
    date or place, e-mails its volunteers."""

    def save_instance(self):
        missions.save_mission(self.form.instance, user=self.request.user, save=super().save_instance)
        return self.form.instance


class MissionViewSet(SnippetViewSet):
    model = Mission
    edit_view_class = MissionEditView
    icon = "group"
    menu_label = _("Volunteer missions")
    list_display = ["title", "action", "event", "start", "capacity", "host_member", "cancelled"]
    list_filter = ["cancelled", "host_member"]
    search_fields = ["title", "description", "skills"]
    list_export = ["title", "action", "event", "start", "end", "place", "capacity", "skills", "host_member"]
    export_filename = "volunteer-missions"


def _refused(request, found, back):
    from django.contrib import messages
    from django.shortcuts import redirect

    from home.services import ServiceError

    try:
        missions.check_deletable(found)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(back)
    return None


def refuse_deleting_missions_with_volunteers(request, instances):
    """`before_delete_snippet` (the delete view and the bulk delete): a mission people are
    signed up for, or the action that posts it, is not deleted: staff cancel the mission
    (which tells them) first."""
    from .models import Action

    mission_ids = [instance.pk for instance in instances if isinstance(instance, Mission)]
    action_ids = [instance.pk for instance in instances if isinstance(instance, Action)]
    if not (mission_ids or action_ids):
        return None
    found = Mission.objects.filter(Q(pk__in=mission_ids) | Q(action_id__in=action_ids))
    return _refused(request, found, reverse("wagtailsnippets_roadmap_mission:list"))


def refuse_deleting_events_with_volunteers(request, page):
    """`before_delete_page`: the same for an event page (or a page above events) whose
    missions people are signed up for."""
    from workshops.models import EventPage

    events = EventPage.objects.descendant_of(page, inclusive=True)
    return _refused(request, Mission.objects.filter(event__in=events), reverse("wagtailsnippets_roadmap_mission:list"))


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


class VolunteerViewSet(ConfirmActionsViewSet):
    model = Volunteer
    icon = "user"
    menu_label = _("Volunteers")
    confirm_views = {"cancel": CancelVolunteerView}
    list_display = ["name", "mission", "status", "created_at"]
    list_filter = ["status", "mission"]
    search_fields = ["name", "email", "skills"]
    list_export = ["mission", "name", "email", "skills", "status", "created_at", "cancelled_at"]
    export_filename = "volunteers"
    # Sign-ups and cancellations go through the rules (capacity, e-mails).
    form_fields = ["skills"]


# --- The agenda of the governing bodies -------------------------------------------------


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
        help_text=_("Required when declined; shown publicly with the proposal or idea."),
    )
    postponed_to = forms.DateField(label=_("Postponed to"), required=False, widget=AdminDateInput)
    axis = forms.ModelChoiceField(
        label=_("Axis of the new action"),
        queryset=Axis.objects.none(),
        required=False,
        help_text=_(
            "When accepted; empty: the proposal's axis. An idea becomes an action of this axis or, left empty, an "
            "activity of the event its call prepares (give the activity's start, end and seats)."
        ),
    )
    start = forms.SplitDateTimeField(label=_("Activity: start"), required=False, widget=forms.SplitDateTimeWidget)
    end = forms.SplitDateTimeField(label=_("Activity: end"), required=False, widget=forms.SplitDateTimeWidget)
    capacity = forms.IntegerField(label=_("Activity: seats"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = Axis.objects.filter(locale__language_code=default_language())


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


class AgendaItemViewSet(ConfirmActionsViewSet):
    model = AgendaItem
    icon = "list-ul"
    menu_label = _("Agenda of the bodies")
    confirm_views = {"decide": RecordDecisionView}
    list_display = ["__str__", "proposal", "idea", "body", "minutes", "supports_when_added", "outcome", "decided_at"]
    list_filter = ["outcome", "body"]
    list_export = [
        "proposal",
        "idea",
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

    def get_queryset(self, request):
        return AgendaItem.objects.select_related("proposal", "idea", "body", "minutes")


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


class CallViewSet(ConfirmActionsViewSet):
    model = Call
    chooser_viewset_class = one_language_chooser(["title"])  # home/choosers.py
    icon = "help"
    menu_label = _("Calls for ideas")
    confirm_views = {"publish_results": PublishResultsView}
    list_display = ["title", "kind", "deadline", "event", "locale"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    list_export = ["title", "kind", "deadline", "theme", "commune", "event", "results_published_at"]
    export_filename = "calls-for-ideas"

    def get_queryset(self, request):
        return Call.objects.select_related("locale", "event")


def _ideas():
    """Ideas with what their listing and confirm views read, in the same query."""
    on_agenda = AgendaItem.objects.filter(idea=OuterRef("pk"), outcome=AgendaItem.Outcome.PENDING)
    return Idea.objects.select_related("call", "call__locale", "member").annotate(on_agenda=Exists(on_agenda))


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
        return _ideas()

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


class IdeaViewSet(ConfirmActionsViewSet):
    model = Idea
    icon = "pick"
    menu_label = _("Ideas")
    confirm_views = {
        "publish": PublishIdeaView,
        "hide": HideIdeaView,
        "shortlist": ShortlistIdeaView,
        "select": SelectIdeaView,
        "not_select": NotSelectIdeaView,
    }
    list_display = ["title", "call", "status", "publication", "selection", "name", "created_at"]
    list_filter = ["publication", "status", "selection", "call"]
    search_fields = ["title", "description", "name", "email"]
    list_export = [
        "call",
        "title",
        "description",
        "status",
        "publication",
        "hidden_reason",
        "selection",
        "selection_reason",
        "member",
        "name",
        "email",
    ]
    export_filename = "ideas"
    # Review and selection go through the confirm views (rules and e-mails); the form edits the text.
    form_fields = ["title", "description"]

    def get_queryset(self, request):
        return _ideas()


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
        ("roadmap.mission_cancelled", _("Mission cancelled: volunteers told")),
        ("roadmap.mission_changed", _("Mission date or place changed: volunteers told")),
        ("roadmap.agenda.added", _("Put on the agenda of the governing body")),
        ("roadmap.agenda.accepted", _("Accepted by the governing body")),
        ("roadmap.agenda.declined", _("Declined by the governing body")),
        ("roadmap.agenda.postponed", _("Postponed by the governing body")),
        ("roadmap.idea.submitted", _("Idea submitted")),
        ("roadmap.idea.published", _("Idea published")),  # before ideas used home.contributions
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
