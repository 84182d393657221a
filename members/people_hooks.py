"""Admin and extension points of people, relayed messages and alliances (imported by
members/wagtail_hooks.py): snippets, log actions, the member-area and profile sections, the
alliances on the directory's map, and the RGPD source."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.choosers import one_language_chooser

from .people import Alliance, Person, Sector


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
    from .people_queries import alliances_of, decorate_people, with_listing_data

    people = decorate_people(list(with_listing_data(Person.objects.public().filter(member=member)).order_by("name")))
    alliances = list(alliances_of(member))
    for alliance in alliances:
        alliance.ally = alliance.other(member)
    if not people and not alliances:
        return []
    return [("members/people/member_profile_section.html", {"people": people, "alliances": alliances})]


@hooks.register("register_member_area_sections")
def people_and_alliances_area(request, member):
    from .people_queries import alliances_of

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
    from .people_personal_data import PeoplePersonalData

    return PeoplePersonalData()
