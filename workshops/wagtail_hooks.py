from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import ListingButton
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, InspectView, SnippetViewSet, SnippetViewSetGroup

from home import layout
from home.charts import Chart
from home.exports import StaffExportMixin, YesNoColumn
from home.privacy import PrivateFieldsIndexMixin, PrivateFieldsInspectMixin
from home.queries import public
from home.text_search import contains_words, matches
from members.models import Representative

from . import admin_views, services
from .availability import availability_for
from .figures import upcoming_with_rates
from .models import (
    AttendanceCertificate,
    DatePoll,
    EventIndexPage,
    EventPage,
    EventProposal,
    EventReportPage,
    Invitation,
    Registration,
)
from .network_views import member_polls, member_proposals
from .personal_data import RegistrationsPersonalData
from .queries import network_figures

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


REGISTRANT_FIELDS = ("name", "email", "commune", "needs")


class RegistrationIndexView(StaffExportMixin, PrivateFieldsIndexMixin, IndexView):
    # Who registered is for the staff who run events and the data-protection officers.
    private_fields = REGISTRANT_FIELDS

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "commune").prefetch_related("activities")


class RegistrationInspectView(PrivateFieldsInspectMixin, InspectView):
    private_fields = REGISTRANT_FIELDS


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    icon = "user"
    menu_label = _("Registrations")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "name",
        "email",
        "event",
        "status",
        "role",
        "party_size",
        YesNoColumn("attended", label=_("attended")),
        "created_at",
    ]
    list_filter = ["event", "status", "role", "activities", "attended"]
    search_fields = ["name", "email"]
    # Staff exports (home/exports.py): words, yes/no, local time to the minute, the
    # activities (workshops of a citizen day) and the accessibility needs of each person.
    list_export = [
        "event",
        "activities",
        "name",
        "email",
        "commune",
        "party_size",
        "status",
        "role",
        "attendance",
        "organisation",
        "sector",
        "listed_in_report",
        "attended",
        "needs",
        "language",
        "created_at",
        "offer_expires_at",
        "cancelled_at",
    ]
    export_headings = {"needs": _("Accessibility needs or remarks")}
    export_filename = "registrations"
    form_fields = ["name", "email", "commune", "needs"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("event/<int:pk>/", admin_views.EventRegistrationsView.as_view(), name="event"),
            path("attended/<int:pk>/", admin_views.MarkAttendedView.as_view(), name="attended"),
            path("cancel/<int:pk>/", admin_views.CancelRegistrationView.as_view(), name="cancel"),
        ]


register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))
register_snippet(RegistrationViewSet)


def _registrations_button(page, user):
    if isinstance(page.specific_deferred, EventPage) and user.has_perm("workshops.change_registration"):
        return Button(
            _("Registrations"),
            url=reverse("wagtailsnippets_workshops_registration:event", args=[page.pk]),
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
        public(EventPage.objects.live())
        .filter(locale=layout.active_locale(), end__gt=timezone.now(), cancelled=False)
        .select_related("commune", "locale")
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
    url = _agenda_url(request)
    figures = [
        {
            "value": count,
            "label": ngettext("upcoming citizen day", "upcoming citizen days", count),
            "url": url,
        }
    ]
    life = layout.shared("workshops-network-figures", network_figures)
    labels = [
        ("meetings", lambda n: ngettext("network meeting held", "network meetings held", n)),
        ("trainings", lambda n: ngettext("training given", "trainings given", n)),
        ("observers", lambda n: ngettext("citizen observer welcomed", "citizen observers welcomed", n)),
        ("host_communes", lambda n: ngettext("host commune", "host communes", n)),
        ("trained", lambda n: ngettext("person trained", "people trained", n)),
    ]
    for key, label in labels:
        if life[key]:
            figures.append({"value": life[key], "label": label(life[key]), "url": url})
    return figures


@hooks.register("register_home_sections")
def home_next_events(request, home_page):
    events = list(_upcoming(request)[:3])
    if not events:
        return []
    seats = availability_for(events)
    for event in events:
        event.availability = seats[event.pk]
    return [("workshops/home_section.html", {"events": events, "agenda_url": _agenda_url(request)})]


@hooks.register("register_site_search")
def search_events(request, query):
    # A title and a link each (the URL is built from `url_path`): not the commune, locale
    # and themes that `_upcoming` reads for the event cards.
    events = (
        _upcoming(request)
        .select_related(None)
        .prefetch_related(None)
        .filter(contains_words(query))
        .only("title", "url_path")[:10]
    )
    items = [{"title": event.title, "url": event.get_url(request)} for event in events]
    sections = [{"title": _("Events"), "items": items}] if items else []
    reports = (
        public(EventReportPage.objects.live())
        .filter(locale=layout.active_locale())
        .filter(matches(query, "title", "summary", "decisions"))
        .only("title", "url_path")
        .order_by("-first_published_at")[:10]
    )
    report_items = [{"title": report.title, "url": report.get_url(request)} for report in reports]
    if report_items:
        sections.append({"title": _("Event reports"), "items": report_items})
    return sections


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
            {
                "events": hosted,
                "registrations": registrations,
                "proposals": member_proposals(member),
                "polls": member_polls(member),
                "propose_url": reverse("workshops:propose_event"),
                "poll_url": reverse("workshops:member_poll"),
            },
        )
    ]


@hooks.register("register_personal_links")
def workshops_personal_links(email, language):
    return services.personal_links(email, language=language)


@hooks.register("register_personal_data")
def workshops_personal_data():
    return RegistrationsPersonalData()


# --- Network life: invitations, date polls, proposals, certificates ---------------------------


class InvitationViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    list_display = ["name", "email", "event", "role", "status", "expires_at"]
    list_filter = ["status", "role", "event"]
    search_fields = ["name", "email"]
    list_export = ["event", "name", "email", "role", "attendance", "status", "expires_at", "created_at"]
    export_filename = "invitations"
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("event/<int:pk>/", admin_views.EventInvitationsView.as_view(), name="event"),
            path("revoke/<int:pk>/", admin_views.RevokeInvitationView.as_view(), name="revoke"),
        ]


class DatePollIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Answers and invitations"),
                url=reverse("wagtailsnippets_workshops_datepoll:answers", args=[instance.pk]),
                icon_name="mail",
                attrs={"aria-label": _("Answers and invitations of “%(title)s”") % {"title": instance.title}},
                priority=1,
            )
        )
        if instance.is_open:
            buttons.append(
                ListingButton(
                    _("Close on a slot"),
                    url=reverse("wagtailsnippets_workshops_datepoll:close", args=[instance.pk]),
                    icon_name="check",
                    attrs={"aria-label": _("Close “%(title)s” on a slot") % {"title": instance.title}},
                    priority=2,
                )
            )
        return buttons


class DatePollViewSet(SnippetViewSet):
    model = DatePoll
    icon = "date"
    menu_label = _("Date polls")
    index_view_class = DatePollIndexView
    list_display = ["title", "kind", "host_member", "is_public", "status", "created_at"]
    list_filter = ["status", "kind", "is_public"]
    search_fields = ["title"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("answers/<int:pk>/", admin_views.PollInviteView.as_view(), name="answers"),
            path("close/<int:pk>/", admin_views.ClosePollView.as_view(), name="close"),
        ]


class EventProposalIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_pending:
            buttons += [
                ListingButton(
                    _("Accept"),
                    url=reverse("wagtailsnippets_workshops_eventproposal:accept", args=[instance.pk]),
                    icon_name="check",
                    attrs={"aria-label": _("Accept “%(title)s”") % {"title": instance.title}},
                    priority=1,
                ),
                ListingButton(
                    _("Decline"),
                    url=reverse("wagtailsnippets_workshops_eventproposal:decline", args=[instance.pk]),
                    icon_name="cross",
                    attrs={"aria-label": _("Decline “%(title)s”") % {"title": instance.title}},
                    priority=2,
                ),
            ]
        return buttons


class EventProposalViewSet(SnippetViewSet):
    model = EventProposal
    icon = "help"
    menu_label = _("Event proposals")
    index_view_class = EventProposalIndexView
    list_display = ["title", "member", "kind", "start", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "description"]
    list_export = ["title", "member", "kind", "start", "end", "place_name", "status", "decline_reason", "created_at"]
    export_filename = "event-proposals"
    form_fields = ["title", "description", "kind", "start", "end", "place_name", "commune"]
    inspect_view_enabled = True

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("accept/<int:pk>/", admin_views.AcceptProposalView.as_view(), name="accept"),
            path("decline/<int:pk>/", admin_views.DeclineProposalView.as_view(), name="decline"),
        ]


class CertificateViewSet(SnippetViewSet):
    model = AttendanceCertificate
    icon = "doc-full"
    menu_label = _("Attendance certificates")
    list_display = ["code", "holder_name", "event_title", "start", "issued_at"]
    list_filter = ["event_kind"]
    search_fields = ["code", "holder_name", "event_title"]
    list_export = ["code", "holder_name", "event_title", "event_kind", "start", "end", "issued_at"]
    export_filename = "attendance-certificates"
    inspect_view_enabled = True


class NetworkLifeGroup(SnippetViewSetGroup):
    menu_label = _("Network life")
    menu_icon = "group"
    menu_order = 231
    items = (DatePollViewSet, InvitationViewSet, EventProposalViewSet, CertificateViewSet)


for _model in (Invitation, AttendanceCertificate):
    register_permission_policy(_model, RegistrationPermissionPolicy(_model))
register_snippet(NetworkLifeGroup)


@hooks.register("register_log_actions")
def register_network_log_actions(actions):
    for action, label in [
        ("workshops.invitation_sent", _("Invitation sent")),
        ("workshops.invitation_revoked", _("Invitation revoked")),
        ("workshops.invitation_accepted", _("Invitation accepted")),
        ("workshops.poll_created", _("Date poll created")),
        ("workshops.poll_invited", _("Invited to the date poll")),
        ("workshops.poll_closed", _("Date poll closed")),
        ("workshops.certificate_issued", _("Attendance certificate issued")),
        ("workshops.proposal_submitted", _("Event proposed")),
        ("workshops.proposal_accepted", _("Event proposal accepted")),
        ("workshops.proposal_declined", _("Event proposal declined")),
        ("workshops.registration_confirmed", _("Registration confirmed")),
        ("workshops.registration_waitlisted", _("Registration on the waiting list")),
        ("workshops.registration_cancelled", _("Registration cancelled")),
        ("workshops.registration_party_reduced", _("Party reduced")),
        ("workshops.registration_offered", _("Seats offered from the waiting list")),
        ("workshops.registration_offer_accepted", _("Offer accepted")),
        ("workshops.registration_offer_expired", _("Offer expired")),
        ("workshops.registration_attended", _("Marked as present")),
        ("workshops.registration_not_attended", _("Marked as absent")),
    ]:
        actions.register_action(action, label, label)


class ProposalsWaitingPanel(Component):
    name = "workshops_proposals_waiting"
    order = 151
    template_name = "workshops/admin/proposals_panel.html"

    def get_context_data(self, parent_context=None):
        return {
            "proposals": list(
                EventProposal.objects.filter(status=EventProposal.Status.PENDING).select_related("member")[:10]
            ),
            "list_url": reverse("wagtailsnippets_workshops_eventproposal:list"),
        }


@hooks.register("construct_homepage_panels")
def add_proposals_panel(request, panels):
    if request.user.has_perm("workshops.change_eventproposal"):
        panels.append(ProposalsWaitingPanel())


@hooks.register("register_network_charts")
def workshops_charts(request, *, public):
    """Registrations per week over the last twelve weeks; fill rate of the upcoming events."""
    today = timezone.localdate()
    first_week = today - timedelta(days=today.weekday() + 7 * 11)
    counts = {
        row["week"].date() if hasattr(row["week"], "date") else row["week"]: row["count"]
        for row in Registration.objects.filter(created_at__date__gte=first_week)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by()
    }
    weeks = [first_week + timedelta(weeks=index) for index in range(12)]
    over_time = Chart(
        key="registrations-over-time",
        title=_("Registrations per week"),
        description=_("the last twelve weeks, by week of registration"),
        kind="columns",
        rows=[(formats.date_format(week, "d/m"), counts.get(week, 0)) for week in weeks],
        label_heading=_("Week of"),
        value_heading=_("Registrations"),
    )
    rows = upcoming_with_rates(limit=10)
    fill = Chart(
        key="fill-rate",
        title=_("Fill rate of the upcoming events"),
        description=_("seats taken out of seats offered"),
        rows=[
            (
                f"{row['event'].title} ({formats.date_format(timezone.localtime(row['event'].start), 'd/m')})",
                row["rate"],
            )
            for row in rows
        ],
        unit=" %",
        max_value=100,
        label_heading=_("Event"),
        value_heading=_("Fill rate"),
        empty_text=_("No upcoming events."),
    )
    return [over_time, fill]


# --- The page cache (home/page_cache.py): what public pages show ------------------------


@hooks.register("register_public_models")
def public_models():
    """An event's activities (their seats and hosts) are shown on the agenda and the event."""
    return ["workshops.Activity"]


@hooks.register("register_public_figures")
def public_figures():
    """Seats taken or held for an invited guest: a change forgets the cached pages once,
    after the commit, never inside the event's lock."""
    return ["workshops.Registration", "workshops.Invitation"]
