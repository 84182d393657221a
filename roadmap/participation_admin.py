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

from . import agenda, missions
from .agenda_models import AgendaItem
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
    list_export = ["proposal", "body", "minutes", "supports_when_added", "outcome", "reason", "postponed_to", "decided_at"]
    export_filename = "agenda-of-the-bodies"
    # Decisions go through "Record the decision"; staff may move an item to another meeting.
    form_fields = ["minutes"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", RecordDecisionView.as_view(), name="decide")]


VIEWSETS = (MissionViewSet, VolunteerViewSet, AgendaItemViewSet)


def register_log_actions(actions):
    for action, label in (
        ("roadmap.volunteer.signed_up", _("Volunteer signed up")),
        ("roadmap.volunteer.cancelled", _("Volunteer sign-up cancelled")),
        ("roadmap.agenda.added", _("Put on the agenda of the governing body")),
        ("roadmap.agenda.accepted", _("Accepted by the governing body")),
        ("roadmap.agenda.declined", _("Declined by the governing body")),
        ("roadmap.agenda.postponed", _("Postponed by the governing body")),
    ):
        actions.register_action(action, label, label)


def minutes_page_saved(request, page):
    """A minutes page of a body was created or published: items waiting go on it."""
    from home.models import MinutesPage

    specific = page.specific
    if isinstance(specific, MinutesPage) and specific.date >= timezone.localdate():
        agenda.attach_to_minutes(specific)
