from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import ContentReport, GovernanceBody, Resource, Theme


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


class ResourceViewSet(SnippetViewSet):
    model = Resource
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


@hooks.register("register_log_actions")
def contribution_log_actions(actions):
    from .contributions import LOG_ACTIONS

    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)
