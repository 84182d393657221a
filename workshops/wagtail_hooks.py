from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import layout

from . import admin_views
from .figures import upcoming_with_rates
from .models import EventIndexPage, EventPage, Registration

# --- Admin ------------------------------------------------------------------------------


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """Registrations are created by residents and change state through the rules
    (cancel, check-in buttons): staff may not add or delete them directly."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        actions = [action for action in actions if action not in {"add", "delete"}]
        return bool(actions) and super().user_has_any_permission(user, actions)


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "user"
    menu_label = _("Registrations")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["name", "email", "event", "status", "party_size", "attended", "created_at"]
    list_filter = ["event", "status", "activities", "attended"]
    search_fields = ["name", "email"]
    list_export = [
        "event",
        "name",
        "email",
        "commune",
        "party_size",
        "status",
        "attended",
        "needs",
        "language",
        "created_at",
        "offer_expires_at",
        "cancelled_at",
    ]
    export_filename = "registrations"
    form_fields = ["name", "email", "commune", "needs"]
    inspect_view_enabled = True


register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))
register_snippet(RegistrationViewSet)


@hooks.register("register_admin_urls")
def workshops_admin_urls():
    patterns = [
        path("events/<int:pk>/", admin_views.event_registrations, name="event"),
        path("registrations/<int:pk>/attended/", admin_views.mark_attended, name="attended"),
        path("registrations/<int:pk>/cancel/", admin_views.cancel_registration, name="cancel"),
    ]
    return [path("workshops/", include((patterns, "workshops_admin"), namespace="workshops_admin"))]


def _registrations_button(page, user):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("workshops.change_registration"):
        return Button(
            _("Registrations"),
            url=reverse("workshops_admin:event", args=[page.pk]),
            icon_name="user",
            priority=5,
        )
    return None


@hooks.register("register_page_listing_more_buttons")
def registrations_listing_button(page, user, next_url=None):
    button = _registrations_button(page, user)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def registrations_header_button(page, user, view_name, next_url=None):
    button = _registrations_button(page, user)
    if button:
        yield button


class UpcomingEventsPanel(Component):
    name = "workshops_upcoming_events"
    order = 150
    template_name = "workshops/admin/upcoming_panel.html"

    def get_context_data(self, parent_context=None):
        return {"rows": upcoming_with_rates()}


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    if request.user.has_perm("workshops.change_registration"):
        panels.append(UpcomingEventsPanel())


# --- The public site's extension points ---------------------------------------------------


def _upcoming(request):
    """Live, public upcoming events in the visitor's language."""
    return (
        EventPage.objects.live()
        .public()
        .filter(locale=layout.active_locale(), end__gt=timezone.now(), cancelled=False)
        .select_related("commune")
        .defer("commune__contour")
        .prefetch_related("themes")
        .order_by("start", "pk")
    )


def _agenda_url(request):
    def build():
        index = EventIndexPage.objects.live().filter(locale=layout.active_locale()).first()
        return (index.get_url(request) or "") if index else ""

    return layout.shared(f"agenda-url:{get_language()}", build) or None


@hooks.register("register_home_key_figures")
def home_key_figures(request, home_page):
    count = _upcoming(request).filter(kind=EventPage.Kind.CITIZEN_DAY).count()
    return [
        {
            "value": count,
            "label": ngettext("upcoming citizen day", "upcoming citizen days", count),
            "url": _agenda_url(request),
        }
    ]


@hooks.register("register_home_sections")
def home_next_events(request, home_page):
    events = list(_upcoming(request)[:3])
    if not events:
        return []
    return [("workshops/home_section.html", {"events": events, "agenda_url": _agenda_url(request)})]


@hooks.register("register_site_search")
def search_events(request, query):
    from django.db.models import Q

    events = _upcoming(request).filter(
        Q(title__icontains=query) | Q(intro__icontains=query) | Q(commune__name__icontains=query)
    )[:10]
    items = [{"title": event.title, "url": event.get_url(request)} for event in events]
    return [{"title": _("Events"), "items": items}] if items else []


@hooks.register("register_member_profile_sections")
def member_hosted_events(request, member):
    events = list(_upcoming(request).filter(host_members=member)[:10])
    if not events:
        return []
    return [("workshops/member_section.html", {"events": events})]


@hooks.register("register_member_area_sections")
def member_area_events(request, member):
    """The events the structure hosts, and the remote workshops its representatives
    registered for (matched on their accounts' e-mail addresses)."""
    from members.models import Representative

    hosted = list(_upcoming(request).filter(host_members=member)[:10])
    emails = Representative.objects.filter(member=member).exclude(user__email="").values("user__email")
    registrations = list(
        Registration.objects.active()
        .filter(
            email__in=emails,
            event__kind=EventPage.Kind.REMOTE_WORKSHOP,
            event__end__gt=timezone.now(),
        )
        .select_related("event")
        .order_by("event__start")[:10]
    )
    return [
        (
            "workshops/member_area_section.html",
            {"events": hosted, "registrations": registrations},
        )
    ]


@hooks.register("register_personal_links")
def workshops_personal_links(email, language):
    from .registration import personal_links

    return personal_links(email, language=language)


@hooks.register("register_personal_data")
def workshops_personal_data():
    from .personal_data import RegistrationsPersonalData

    return RegistrationsPersonalData()
