from django.contrib import messages
from django.db.models import Avg, Count, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from home import layout
from home.charts import Chart
from home.choosers import one_language_chooser
from home.exports import StaffExportMixin, YesNoColumn
from home.models import MinutesPage
from home.privacy import PrivateFieldsIndexMixin, PrivateFieldsInspectMixin
from home.services import ServiceError
from home.text_search import contains_words
from workshops.models import EventPage

from . import admin_views, queries, services
from .agenda_models import AgendaItem
from .call_models import Call, Idea, IdeaSupport
from .mission_models import Mission, Volunteer
from .models import (
    Action,
    ActionUpdate,
    Axis,
    Commitment,
    Proposal,
    RoadmapPage,
    Support,
    apply_translations,
    default_language,
    roadmap_page_for_language,
)
from .personal_data import ParticipationPersonalData, RoadmapPersonalData
from .services import agenda, calls, missions, personal_links

# --- Admin ----------------------------------------------------------------------------


class StaffExportIndexView(StaffExportMixin, IndexView):
    """Exports in words, yes/no and local time (home/exports.py)."""


class AxisViewSet(SnippetViewSet):
    model = Axis
    chooser_viewset_class = one_language_chooser(["title"], default_language_only=True)
    index_view_class = StaffExportIndexView
    icon = "list-ol"
    menu_label = _("Axes")
    list_display = ["title", "sort_order", "locale"]
    search_fields = ["title", "description"]
    list_export = ["title", "description", "sort_order"]
    export_filename = "roadmap-axes"


class ActionViewSet(SnippetViewSet):
    model = Action
    index_view_class = StaffExportIndexView
    # A search over titles and axes, the roadmap's language only (home/choosers.py).
    chooser_viewset_class = one_language_chooser(["title", "axis__title"], default_language_only=True)
    icon = "tasks"
    menu_label = _("Actions")
    list_display = ["title", "axis", "status", "progress", "lead_member", "target_period"]
    list_filter = ["status", "axis", "lead_member"]
    search_fields = ["title", "description"]
    list_export = ["title", "axis", "status", "progress", "target_period", "lead_member", "created_at"]
    export_filename = "roadmap-actions"


class ActionUpdateCreateView(CreateView):
    """A new update goes through the service: it moves the action's progress and status
    and e-mails the supporters who asked for news."""

    def save_instance(self):
        data = self.form.cleaned_data
        return services.add_update(
            data["action"],
            data["text"],
            progress=data.get("progress"),
            status=data.get("status") or "",
            date=data["date"],
            user=self.request.user,
        )


class ActionUpdateViewSet(SnippetViewSet):
    model = ActionUpdate
    index_view_class = StaffExportIndexView
    add_view_class = ActionUpdateCreateView
    icon = "date"
    menu_label = _("Updates")
    list_display = ["action", "date", "progress", "status"]
    list_filter = ["status", "date"]
    search_fields = ["text"]
    list_export = ["action", "date", "text", "progress", "status"]
    export_filename = "roadmap-updates"
    form_fields = ["action", "date", "text", "progress", "status"]


class ProposalIndexView(StaffExportMixin, PrivateFieldsIndexMixin, IndexView):
    # A resident proposer's name and e-mail: moderators and data-protection officers only.
    private_fields = ("name", "email")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status != Proposal.Status.UNCONFIRMED and not instance.is_published:
            buttons.append(
                ListingButton(
                    _("Publish"),
                    url=reverse("wagtailsnippets_roadmap_proposal:publish", args=[instance.pk]),
                    icon_name="view",
                    attrs={"aria-label": _("Publish “%(title)s”") % {"title": instance.title}},
                    priority=0,
                )
            )
        if instance.publication != "hidden" and instance.status != Proposal.Status.UNCONFIRMED:
            buttons.append(
                ListingButton(
                    _("Hide"),
                    url=reverse("wagtailsnippets_roadmap_proposal:hide", args=[instance.pk]),
                    icon_name="no-view",
                    attrs={"aria-label": _("Hide “%(title)s”") % {"title": instance.title}},
                    priority=3,
                )
            )
        if instance.status == Proposal.Status.OPEN:
            buttons += [
                ListingButton(
                    _("Accept"),
                    url=reverse("wagtailsnippets_roadmap_proposal:accept", args=[instance.pk]),
                    icon_name="check",
                    attrs={"aria-label": _("Accept “%(title)s”") % {"title": instance.title}},
                    priority=1,
                ),
                ListingButton(
                    _("Decline"),
                    url=reverse("wagtailsnippets_roadmap_proposal:decline", args=[instance.pk]),
                    icon_name="cross",
                    attrs={"aria-label": _("Decline “%(title)s”") % {"title": instance.title}},
                    priority=2,
                ),
            ]
        return buttons


class ProposalInspectView(PrivateFieldsInspectMixin, InspectView):
    private_fields = ("name", "email")


class SupportIndexView(StaffExportMixin, PrivateFieldsIndexMixin, IndexView):
    private_fields = ("email",)


class SupportInspectView(PrivateFieldsInspectMixin, InspectView):
    private_fields = ("email",)


class ProposalViewSet(SnippetViewSet):
    model = Proposal
    icon = "help"
    menu_label = _("Proposals")
    index_view_class = ProposalIndexView
    inspect_view_enabled = True
    inspect_view_class = ProposalInspectView
    list_display = ["title", "axis", "status", "publication", "member", "name", "created_at"]
    list_filter = ["status", "publication", "axis"]
    search_fields = ["title", "description", "name", "email"]
    list_export = [
        "title",
        "description",
        "axis",
        "status",
        "member",
        "name",
        "email",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decline_reason",
        "action",
    ]
    export_filename = "roadmap-proposals"
    # Decisions go through the accept/decline views (they call the service and e-mail
    # the proposer); the form edits the text only.
    form_fields = ["axis", "title", "description"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("accept/<int:pk>/", admin_views.AcceptProposalView.as_view(), name="accept"),
            path("decline/<int:pk>/", admin_views.DeclineProposalView.as_view(), name="decline"),
            path("publish/<int:pk>/", admin_views.PublishProposalView.as_view(), name="publish"),
            path("hide/<int:pk>/", admin_views.HideProposalView.as_view(), name="hide"),
        ]


class SupportViewSet(SnippetViewSet):
    model = Support
    icon = "pick"
    menu_label = _("Supports")
    index_view_class = SupportIndexView
    inspect_view_enabled = True
    inspect_view_class = SupportInspectView
    list_display = [
        "__str__",
        "member",
        "email",
        "confirmed_at",
        YesNoColumn("notify_updates", label=_("receives updates by e-mail")),
    ]
    list_filter = ["notify_updates", "created_at"]
    search_fields = ["email"]
    list_export = ["action", "proposal", "member", "email", "confirmed_at", "notify_updates", "created_at"]
    export_filename = "roadmap-supports"
    form_fields = ["notify_updates"]


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    index_view_class = StaffExportIndexView
    icon = "link"
    menu_label = _("Commitments")
    list_display = ["member", "action", "kind", YesNoColumn("hidden", label=_("hidden")), "created_at"]
    list_filter = ["kind", "hidden", "member"]
    search_fields = ["description"]
    list_export = ["member", "action", "kind", "description", "hidden", "created_at"]
    export_filename = "roadmap-commitments"


# --- Calls for ideas, volunteer missions, the agenda of the bodies --------------------------


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
    mission_ids = [instance.pk for instance in instances if isinstance(instance, Mission)]
    action_ids = [instance.pk for instance in instances if isinstance(instance, Action)]
    if not (mission_ids or action_ids):
        return None
    found = Mission.objects.filter(Q(pk__in=mission_ids) | Q(action_id__in=action_ids))
    return _refused(request, found, reverse("wagtailsnippets_roadmap_mission:list"))


def refuse_deleting_events_with_volunteers(request, page):
    """`before_delete_page`: the same for an event page (or a page above events) whose
    missions people are signed up for."""
    events = EventPage.objects.descendant_of(page, inclusive=True)
    return _refused(request, Mission.objects.filter(event__in=events), reverse("wagtailsnippets_roadmap_mission:list"))


class VolunteerViewSet(ConfirmActionsViewSet):
    model = Volunteer
    icon = "user"
    menu_label = _("Volunteers")
    confirm_views = {"cancel": admin_views.CancelVolunteerView}
    list_display = ["name", "mission", "status", "created_at"]
    list_filter = ["status", "mission"]
    search_fields = ["name", "email", "skills"]
    list_export = ["mission", "name", "email", "skills", "status", "created_at", "cancelled_at"]
    export_filename = "volunteers"
    # Sign-ups and cancellations go through the rules (capacity, e-mails).
    form_fields = ["skills"]


class AgendaItemViewSet(ConfirmActionsViewSet):
    model = AgendaItem
    icon = "list-ul"
    menu_label = _("Agenda of the bodies")
    confirm_views = {"decide": admin_views.RecordDecisionView}
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


class CallViewSet(ConfirmActionsViewSet):
    model = Call
    chooser_viewset_class = one_language_chooser(["title"])  # home/choosers.py
    icon = "help"
    menu_label = _("Calls for ideas")
    confirm_views = {"publish_results": admin_views.PublishResultsView}
    list_display = ["title", "kind", "deadline", "event", "locale"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    list_export = ["title", "kind", "deadline", "theme", "commune", "event", "results_published_at"]
    export_filename = "calls-for-ideas"

    def get_queryset(self, request):
        return Call.objects.select_related("locale", "event")


class IdeaViewSet(ConfirmActionsViewSet):
    model = Idea
    icon = "pick"
    menu_label = _("Ideas")
    confirm_views = {
        "publish": admin_views.PublishIdeaView,
        "hide": admin_views.HideIdeaView,
        "shortlist": admin_views.ShortlistIdeaView,
        "select": admin_views.SelectIdeaView,
        "not_select": admin_views.NotSelectIdeaView,
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
        return queries.ideas_for_staff()


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
    specific = page.specific
    if isinstance(specific, MinutesPage) and specific.date >= timezone.localdate():
        agenda.attach_to_minutes(specific)


class RoadmapGroup(SnippetViewSetGroup):
    menu_label = _("Roadmap")
    menu_icon = "tasks"
    menu_order = 220
    items = (
        ActionViewSet,
        AxisViewSet,
        ProposalViewSet,
        ActionUpdateViewSet,
        CommitmentViewSet,
        SupportViewSet,
        CallViewSet,
        IdeaViewSet,
        IdeaSupportViewSet,
        MissionViewSet,
        VolunteerViewSet,
        AgendaItemViewSet,
    )


register_snippet(RoadmapGroup)


class ProposalsWaitingPanel(Component):
    name = "roadmap_proposals_waiting"
    order = 150
    template_name = "roadmap/admin/proposals_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        proposals = list(
            Proposal.objects.filter(status=Proposal.Status.OPEN)
            .select_related("axis", "member")
            .order_by("confirmed_at")[:10]
        )
        return {
            "proposals": proposals,
            "total": Proposal.objects.filter(status=Proposal.Status.OPEN).count(),
            "list_url": reverse("wagtailsnippets_roadmap_proposal:list") + "?status=open",
        }


@hooks.register("construct_homepage_panels")
def add_proposals_panel(request, panels):
    if request.user.has_perm("roadmap.change_proposal"):
        panels.append(ProposalsWaitingPanel(request.user))


# --- Site extension points -------------------------------------------------------------


def _roadmap_page():
    return roadmap_page_for_language(get_language())


def _roadmap_url(request=None):
    """The roadmap page's URL in the visitor's language (or ""), kept until content changes."""

    def build():
        page = _roadmap_page()
        return (page.url or "") if page is not None else ""

    return layout.shared(f"roadmap-url:{get_language()}", build)


def _action_url(roadmap_url, action_pk):
    return roadmap_url + RoadmapPage().reverse_subpage("action", args=[action_pk]) if roadmap_url else ""


def _action_counts(request):
    """How many actions there are by status: kept as long as the cached pages (an action
    saved moves the page cache's generation on)."""
    return dict(
        layout.shared(
            "roadmap-counts",
            lambda: Action.objects.in_default_locale().aggregate(
                total=Count("pk", filter=~Q(status=Action.Status.DROPPED)),
                done=Count("pk", filter=Q(status=Action.Status.DONE)),
                in_progress=Count("pk", filter=Q(status=Action.Status.IN_PROGRESS)),
                # The same counts as the roadmap's status filter shows.
                planned=Count("pk", filter=Q(status=Action.Status.PLANNED)),
                proposed=Count("pk", filter=Q(status=Action.Status.PROPOSED)),
            ),
            content=True,
        )
    )


@hooks.register("register_home_key_figures")
def roadmap_key_figures(request, home_page):
    url = _roadmap_url(request)
    figure = {"value": _action_counts(request)["done"], "label": _("roadmap actions done")}
    if url:
        figure["url"] = url + "?status=done"
    return [figure]


@hooks.register("register_home_sections")
def roadmap_home_section(request, home_page):
    url = _roadmap_url(request)
    if not url:
        return []
    counts = _action_counts(request)
    if not counts["total"]:
        return []
    counts["percent"] = round(100 * counts["done"] / counts["total"])
    return [("roadmap/includes/home_section.html", {"roadmap_url": url, **counts})]


@hooks.register("register_site_search")
def roadmap_search(request, query):
    roadmap_url = _roadmap_url(request)
    if not roadmap_url:
        return []
    language = get_language()
    # The matching actions of the visitor's language or the default one, read as their
    # default-language versions in one query (the keys are a subquery).
    keys = (
        Action.objects.filter(contains_words(query))
        .filter(locale__language_code__in={language, default_language()})
        .values("translation_key")[:50]
    )
    actions = list(Action.objects.in_default_locale().filter(translation_key__in=keys).order_by("pk")[:10])
    apply_translations(actions, language)
    if not actions:
        return []
    return [
        {
            "title": _("Roadmap actions"),
            "items": [
                {"title": action.display_title, "url": _action_url(roadmap_url, action.pk)} for action in actions
            ],
        }
    ]


@hooks.register("register_member_profile_sections")
def member_roadmap_profile(request, member):
    actions = list(
        Action.objects.in_default_locale()
        .filter(
            Q(lead_member=member)
            | Q(pk__in=Action.contributing_members.through.objects.filter(member=member).values("action_id"))
        )
        .order_by("pk")
    )
    commitments = list(
        Commitment.objects.filter(member=member, hidden=False).select_related("action").order_by("-created_at")
    )
    language = get_language()
    apply_translations(actions + [c.action for c in commitments], language)
    if not actions and not commitments:
        return []
    roadmap_url = _roadmap_url(request)
    for action in actions + [c.action for c in commitments]:
        action.url = _action_url(roadmap_url, action.pk)
        action.is_led = action.lead_member_id == member.pk
    return [("roadmap/includes/member_profile_section.html", {"actions": actions, "commitments": commitments})]


@hooks.register("register_member_area_sections")
def member_roadmap_area(request, member):
    commitments = list(Commitment.objects.filter(member=member).select_related("action").order_by("-created_at"))
    apply_translations([c.action for c in commitments], get_language())
    roadmap_url = _roadmap_url(request)
    for commitment in commitments:
        commitment.action.url = _action_url(roadmap_url, commitment.action_id)
        commitment.withdraw_url = reverse("roadmap:commitment_withdraw", args=[commitment.pk])
    return [
        (
            "roadmap/includes/member_area_section.html",
            {
                "commitments": commitments,
                "add_url": reverse("roadmap:commitment_add"),
                "propose_url": reverse("roadmap:member_propose"),
                "roadmap_url": roadmap_url,
            },
        )
    ]


@hooks.register("register_personal_links")
def roadmap_personal_links(email, language):
    return personal_links(email, language) + calls.personal_links(email, language)


@hooks.register("register_personal_data")
def roadmap_personal_data():
    return RoadmapPersonalData()


hooks.register("register_log_actions", register_log_actions)
hooks.register("after_create_page", minutes_page_saved)
hooks.register("after_publish_page", minutes_page_saved)
hooks.register("before_delete_snippet", refuse_deleting_missions_with_volunteers)
hooks.register("before_delete_page", refuse_deleting_events_with_volunteers)


@hooks.register("register_personal_data")
def volunteering_personal_data():
    return ParticipationPersonalData()


@hooks.register("register_member_area_sections")
def member_hosted_missions(request, member):
    """The volunteer missions the structure hosts, with their volunteers' spreadsheet."""
    hosted = list(Mission.objects.with_places_taken().filter(host_member=member).order_by("-start")[:50])
    if not hosted:
        return []
    for mission in hosted:
        mission.export_url = reverse("roadmap:mission_export", args=[mission.pk])
    return [("roadmap/includes/member_area_missions.html", {"missions": hosted})]


@hooks.register("register_network_charts")
def roadmap_charts(request, *, public):
    """Average progress of the actions of each axis (dropped actions left out)."""
    axes = list(
        Axis.objects.filter(locale__language_code=default_language())
        .annotate(
            progress=Avg("actions__progress", filter=~Q(actions__status=Action.Status.DROPPED)),
            count=Count("actions", filter=~Q(actions__status=Action.Status.DROPPED)),
        )
        .order_by("sort_order", "pk")
    )
    apply_translations(axes, get_language())
    return [
        Chart(
            key="roadmap-progress",
            title=_("Roadmap progress by axis"),
            description=_("average progress of each axis' actions"),
            rows=[
                (
                    getattr(axis, "display_title", axis.title),
                    round(axis.progress) if axis.progress is not None else None,
                )
                for axis in axes
            ],
            unit=" %",
            max_value=100,
            label_heading=_("Axis"),
            value_heading=_("Progress"),
        )
    ]


# --- The page cache (home/page_cache.py): what public pages show ------------------------


@hooks.register("register_public_models")
def public_models():
    """The roadmap, its actions, proposals, calls, ideas, missions and the bodies' agenda."""
    return [
        "roadmap.Axis",
        "roadmap.Action",
        "roadmap.ActionUpdate",
        "roadmap.Proposal",
        "roadmap.Commitment",
        "roadmap.ParticipationSettings",
        "roadmap.AgendaItem",
        "roadmap.Call",
        "roadmap.Idea",
        "roadmap.Mission",
    ]


@hooks.register("register_public_figures")
def public_figures():
    """Residents' supports and volunteering change public counts: the page cache forgets
    its pages once, after the commit."""
    return ["roadmap.Support", "roadmap.IdeaSupport", "roadmap.Volunteer"]
