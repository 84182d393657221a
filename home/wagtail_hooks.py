from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
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


class ResourceViewSet(SnippetViewSet):
    model = Resource
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
