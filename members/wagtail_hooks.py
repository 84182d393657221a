"""Admin (moderation viewsets, dashboard panel) and the site's extension points: home key
figures and sections, site search.

Admin and extension points of people, relayed messages and alliances (imported by
members/wagtail_hooks.py): snippets, log actions, the member-area and profile sections, the
alliances on the directory's map, and the RGPD source.
"""

from django.db.models import Count, Q
from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home import layout
from home.choosers import one_language_chooser
from home.exports import StaffExportMixin
from home.models import Theme
from home.privacy import PrivateFieldsIndexMixin, PrivateFieldsInspectMixin

from . import admin_views
from .models import Commune, Member
from .people import Alliance, Person, Sector


def french_themes(request):
    return Theme.objects.filter(locale__language_code="fr")


class MemberFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("status"), choices=Member.Status.choices)
    kind = ChoiceFilter(label=_("kind"), choices=Member.Kind.choices)
    theme = ModelChoiceFilter(label=_("theme"), queryset=french_themes, method="filter_theme")

    class Meta:
        model = Member
        fields = ["status", "kind"]

    def filter_theme(self, queryset, name, value):
        return queryset.filter(themes__translation_key=value.translation_key).distinct()


PRIVATE_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")


class MemberIndexView(StaffExportMixin, PrivateFieldsIndexMixin, IndexView):
    # The private contact person goes only to the staff who moderate members and to the
    # data-protection officers (home.privacy): not in the search, export or columns of others.
    private_fields = PRIVATE_FIELDS

    def get_list_buttons(self, instance):
        buttons = []
        for name, label in self.moderation_buttons(instance):
            buttons.append(ListingButton(label, url=reverse(f"members_member:{name}", args=[instance.pk]), priority=5))
        return buttons + super().get_list_buttons(instance)

    def moderation_buttons(self, instance):
        if not self.request.user.has_perm("members.change_member"):
            return []
        if instance.status == Member.Status.PENDING:
            return [("approve", _("Approve")), ("reject", _("Reject"))]
        if instance.status == Member.Status.APPROVED and instance.pending_changes:
            return [("apply_changes", _("Apply changes")), ("discard_changes", _("Decline changes"))]
        if instance.status == Member.Status.APPROVED:
            return [("resend_invitations", _("Send invitations again")), ("withdraw", _("Withdraw"))]
        if instance.status in (Member.Status.REJECTED, Member.Status.WITHDRAWN):
            return [("approve", _("Approve"))]
        return []


class MemberInspectView(PrivateFieldsInspectMixin, InspectView):
    private_fields = PRIVATE_FIELDS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Empty values (no logo, no pending change) are left out rather than shown as
        # "None" or "{}"; the pending changes have their own review page.
        self.fields = [
            f for f in self.fields if f != "pending_changes" and getattr(self.object, f, None) not in (None, "", {}, [])
        ]


class MemberViewSet(ModelViewSet):
    model = Member
    name = "members_member"
    url_prefix = "members"
    icon = "group"
    menu_label = _("Members")
    add_to_admin_menu = False
    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    list_display = ["name", "kind", "status", "seat_commune", "created_at"]
    filterset_class = MemberFilterSet
    search_fields = ["name", "description", "insee_code", "siren", "rna", "contact_name", "contact_email"]
    # The private contact person is exported only for moderators (see MemberIndexView).
    list_export = [
        "name", "kind", "status", "insee_code", "siren", "rna", "seat_commune", "address", "website",
        "public_email", "contact_name", "contact_role", "contact_email", "contact_phone",
        "charter_accepted_at", "created_at",
    ]  # fmt: skip
    export_filename = "members"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = [
        "kind", "name", "slug", "insee_code", "siren", "rna", "seat_commune", "address", "website",
        "description", "themes", "logo", "public_email", "contact_name", "contact_role", "contact_email",
        "contact_phone", "language",
    ]  # fmt: skip

    def get_queryset(self, request):
        return Member.objects.select_related("seat_commune")

    def get_form_class(self, for_update=False):
        from .forms import MemberAdminForm

        return modelform_factory(
            self.model, form=MemberAdminForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", admin_views.ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", admin_views.RejectView.as_view(), name="reject"),
            path("withdraw/<int:pk>/", admin_views.WithdrawView.as_view(), name="withdraw"),
            path(
                "resend-invitations/<int:pk>/",
                admin_views.ResendInvitationsView.as_view(),
                name="resend_invitations",
            ),
            path("apply-changes/<int:pk>/", admin_views.ApplyChangesView.as_view(), name="apply_changes"),
            path("discard-changes/<int:pk>/", admin_views.DiscardChangesView.as_view(), name="discard_changes"),
        ]


class CommuneIndexView(StaffExportMixin, IndexView):
    pass


class CommuneViewSet(ModelViewSet):
    model = Commune
    index_view_class = CommuneIndexView
    name = "members_commune"
    url_prefix = "members/communes"
    icon = "site"
    menu_label = _("Communes (reference data)")
    add_to_admin_menu = False
    list_display = ["name", "insee_code", "intercommunality", "population"]
    list_filter = ["intercommunality"]
    search_fields = ["name", "insee_code"]
    form_fields = ["insee_code", "name", "postal_codes", "population", "intercommunality"]
    list_export = ["insee_code", "name", "postal_codes", "population", "intercommunality"]
    export_filename = "communes"
    copy_view_enabled = False


class MembersGroup(ViewSetGroup):
    menu_label = _("Members")
    menu_icon = "group"
    menu_order = 210
    items = (MemberViewSet, CommuneViewSet)


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersGroup()


class PendingApplicationsPanel(Component):
    name = "pending_member_applications"
    template_name = "members/admin/pending_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        members = list(Member.objects.awaiting_moderation().select_related("seat_commune").order_by("created_at")[:10])
        return {
            "members": members,
            "total": Member.objects.awaiting_moderation().count(),
            "request": parent_context["request"],
        }


@hooks.register("construct_homepage_panels")
def add_pending_applications_panel(request, panels):
    if request.user.has_perm("members.change_member"):
        panels.append(PendingApplicationsPanel())


# --- The public site's extension points --------------------------------------------------


@hooks.register("register_home_key_figures")
def member_key_figures(request, home_page):
    counts = layout.shared(
        "member-counts",
        lambda: Member.objects.approved().aggregate(
            communes=Count("pk", filter=Q(kind=Member.Kind.COMMUNE)),
            associations=Count("pk", filter=Q(kind=Member.Kind.ASSOCIATION)),
        ),
    )
    from .models import DirectoryPage

    url = DirectoryPage.url_for_active_locale()
    return [
        {"value": counts["communes"], "label": _("member communes"), "url": f"{url}?kind=commune" if url else ""},
        {
            "value": counts["associations"],
            "label": _("member associations"),
            "url": f"{url}?kind=association" if url else "",
        },
    ]


@hooks.register("register_home_sections")
def join_the_network_section(request, home_page):
    from .models import DirectoryPage

    url = DirectoryPage.url_for_active_locale()
    if not url:
        return []
    from django.conf import settings
    from django.utils.translation import get_language

    apply_path = DirectoryPage().reverse_subpage("apply", language=get_language() or settings.LANGUAGE_CODE)
    return [("members/home_join_section.html", {"apply_url": f"{url}{apply_path}", "directory_url": url})]


@hooks.register("register_site_search")
def search_members(request, query):
    from home.text_search import french_order

    from .queries import member_search

    if not query.split():
        return []
    members = Member.objects.approved().filter(member_search(query))
    members = list(members.only("pk", "name", "slug").order_by(*french_order("name"), "pk")[:10])
    if not members:
        return []
    return [{"title": _("Members"), "items": [{"title": m.name, "url": m.get_absolute_url()} for m in members]}]


@hooks.register("register_personal_data")
def members_personal_data():
    from .personal_data import MembersPersonalData

    return MembersPersonalData()


@hooks.register("register_network_charts")
def members_charts(request, *, public):
    """Approved members by kind and by intercommunality (of their seat commune)."""
    from home.charts import Chart

    approved = Member.objects.approved()
    by_kind = dict(approved.values("kind").annotate(count=Count("pk")).order_by().values_list("kind", "count"))
    by_area = list(
        approved.exclude(seat_commune__intercommunality="")
        .exclude(seat_commune__isnull=True)
        .values("seat_commune__intercommunality")
        .annotate(count=Count("pk"))
        .order_by("-count", "seat_commune__intercommunality")[:12]
    )
    return [
        Chart(
            key="members-by-kind",
            title=_("Members by kind"),
            rows=[(label, by_kind.get(value, 0)) for value, label in Member.Kind.choices],
            label_heading=_("Kind"),
            value_heading=_("Members"),
        ),
        Chart(
            key="members-by-intercommunality",
            title=_("Members by intercommunality"),
            description=_("where their seat is"),
            rows=[(row["seat_commune__intercommunality"], row["count"]) for row in by_area],
            label_heading=_("Intercommunality"),
            value_heading=_("Members"),
        ),
    ]


# People (practitioners), relayed messages and alliances register their own admin and hooks.


# --- People (practitioners) and alliances ----------------------------------------


class SectorViewSet(SnippetViewSet):
    model = Sector
    chooser_viewset_class = one_language_chooser(["name"])
    icon = "tag"
    menu_label = _("Sectors")
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "member", "category", "consented_at", "hidden"]
    list_filter = ["category", "hidden"]
    search_fields = ["name", "role", "search_text"]
    list_export = ["name", "member", "role", "category", "commune", "consented_at", "hidden", "created_at"]
    export_filename = "people"
    copy_view_enabled = False

    def get_queryset(self, request):
        return Person.objects.select_related("member")


class AllianceViewSet(SnippetViewSet):
    model = Alliance
    icon = "link"
    menu_label = _("Alliances")
    list_display = ["proposer", "partner", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    list_export = ["proposer", "partner", "status", "purpose", "created_at", "answered_at"]
    export_filename = "alliances"
    copy_view_enabled = False

    def get_queryset(self, request):
        return Alliance.objects.select_related("proposer", "partner")


class PeopleGroup(SnippetViewSetGroup):
    menu_label = _("People and alliances")
    menu_icon = "user"
    menu_order = 220
    items = (PersonViewSet, SectorViewSet, AllianceViewSet)


register_snippet(PeopleGroup)


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action("members.person.publish", _("Publish the profile"), _("Publication agreed by the person"))
    actions.register_action("members.person.hide", _("Hide the profile"), _("Hidden by the person"))
    actions.register_action("members.alliance.propose", _("Propose"), _("Alliance proposed"))
    actions.register_action("members.alliance.accept", _("Accept"), _("Alliance accepted"))
    actions.register_action("members.alliance.decline", _("Decline"), _("Alliance declined"))
    actions.register_action("members.alliance.end", _("End"), _("Alliance ended"))


# --- The member's profile and the member area ---------------------------------------------------


@hooks.register("register_member_profile_sections")
def people_and_alliances_profile(request, member):
    from .queries import alliances_of, decorate_people, people_with_listing_data

    people = decorate_people(
        list(people_with_listing_data(Person.objects.public().filter(member=member)).order_by("name"))
    )
    alliances = list(alliances_of(member))
    for alliance in alliances:
        alliance.ally = alliance.other(member)
    if not people and not alliances:
        return []
    return [("members/people/member_profile_section.html", {"people": people, "alliances": alliances})]


@hooks.register("register_member_area_sections")
def people_and_alliances_area(request, member):
    from .queries import alliances_of

    alliances = list(alliances_of(member, statuses=(Alliance.Status.PROPOSED, Alliance.Status.ACCEPTED)))
    return [
        (
            "members/people/member_area_section.html",
            {
                "people_count": Person.objects.filter(member=member).count(),
                "waiting": [a for a in alliances if a.status == Alliance.Status.PROPOSED and a.partner_id == member.pk],
                "allies": [a.other(member) for a in alliances if a.status == Alliance.Status.ACCEPTED],
                "people_url": reverse("people:area_people"),
                "alliances_url": reverse("people:area_alliances"),
            },
        )
    ]


@hooks.register("register_directory_map_layers")
def alliances_on_the_map():
    """Accepted alliances as lines between the two members' communes (town halls)."""
    from .models import Member

    rows = (
        Alliance.objects.filter(
            status=Alliance.Status.ACCEPTED,
            proposer__status=Member.Status.APPROVED,
            partner__status=Member.Status.APPROVED,
            proposer__seat_commune__isnull=False,
            partner__seat_commune__isnull=False,
        ).values(
            "proposer__name",
            "proposer__slug",
            "partner__name",
            "proposer__seat_commune__insee_code",
            "partner__seat_commune__insee_code",
        )  # fmt: skip
    )
    from django.utils.translation import gettext as gettext_now

    return {
        "lines": [
            {
                "from": row["proposer__seat_commune__insee_code"],
                "to": row["partner__seat_commune__insee_code"],
                "label": gettext_now("Alliance between %(first)s and %(second)s")
                % {"first": row["proposer__name"], "second": row["partner__name"]},
                "slug": row["proposer__slug"],
            }
            for row in rows
            if row["proposer__seat_commune__insee_code"] != row["partner__seat_commune__insee_code"]
        ]
    }


@hooks.register("register_personal_data")
def people_personal_data():
    from .personal_data import PeoplePersonalData

    return PeoplePersonalData()


# --- The page cache (home/page_cache.py): what public pages show ------------------------


@hooks.register("register_public_models")
def public_models():
    """The directory, the profiles, the people and the communes' list."""
    return [
        "members.Commune",
        "members.Member",
        "members.Representative",
        "members.Sector",
        "members.Person",
        "members.Alliance",
    ]
