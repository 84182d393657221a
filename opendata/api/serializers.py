"""The shapes of the API: query parameters (validated, documented in the OpenAPI schema)
and the records of `opendata.queries` (documented field by field)."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from members.models import Member
from members.people import Person
from roadmap.call_models import Call
from roadmap.models import Action, Commitment
from workshops.models import EventPage

from .. import queries

INSEE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"
SIREN_PATTERN = r"^[0-9]{9}$"
MONTH_PATTERN = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


# --- Query parameters ------------------------------------------------------------------


class CommonParams(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=queries.LANGUAGES,
        required=False,
        default=queries.DEFAULT_LANGUAGE,
        help_text="Language of texts and labels (French by default). Identifiers are the same in both.",
    )


class ListParams(CommonParams):
    page = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=MAX_PAGE, help_text="Page number, from 1."
    )
    page_size = serializers.IntegerField(
        required=False,
        default=DEFAULT_PAGE_SIZE,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Results per page (at most {MAX_PAGE_SIZE}).",
    )


class SearchMixin(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        max_length=200,
        trim_whitespace=True,
        allow_blank=True,
        help_text="Words to look for (every word must match).",
    )


class MemberParams(SearchMixin, ListParams):
    kind = serializers.ChoiceField(choices=Member.Kind.values, required=False, help_text="Kind of structure.")
    theme = serializers.SlugField(required=False, max_length=100, help_text="Theme slug (in either language).")
    commune = serializers.RegexField(
        INSEE_PATTERN, required=False, help_text="INSEE code of the commune of the member's seat."
    )
    epci = serializers.RegexField(
        SIREN_PATTERN, required=False, help_text="SIREN number of the intercommunality (EPCI) of the seat."
    )


class ActionParams(SearchMixin, ListParams):
    axis = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1, help_text="Axis identifier.")
    status = serializers.ChoiceField(choices=Action.Status.values, required=False, help_text="Status of the action.")
    member = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="Member identifier: actions it leads or contributes to.",
    )


class EventParams(ListParams):
    kind = serializers.ChoiceField(choices=EventPage.Kind.values, required=False, help_text="Kind of event.")
    commune = serializers.RegexField(INSEE_PATTERN, required=False, help_text="INSEE code of the event's commune.")
    epci = serializers.RegexField(
        SIREN_PATTERN, required=False, help_text="SIREN number of the intercommunality of the event's commune."
    )
    theme = serializers.SlugField(required=False, max_length=100, help_text="Theme slug (in either language).")
    month = serializers.RegexField(MONTH_PATTERN, required=False, help_text="Month of the start, as YYYY-MM.")

    def validate_month(self, value):
        return (int(value[:4]), int(value[5:])) if value else None

    period = serializers.ChoiceField(
        choices=queries.PERIODS,
        required=False,
        default="upcoming",
        help_text="upcoming (not yet ended, by default), past (most recent first) or all.",
    )


ID_FILTER = {"required": False, "min_value": 1, "max_value": 2**63 - 1}


def slug_filter(help_text):
    return serializers.SlugField(required=False, max_length=150, help_text=help_text)


class TerritoryMixin(serializers.Serializer):
    commune = serializers.RegexField(
        INSEE_PATTERN, required=False, help_text="INSEE code of the commune (its own, else its member's seat)."
    )
    epci = serializers.RegexField(
        SIREN_PATTERN, required=False, help_text="SIREN number of the intercommunality (EPCI) of that commune."
    )


class CompetencyParams(SearchMixin, ListParams):
    domain = serializers.IntegerField(**ID_FILTER, help_text="Domain identifier.")


class PracticeParams(SearchMixin, TerritoryMixin, ListParams):
    theme = slug_filter("Theme slug (in either language).")
    competency = slug_filter("Competency slug (in either language).")
    kind = serializers.ChoiceField(choices=Member.Kind.values, required=False, help_text="Kind of the member.")
    member = serializers.IntegerField(**ID_FILTER, help_text="Member identifier.")


class PersonParams(SearchMixin, TerritoryMixin, ListParams):
    sector = slug_filter("Sector slug (in either language).")
    theme = slug_filter("Theme slug (in either language).")
    competency = slug_filter("Competency slug (in either language).")
    category = serializers.ChoiceField(choices=Person.Category.values, required=False, help_text="Category.")
    member = serializers.IntegerField(**ID_FILTER, help_text="Identifier of the person's structure (member).")


class CallParams(SearchMixin, ListParams):
    kind = serializers.ChoiceField(choices=Call.Kind.values, required=False, help_text="Kind of call.")
    state = serializers.ChoiceField(
        choices=queries.CALL_STATES,
        required=False,
        help_text="open (ideas accepted), review (deadline passed) or results (the selection is published).",
    )
    theme = slug_filter("Theme slug (in either language).")
    commune = serializers.RegexField(INSEE_PATTERN, required=False, help_text="INSEE code of the call's commune.")
    epci = serializers.RegexField(
        SIREN_PATTERN, required=False, help_text="SIREN number of the intercommunality of the call's commune."
    )


class IdeaParams(SearchMixin, ListParams):
    call = serializers.IntegerField(**ID_FILTER, help_text="Call identifier.")
    selection = serializers.ChoiceField(
        choices=queries.IDEA_SELECTIONS, required=False, help_text="Decision on the idea (none: not decided)."
    )
    member = serializers.IntegerField(**ID_FILTER, help_text="Identifier of the member that submitted the idea.")


# --- Records ---------------------------------------------------------------------------


def text(help_text, **kwargs):
    return serializers.CharField(help_text=help_text, **kwargs)


def nullable_text(help_text):
    return serializers.CharField(help_text=help_text, allow_null=True)


class ThemeSerializer(serializers.Serializer):
    slug = text("Theme slug in the requested language.")
    name = text("Theme name in the requested language.")


class CommuneSerializer(serializers.Serializer):
    insee_code = text("Official INSEE code of the commune (Code officiel géographique).")
    name = text("Name of the commune.")
    postal_codes = serializers.ListField(child=serializers.CharField(), help_text="Postal codes of the commune.")
    epci_siren = nullable_text("SIREN number of the commune's intercommunality (EPCI).")
    epci_name = nullable_text("Name of the commune's intercommunality (EPCI).")


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Member identifier.")
    name = text("Name of the member structure.")


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the member.")
    slug = text("Slug of the public profile page.")
    name = text("Name of the structure.")
    kind = serializers.ChoiceField(choices=Member.Kind.values, help_text="Kind of structure.")
    kind_label = text("Kind of structure, in the requested language.")
    insee_code = nullable_text("For a commune: its official INSEE code.")
    siren = nullable_text("SIREN number (9 digits), if any.")
    rna = nullable_text("RNA number of an association (W and 9 digits), if any.")
    commune = CommuneSerializer(allow_null=True, help_text="Commune of the structure's seat.")
    website = nullable_text("Website of the structure.")
    description = text("Public description (e-mail addresses and phone numbers masked).", allow_blank=True)
    themes = ThemeSerializer(many=True, help_text="Themes the member works on.")
    member_since = serializers.DateTimeField(help_text="When the structure applied.")
    updated_at = serializers.DateTimeField(help_text="Last change of the record.")
    url = nullable_text("Public profile page.")


class ActionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Action identifier.")
    title = text("Title of the action.")


class MemberCommitmentSerializer(serializers.Serializer):
    action = ActionRefSerializer(help_text="The roadmap action.")
    kind = serializers.ChoiceField(choices=Commitment.Kind.values, help_text="What the member brings.")
    kind_label = text("What the member brings, in the requested language.")
    description = text("Description of the commitment.", allow_blank=True)


class MemberDetailSerializer(MemberSerializer):
    commitments = MemberCommitmentSerializer(many=True, help_text="Public commitments to roadmap actions.")
    hosted_events = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of hosted events.")


class AxisSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the axis.")
    title = text("Title of the strategic axis.")
    description = text("Description of the axis.", allow_blank=True)
    sort_order = serializers.IntegerField(help_text="Position of the axis in the roadmap.")
    action_count = serializers.IntegerField(help_text="Number of actions under this axis.")


class AxisRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Axis identifier.")
    title = text("Title of the axis.")


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the action.")
    title = text("Title of the action.")
    description = text("Description (e-mail addresses and phone numbers masked).", allow_blank=True)
    axis = AxisRefSerializer(help_text="The strategic axis of the action.")
    status = serializers.ChoiceField(choices=Action.Status.values, help_text="Status of the action.")
    status_label = text("Status, in the requested language.")
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="Progress in percent.")
    target_period = nullable_text("Target period, in words.")
    lead_member = MemberRefSerializer(allow_null=True, help_text="The member that leads the action.")
    contributing_members = MemberRefSerializer(many=True, help_text="Members that contribute.")
    support_count = serializers.IntegerField(help_text="Number of confirmed supports (identities are never published).")
    commitment_count = serializers.IntegerField(help_text="Number of public commitments of members.")
    events = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of linked events.")
    created_at = serializers.DateTimeField(help_text="When the action was created.")
    updated_at = serializers.DateTimeField(help_text="Last change of the action.")
    url = nullable_text("Public page of the action.")


class UpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identifier of the update.")
    action_id = serializers.IntegerField(help_text="The action.")
    date = serializers.DateField(help_text="Date of the progress note.")
    text = text("Progress note (e-mail addresses and phone numbers masked).")
    progress = serializers.IntegerField(allow_null=True, help_text="New progress in percent, if it changed.")
    status = serializers.ChoiceField(
        choices=Action.Status.values, allow_null=True, help_text="New status, if it changed."
    )
    status_label = nullable_text("New status, in the requested language.")


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identifier of the commitment.")
    action_id = serializers.IntegerField(help_text="The action.")
    member = MemberRefSerializer(help_text="The committed member.")
    member_commune_insee_code = nullable_text("INSEE code of the member's seat.")
    kind = serializers.ChoiceField(choices=Commitment.Kind.values, help_text="What the member brings.")
    kind_label = text("What the member brings, in the requested language.")
    description = text("Description of the commitment.", allow_blank=True)
    created_at = serializers.DateTimeField(help_text="When the member committed.")


class ActionDetailSerializer(ActionSerializer):
    updates = UpdateSerializer(many=True, help_text="History of the action, newest first.")
    commitments = CommitmentSerializer(many=True, help_text="What members bring to the action.")


class RegistrationSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["open", "not_yet", "closed", "past", "cancelled"], help_text="Whether one can register now."
    )
    opens = serializers.DateTimeField(allow_null=True, help_text="When registration opens (empty: already open).")
    closes = serializers.DateTimeField(help_text="When registration closes.")
    capacity = serializers.IntegerField(allow_null=True, help_text="Seats in all (empty: no limit).")
    seats_taken = serializers.IntegerField(allow_null=True, help_text="Seats held by registrations.")
    seats_left = serializers.IntegerField(allow_null=True, help_text="Seats left (empty: no limit).")
    waiting_list = serializers.BooleanField(help_text="Whether a waiting list opens when the event is full.")
    max_party_size = serializers.IntegerField(help_text="Largest party one registration may bring.")


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identifier of the activity.")
    event_id = serializers.IntegerField(help_text="The event.")
    title = text("Title of the activity (chantier or atelier).")
    description = text("Description of the activity.", allow_blank=True)
    start = serializers.DateTimeField(help_text="Start.")
    end = serializers.DateTimeField(help_text="End.")
    capacity = serializers.IntegerField(help_text="Seats of the activity.")
    seats_taken = serializers.IntegerField(help_text="Seats held by registrations.")
    seats_left = serializers.IntegerField(help_text="Seats left.")


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the event.")
    title = text("Title of the event.")
    summary = text("Summary of the event.", allow_blank=True)
    kind = serializers.ChoiceField(choices=EventPage.Kind.values, help_text="Kind of event.")
    kind_label = text("Kind of event, in the requested language.")
    start = serializers.DateTimeField(help_text="Start.")
    end = serializers.DateTimeField(help_text="End.")
    cancelled = serializers.BooleanField(help_text="Whether the event is cancelled.")
    remote = serializers.BooleanField(help_text="A remote workshop (the meeting link is only sent to participants).")
    place_name = nullable_text("Name of the place.")
    address = nullable_text("Address of the place.")
    commune = CommuneSerializer(allow_null=True, help_text="Commune where the event takes place.")
    accessibility = nullable_text("Accessibility information.")
    host_members = MemberRefSerializer(many=True, help_text="Members hosting the event.")
    themes = ThemeSerializer(many=True, help_text="Themes of the event.")
    registration = RegistrationSerializer(help_text="Registration state and seats.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="First publication.")
    updated_at = serializers.DateTimeField(allow_null=True, help_text="Last publication.")
    url = nullable_text("Public page of the event.")


class EventDetailSerializer(EventSerializer):
    activities = ActivitySerializer(many=True, help_text="Activities of a citizen day, with their seats.")
    actions = serializers.ListField(child=serializers.IntegerField(), help_text="Roadmap actions carried out.")


class SlugRefSerializer(serializers.Serializer):
    slug = text("Slug in the requested language.")
    name = text("Name in the requested language.")


class CompetencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Competency identifier.")
    slug = text("Slug in the requested language.")
    name = text("Name in the requested language.")


class DomainSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the domain.")
    slug = text("Slug of the domain in the requested language.")
    name = text("Name of the domain of the competency framework.")
    description = text("Description of the domain.", allow_blank=True)
    sort_order = serializers.IntegerField(help_text="Position of the domain in the framework.")
    competencies = CompetencyRefSerializer(many=True, help_text="Competencies of the domain, in order.")


class DomainRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Domain identifier.")
    name = text("Name of the domain.")


class CompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the competency (the same in both languages).")
    slug = text("Slug in the requested language.")
    name = text("Name of the competency.")
    description = text("Description of the competency.", allow_blank=True)
    levels = serializers.ListField(child=serializers.CharField(), help_text="Levels, from beginner to expert.")
    domain = DomainRefSerializer(help_text="Domain of the framework.")
    practice_count = serializers.IntegerField(help_text="Number of published practices tagged with it.")
    people_count = serializers.IntegerField(help_text="Number of public profiles tagged with it.")
    url = nullable_text("Public page of the competency.")


class CompetencyDetailSerializer(CompetencySerializer):
    practices = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of its practices.")
    people = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of its people.")
    events = serializers.ListField(
        child=serializers.IntegerField(), help_text="Identifiers of the events (trainings) that build it."
    )


class PracticeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the practice (the same in both languages).")
    slug = text("Slug of its page in the requested language.")
    title = text("Title of the practice.")
    summary = text("Summary (e-mail addresses and phone numbers masked).", allow_blank=True)
    member = MemberRefSerializer(help_text="The member that shares it.")
    commune = CommuneSerializer(allow_null=True, help_text="Where it happened (else the member's seat).")
    themes = ThemeSerializer(many=True, help_text="Themes of the practice.")
    competencies = CompetencyRefSerializer(many=True, help_text="Competencies it builds.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="When it was published.")
    updated_at = serializers.DateTimeField(help_text="Last change of the practice.")
    url = nullable_text("Public page of the practice.")


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Person identifier (people).")
    name = text("Name of the person.")
    role = nullable_text("Role of the person.")


class PracticeDetailSerializer(PracticeSerializer):
    context = text("Context.", allow_blank=True)
    what_was_done = text("What was done.", allow_blank=True)
    participants = text("Who took part and who was reached.", allow_blank=True)
    results = text("Results.", allow_blank=True)
    lessons = text("Lessons learned.", allow_blank=True)
    do_differently = text("What they would do differently.", allow_blank=True)
    contact_people = PersonRefSerializer(many=True, help_text="People to ask about it (public profiles only).")
    events = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of linked events.")
    actions = serializers.ListField(child=serializers.IntegerField(), help_text="Identifiers of roadmap actions.")


class ResourcePersonSerializer(serializers.Serializer):
    themes = ThemeSerializer(many=True, help_text="Themes the person is the one to ask about.")
    sectors = SlugRefSerializer(many=True, help_text="Sectors the person is the one to ask about.")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the profile.")
    slug = text("Slug of the public profile page.")
    name = text("Name, as the person agreed to publish it.")
    role = nullable_text("Role in the structure.")
    category = serializers.ChoiceField(choices=Person.Category.values, help_text="Category of practitioner.")
    category_label = text("Category, in the requested language.")
    member = MemberRefSerializer(help_text="The person's structure.")
    commune = CommuneSerializer(allow_null=True, help_text="Where the person works (else the structure's seat).")
    presentation = text("Presentation (e-mail addresses and phone numbers masked).", allow_blank=True)
    sectors = SlugRefSerializer(many=True, help_text="Sectors of activity.")
    themes = ThemeSerializer(many=True, help_text="Themes.")
    competencies = CompetencyRefSerializer(many=True, help_text="Competencies.")
    resource_person_for = ResourcePersonSerializer(help_text='What the person is a "personne ressource" for.')
    updated_at = serializers.DateTimeField(help_text="Last change of the profile.")
    url = nullable_text("Public profile page (write to the person through its contact relay).")


class PersonDetailSerializer(PersonSerializer):
    practices = serializers.ListField(
        child=serializers.IntegerField(), help_text="Published practices the person can tell about."
    )


class ActivityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Activity identifier.")
    event_id = serializers.IntegerField(help_text="Event identifier.")


class IdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the idea.")
    call_id = serializers.IntegerField(help_text="The call.")
    title = text("Title of the idea.")
    description = text("Description (e-mail addresses and phone numbers masked).", allow_blank=True)
    member = MemberRefSerializer(allow_null=True, help_text="The member that submitted it (a resident: empty).")
    support_count = serializers.IntegerField(help_text="Confirmed supports (identities are never published).")
    selection = serializers.ChoiceField(choices=queries.IDEA_SELECTIONS, help_text="Decision on the idea.")
    selection_label = text("Decision, in the requested language.")
    selection_reason = nullable_text("Public reason of the decision.")
    action = serializers.IntegerField(allow_null=True, help_text="The roadmap action it became.")
    activity = ActivityRefSerializer(allow_null=True, help_text="The activity of an event it became.")
    published_at = serializers.DateTimeField(allow_null=True, help_text="When it was published.")
    url = nullable_text("Public page of the idea.")


class CallSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable identifier of the call (the same in both languages).")
    kind = serializers.ChoiceField(choices=Call.Kind.values, help_text="Call for ideas or for projects.")
    kind_label = text("Kind, in the requested language.")
    title = text("Topic of the call.")
    description = text("Description.", allow_blank=True)
    rules = text("Who may take part, how ideas are chosen.", allow_blank=True)
    state = serializers.ChoiceField(choices=queries.CALL_STATES, help_text="open, review or results.")
    deadline = serializers.DateTimeField(help_text="Deadline for ideas.")
    theme = ThemeSerializer(allow_null=True, help_text="Theme of the call.")
    commune = CommuneSerializer(allow_null=True, help_text="Territory of the call.")
    event = serializers.IntegerField(allow_null=True, help_text="The event it prepares.")
    idea_count = serializers.IntegerField(help_text="Number of published ideas.")
    results_published_at = serializers.DateTimeField(allow_null=True, help_text="When the results were published.")
    created_at = serializers.DateTimeField(help_text="When the call was created.")
    url = nullable_text("Public page of the call.")


class CallDetailSerializer(CallSerializer):
    ideas = IdeaSerializer(many=True, help_text="Published ideas, in order of publication.")
    selected = serializers.ListField(
        child=serializers.IntegerField(), help_text="The results: identifiers of the selected ideas."
    )


def page_serializer(item_serializer, name):
    """The envelope of a list: count, links to the neighbouring pages, and the results
    (one object, not a list of them, although it answers a "list" action)."""
    return extend_schema_serializer(many=False)(
        type(
            name,
            (serializers.Serializer,),
            {
                "count": serializers.IntegerField(help_text="Number of results in all."),
                "page": serializers.IntegerField(help_text="This page's number."),
                "pages": serializers.IntegerField(help_text="Number of pages."),
                "next": serializers.CharField(allow_null=True, help_text="URL of the next page."),
                "previous": serializers.CharField(allow_null=True, help_text="URL of the previous page."),
                "results": item_serializer(many=True),
            },
        )
    )
