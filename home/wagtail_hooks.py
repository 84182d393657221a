from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
