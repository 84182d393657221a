"""Admin of practices and of the competency framework (one snippet group), the review
buttons, log actions, a dashboard panel, and the sections this app adds to a member's
profile, to the member area and to the directory's map."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from home.choosers import one_language_chooser
from members.queries import search_words

from . import admin_views
from .models import Competency, Domain, Practice, PracticeIndexPage
from .personal_data import PracticesPersonalData
from .queries import localize_practices, member_practices, practice_points, published_practices

REVIEW_BUTTONS = {
    Practice.Status.SUBMITTED: [("publish", _("Publish")), ("return", _("Send back")), ("decline", _("Decline"))],
    Practice.Status.RETURNED: [("decline", _("Decline"))],
    Practice.Status.PUBLISHED: [("unpublish", _("Unpublish"))],
}


class PracticeFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("status"), choices=Practice.Status.choices)

    class Meta:
        model = Practice
        fields = ["status", "locale"]


class PracticeIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = []
        if self.request.user.has_perm("practices.review_practice") and instance.locale.language_code == "fr":
            for name, label in REVIEW_BUTTONS.get(instance.status, []):
                buttons.append(
                    ListingButton(
                        label, url=reverse(f"wagtailsnippets_practices_practice:{name}", args=[instance.pk]), priority=5
                    )
                )
        return buttons + list(super().get_list_more_buttons(instance))


class PracticeViewSet(SnippetViewSet):
    model = Practice
    chooser_viewset_class = one_language_chooser(["title"])
    icon = "doc-full"
    menu_label = _("Practices")
    index_view_class = PracticeIndexView
    list_display = ["title", "member", "status", "locale", "submitted_at", "published_at"]
    filterset_class = PracticeFilterSet
    search_fields = ["title", "summary", "what_was_done"]
    list_export = ["title", "member", "status", "commune", "summary", "submitted_at", "published_at"]
    export_filename = "practices"
    copy_view_enabled = False

    def get_queryset(self, request):
        return Practice.objects.select_related("member", "locale")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("publish/<int:pk>/", admin_views.PublishPracticeView.as_view(), name="publish"),
            path("return/<int:pk>/", admin_views.ReturnPracticeView.as_view(), name="return"),
            path("decline/<int:pk>/", admin_views.DeclinePracticeView.as_view(), name="decline"),
            path("unpublish/<int:pk>/", admin_views.UnpublishPracticeView.as_view(), name="unpublish"),
        ]


class DomainViewSet(SnippetViewSet):
    model = Domain
    chooser_viewset_class = one_language_chooser(["name"])
    icon = "folder-open-inverse"
    menu_label = _("Competency domains")
    list_display = ["name", "sort_order", "locale"]
    search_fields = ["name"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    chooser_viewset_class = one_language_chooser(["name", "domain__name"])
    icon = "tag"
    menu_label = _("Competencies")
    list_display = ["name", "domain", "locale"]
    list_filter = ["domain", "locale"]
    search_fields = ["name", "description"]
    list_export = ["name", "domain", "description", "levels", "locale"]
    export_filename = "competencies"


class PracticesGroup(SnippetViewSetGroup):
    menu_label = _("Practices")
    menu_icon = "doc-full"
    menu_order = 230
    items = (PracticeViewSet, DomainViewSet, CompetencyViewSet)


register_snippet(PracticesGroup)


@hooks.register("register_log_actions")
def register_practice_log_actions(actions):
    actions.register_action("practices.submit", _("Submit"), _("Submitted by the member"))
    actions.register_action("practices.published", _("Publish"), _("Published by staff"))
    actions.register_action("practices.returned", _("Send back"), _("Sent back for changes"))
    actions.register_action("practices.declined", _("Decline"), _("Declined"))


class PracticesToReviewPanel(Component):
    name = "practices_to_review"
    template_name = "practices/admin/review_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        waiting = Practice.objects.in_default_locale().filter(status=Practice.Status.SUBMITTED)
        return {
            "practices": list(waiting.select_related("member").order_by("submitted_at")[:10]),
            "total": waiting.count(),
            "index_url": reverse("wagtailsnippets_practices_practice:list"),
        }


@hooks.register("construct_homepage_panels")
def add_practices_panel(request, panels):
    if request.user.has_perm("practices.review_practice"):
        panels.append(PracticesToReviewPanel())


# --- The public site's extension points --------------------------------------------------


@hooks.register("register_member_profile_sections")
def member_practices_profile(request, member):

    practices = member_practices(member)
    if not practices:
        return []
    return [("practices/includes/member_profile_section.html", {"practices": practices})]


@hooks.register("register_member_area_sections")
def member_practices_area(request, member):
    counts = {
        row["status"]: row["total"]
        for row in Practice.objects.filter(member=member)
        .in_default_locale()
        .values("status")
        .annotate(total=Count("pk"))
    }
    return [
        (
            "practices/includes/member_area_section.html",
            {"counts": counts, "list_url": reverse("practices:area_list"), "add_url": reverse("practices:area_add")},
        )
    ]


@hooks.register("register_directory_map_layers")
def practices_on_the_map():
    """Communes where published practices took place, as numbered squares linking to the
    library filtered on that commune."""

    url = PracticeIndexPage.url_for_active_locale()
    if not url:
        return {}
    return {
        "points": [
            {
                "insee_code": code,
                "count": count,
                "label": ngettext("%(count)s practice in %(commune)s", "%(count)s practices in %(commune)s", count)
                % {"count": count, "commune": name},
                "url": f"{url}?territory={code}#results",
            }
            for code, name, count in practice_points()
        ]
    }


@hooks.register("register_site_search")
def search_practices(request, query):
    """Published practices whose title, summary or text hold every word (accents ignored)."""

    _query, words = search_words(query)
    if not words:
        return []
    practices = published_practices()
    for word in words:
        practices = practices.filter(search_text__contains=word)
    # Titles and addresses only: no themes or competencies to read.
    found = localize_practices(practices.order_by("-published_at")[:10], tags=False)
    if not found:
        return []
    return [{"title": _("Practices"), "items": [{"title": p.display.title, "url": p.url} for p in found]}]


# --- The page cache (home/page_cache.py): what public pages show ------------------------


@hooks.register("register_public_models")
def public_models():
    return ["practices.Domain", "practices.Competency", "practices.Practice"]


@hooks.register("register_personal_data")
def practices_personal_data():
    return PracticesPersonalData()
