from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .exports import StaffExportMixin
from .models import GovernanceBody, Resource, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class GovernanceBodyViewSet(SnippetViewSet):
    model = GovernanceBody
    icon = "group"
    menu_label = _("Governance bodies")
    list_display = ["name", "meets"]
    search_fields = ["name"]


class ResourceIndexView(StaffExportMixin, IndexView):
    pass


class ResourceViewSet(SnippetViewSet):
    model = Resource
    index_view_class = ResourceIndexView
    icon = "doc-full"
    menu_label = _("Resources")
    list_display = ["title", "theme", "published_on"]
    list_filter = ["theme"]
    search_fields = ["title", "description"]
    list_export = ["title", "theme", "url", "published_on"]
    export_filename = "resources"


class NetworkContentGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "site"
    menu_order = 200
    items = (GovernanceBodyViewSet, ResourceViewSet, ThemeViewSet)


register_snippet(NetworkContentGroup)


@hooks.register("register_admin_urls")
def home_admin_urls():
    patterns = [path("personal-data/", admin_views.personal_data, name="personal_data")]
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
        from .charts import network_charts
        from .models import NetworkFiguresPage

        page = NetworkFiguresPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).first()
        return {"charts": network_charts(self.request, public=False), "public_url": page.url if page else ""}


@hooks.register("construct_homepage_panels")
def add_network_charts_panel(request, panels):
    panels.append(NetworkChartsPanel(request))


@hooks.register("register_network_charts")
def email_charts(request, *, public):
    """E-mails waiting or failed, for staff only. SLOT: the durable outbox comes with issue
    10 (home.emails); until it is merged there is nothing to count, and the chart says so."""
    from . import emails
    from .charts import Chart

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
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<script src="{}"></script>', static("js/admin-french.js"))


@hooks.register("insert_global_admin_css")
def project_admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
