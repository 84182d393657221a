from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, DateFromToRangeFilter
from post_office.models import STATUS, Email
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import IndexView as ModelIndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views, emails
from .charts import Chart, network_charts
from .choosers import one_language_chooser
from .contributions import LOG_ACTIONS
from .emails import outbox_figures
from .exports import StaffExportMixin
from .models import ContentReport, GovernanceBody, NetworkFiguresPage, Resource, Theme
from .personal_data import OutboxPersonalData


class ThemeViewSet(SnippetViewSet):
    model = Theme
    chooser_viewset_class = one_language_chooser(["name"])
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class GovernanceBodyViewSet(SnippetViewSet):
    model = GovernanceBody
    chooser_viewset_class = one_language_chooser(["name"])
    icon = "group"
    menu_label = _("Governance bodies")
    list_display = ["name", "meets"]
    search_fields = ["name"]


class ResourceIndexView(StaffExportMixin, IndexView):
    pass


class ResourceViewSet(SnippetViewSet):
    model = Resource
    chooser_viewset_class = one_language_chooser(["title", "theme__name"])
    index_view_class = ResourceIndexView
    icon = "doc-full"
    menu_label = _("Resources")
    list_display = ["title", "theme", "published_on"]
    list_filter = ["theme"]
    search_fields = ["title", "description"]
    list_export = ["title", "theme", "url", "published_on"]
    export_filename = "resources"


class ContentReportIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.outcome == ContentReport.Outcome.OPEN:
            buttons += [
                ListingButton(
                    _("Hide the content"),
                    url=reverse("wagtailsnippets_home_contentreport:hide", args=[instance.pk]),
                    icon_name="cross",
                    priority=1,
                ),
                ListingButton(
                    _("Keep the content"),
                    url=reverse("wagtailsnippets_home_contentreport:keep", args=[instance.pk]),
                    icon_name="check",
                    priority=2,
                ),
            ]
        return buttons


class ContentReportViewSet(SnippetViewSet):
    """The staff's queue of "report this content" (home.contributions)."""

    model = ContentReport
    icon = "warning"
    menu_label = _("Content reports")
    index_view_class = ContentReportIndexView
    list_display = ["content_title", "kind", "outcome", "created_at"]
    list_filter = ["outcome", "kind"]
    search_fields = ["content_title", "reason"]
    list_export = ["content_title", "kind", "object_id", "reason", "outcome", "created_at", "handled_at"]
    export_filename = "content-reports"
    form_fields = ["reason"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("hide/<int:pk>/", admin_views.HideReportedView.as_view(), name="hide"),
            path("keep/<int:pk>/", admin_views.KeepReportedView.as_view(), name="keep"),
        ]


class NetworkContentGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "site"
    menu_order = 200
    items = (GovernanceBodyViewSet, ResourceViewSet, ThemeViewSet, ContentReportViewSet)


register_snippet(NetworkContentGroup)


@hooks.register("register_admin_urls")
def home_admin_urls():
    patterns = [path("personal-data/", admin_views.PersonalDataView.as_view(), name="personal_data")]
    return [path("network/", include((patterns, "home_admin"), namespace="home_admin"))]


@hooks.register("register_permissions")
def personal_data_permission():
    return Permission.objects.filter(content_type__app_label="home", codename="manage_personal_data")


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_personal_data(request.user)


@hooks.register("register_settings_menu_item")
def personal_data_menu_item():
    return PersonalDataMenuItem(
        _("Personal data (RGPD)"), reverse("home_admin:personal_data"), icon_name="user", order=900
    )


@hooks.register("register_log_actions")
def contribution_log_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


# --- The e-mail outbox (home/emails.py): pending and failed e-mails, resend ------------


class OutboxFilterSet(WagtailFilterSet):
    STATES = {
        "waiting": [STATUS.queued, STATUS.requeued],
        "failed": [STATUS.failed],
        "sent": [STATUS.sent],
    }
    state = ChoiceFilter(
        label=_("state"),
        choices=[("waiting", _("waiting to be sent")), ("failed", _("failed")), ("sent", _("sent"))],
        method="filter_state",
    )
    created = DateFromToRangeFilter(label=_("queued between"), widget=DateRangePickerWidget)

    class Meta:
        model = Email
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.filter(status__in=self.STATES[value])


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Staff read the outbox and resend; nobody writes or deletes an e-mail by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "copy"):
            return False
        if action in ("view", "inspect"):
            return user.has_perm("post_office.view_email") or user.has_perm("post_office.change_email")
        return super().user_has_permission(user, action)


register_permission_policy(Email, OutboxPermissionPolicy(Email), exact_class=True)


class OutboxIndexView(ModelIndexView):
    def get_list_buttons(self, instance):
        buttons = list(super().get_list_buttons(instance))
        if instance.status != STATUS.sent and self.request.user.has_perm("post_office.change_email"):
            buttons.insert(0, ListingButton(_("Resend"), url=reverse("outbox:resend", args=[instance.pk]), priority=5))
        return buttons


class OutboxViewSet(ModelViewSet):
    model = Email
    name = "outbox"
    url_prefix = "outbox"
    icon = "mail"
    menu_label = _("E-mails")
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = OutboxIndexView
    list_display = ["__str__", "subject", "status", "number_of_retries", "created", "scheduled_time"]
    list_per_page = 50
    ordering = ["-created"]
    filterset_class = OutboxFilterSet
    search_fields = ["to", "subject"]
    inspect_view_enabled = True
    inspect_view_fields = ["to", "subject", "status", "number_of_retries", "created", "scheduled_time", "message"]
    copy_view_enabled = False
    form_fields = ["status"]
    list_export = ["to", "subject", "status", "number_of_retries", "created", "scheduled_time"]
    export_filename = "outbox"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/resend/", admin_views.ResendEmailView.as_view(), name="resend"),
        ]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()


@hooks.register("register_admin_urls")
def outbox_admin_urls():
    return [path("outbox-resend-failed/", admin_views.ResendFailedEmailsView.as_view(), name="outbox_resend_failed")]


@hooks.register("register_permissions")
def outbox_permissions():
    return Permission.objects.filter(content_type__app_label="post_office", codename__in=["view_email", "change_email"])


class OutboxPanel(Component):
    """Warns the staff when e-mails have failed, or wait for too long."""

    name = "outbox_failures"
    template_name = "home/admin/outbox_panel.html"
    order = 50

    def __init__(self, figures):
        self.figures = figures

    def get_context_data(self, parent_context):
        return {"figures": self.figures, "request": parent_context["request"]}


@hooks.register("construct_homepage_panels")
def add_outbox_panel(request, panels):
    if request.user.has_perm("post_office.view_email") or request.user.has_perm("post_office.change_email"):
        figures = outbox_figures()
        if figures["failed"] or figures["overdue"]:
            panels.append(OutboxPanel(figures))


@hooks.register("register_personal_data")
def outbox_personal_data():
    return OutboxPersonalData()


# --- Publishing that publishes --------------------------------------------------------


def _is_background_save(request):
    """Wagtail's autosave posts the editor form and asks for JSON; a person's click asks
    for HTML."""
    return request.method == "POST" and not request.accepts("text/html")


@hooks.register("before_create_page")
def refuse_background_page_creation(request, parent_page, page_class):
    """Autosave is disabled (settings.WAGTAIL_AUTOSAVE_INTERVAL = 0); a background save
    still in flight from an old tab must not create a page: an abandoned "new page" form
    leaves nothing behind."""
    if _is_background_save(request):
        return JsonResponse(
            {"success": False, "error_code": "autosave_disabled", "error_message": str(AUTOSAVE_OFF)},
            status=400,
        )
    return None


@hooks.register("before_edit_page")
def guard_page_editing(request, page):
    """Two late POSTs could undo a publication (wagtail/wagtail PR #14460):
    - a background save (autosave, disabled here) would save the old form over the page a
      workflow has just published: refused;
    - a second "Approve" POST (double click, network retry) arrives after the workflow has
      ended: `current_workflow_task` is None and Wagtail would first save the stale form
      (unpublishing the page's latest state) then fail with a 500. It is answered with the
      edit page and a message, and nothing is saved."""
    if _is_background_save(request):
        return JsonResponse(
            {"success": False, "error_code": "autosave_disabled", "error_message": str(AUTOSAVE_OFF)},
            status=400,
        )
    if request.method == "POST" and request.POST.get("action-workflow-action"):
        fresh = type(page).objects.get(pk=page.pk) if page.pk else page
        if fresh.current_workflow_task is None:
            messages.info(request, _("This page's moderation had already ended: nothing was changed."))
            return redirect("wagtailadmin_pages:edit", page.pk)
    return None


AUTOSAVE_OFF = _("Automatic saving is disabled: use the Save draft button.")


# --- The network in charts --------------------------------------------------------------


class NetworkChartsPanel(Component):
    """The staff dashboard's charts (home/charts.py), the public ones and the staff-only
    e-mail figures."""

    name = "network_charts"
    order = 60
    template_name = "home/admin/network_charts_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        page = NetworkFiguresPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        return {"charts": network_charts(self.request, public=False), "public_url": page.url if page else ""}


@hooks.register("construct_homepage_panels")
def add_network_charts_panel(request, panels):
    panels.append(NetworkChartsPanel(request))


@hooks.register("register_network_charts")
def email_charts(request, *, public):
    """E-mails waiting or failed, for staff only. SLOT: the durable outbox comes with issue
    10 (home.emails); until it is merged there is nothing to count, and the chart says so."""
    counts = getattr(emails, "outbox_counts", None)
    if counts is None:
        return [
            Chart(
                key="emails",
                title=_("E-mails waiting or failed"),
                rows=[],
                public=False,
                empty_text=_("The e-mail outbox is not installed yet: its figures will show here."),
            )
        ]
    figures = counts()
    return [
        Chart(
            key="emails",
            title=_("E-mails waiting or failed"),
            rows=[(_("waiting to be sent"), figures.get("pending", 0)), (_("failed"), figures.get("failed", 0))],
            public=False,
            label_heading=_("E-mails"),
            value_heading=_("Number"),
        )
    ]


@hooks.register("insert_global_admin_js")
def french_admin_fixes():
    """wagtail-localize's untranslatable strings, rewritten in the French admin."""
    return format_html('<script src="{}"></script>', static("js/admin-french.js"))


@hooks.register("insert_global_admin_css")
def project_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# --- The page cache (home/page_cache.py): what public pages show ------------------------


@hooks.register("register_public_models")
def public_models():
    """Saves and deletes of these models change what visitors see (pages go through
    Wagtail's publishing signals)."""
    return [
        "wagtailcore.Site",
        "wagtailcore.Locale",
        "wagtailcore.PageViewRestriction",
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        "wagtaildocs.Document",
        "home.Theme",
        "home.GovernanceBody",
        "home.GovernanceBodySeat",
        "home.Resource",
        "home.NetworkSettings",
        "home.FooterLink",
        "home.SocialLink",
    ]
