"""The read side of open data: the public record of each member, roadmap axis and action,
event and activity, read with a constant number of queries whatever the amount of data.

The API (`opendata.api`) and the datasets (`opendata.datasets`) both build on these
functions, so the two always publish the same fields. Only public data is ever read into
a record: no contact person, e-mail address, phone number, postal address of a structure,
registrant, video link, supporter's identity or token — and free text (descriptions,
progress notes) is published with any e-mail address or phone number it contains masked.

Every function takes a `language` ("fr" or "en"): the roadmap's and the agenda's texts
come from their translations when there is one (else the French text), labels of kinds
and statuses from the interface catalogues. Identifiers are those of the French records
(the roadmap and the agenda are kept in French; translations only carry text), so they
are the same in both languages and never change.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone, translation

from home import layout
from home.models import Publication, Theme
from home.services import absolute_url
from members.models import DirectoryPage, Member, PeopleDirectoryPage, Person, Sector
from practices.models import Competency, CompetencyFrameworkPage, Domain, Practice, PracticeIndexPage
from roadmap.call_models import Call, Idea, IdeaSupport
from roadmap.models import Action, ActionUpdate, Axis, Commitment, RoadmapPage, Support, roadmap_page_for_language
from workshops.figures import fill_rates
from workshops.models import Activity, EventPage, Registration

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE

# Free text written by members and staff may quote an address or a number: masked.
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_RE = re.compile(r"(?<!\d)(?:\+33\s?|0033\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
MASK = "[…]"


def scrub(text):
    """`text` with any e-mail address or French phone number replaced by "[…]"."""
    if not text:
        return ""
    return PHONE_RE.sub(MASK, EMAIL_RE.sub(MASK, text))


def iso(value):
    """A date as YYYY-MM-DD, a date and time in UTC as YYYY-MM-DDThh:mm:ssZ (RFC 3339)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


# --- Shared pieces -----------------------------------------------------------------------


def theme_names(language):
    """{translation_key: {"slug", "name"}} of the themes in `language` (else French)."""

    def build():
        names = {}
        for theme in Theme.objects.filter(locale__language_code__in={language, DEFAULT_LANGUAGE}).select_related(
            "locale"
        ):
            if theme.locale.language_code == language or theme.translation_key not in names:
                names[theme.translation_key] = {"slug": theme.slug, "name": theme.name}
        return names

    return layout.shared(f"opendata:themes:{language}", build)


def theme_key_for_slug(slug, language):
    """The translation key of the theme whose slug (in `language` or French) is `slug`."""
    return next(
        (
            key
            for key, theme in theme_names(language).items()
            if theme["slug"] == slug or theme_names(DEFAULT_LANGUAGE).get(key, {}).get("slug") == slug
        ),
        None,
    )


def _themes(theme_objects, language):
    names = theme_names(language)
    return [names[t.translation_key] for t in theme_objects if t.translation_key in names]


def commune_record(commune):
    if commune is None:
        return None
    return {
        "insee_code": commune.insee_code,
        "name": commune.name,
        "postal_codes": list(commune.postal_codes or []),
        "epci_siren": commune.intercommunality_code or None,
        "epci_name": commune.intercommunality or None,
    }


def _page_url(name, language, build):
    return layout.shared(f"opendata:url:{name}:{language}", build)


def app_page_url(model, language):
    """The URL of an app's one live page (the directory, the people directory, the library
    of practices, the competency framework) in `language`, else in French."""

    def build():
        with translation.override(language):
            return model.url_for_active_locale()

    return _page_url(model._meta.model_name, language, build)


def directory_url(language):
    return app_page_url(DirectoryPage, language)


def roadmap_url(language):
    def build():
        page = roadmap_page_for_language(language)
        return (page.get_url() or "") if page is not None else ""

    return _page_url("roadmap", language, build)


def member_url(slug, language):
    base = directory_url(language)
    return absolute_url(f"{base}{slug}/") if base else None


def action_url(pk, language):
    base = roadmap_url(language)
    return absolute_url(f"{base}actions/{pk}/") if base else None


def _member_ref(member):
    return {"id": member.pk, "name": member.name}


# --- Members -----------------------------------------------------------------------------


def members(kind=None, theme=None, commune=None, epci=None, q=None, language=DEFAULT_LANGUAGE):
    """Approved members, filtered like the directory: kind, theme (slug), commune of the
    seat (INSEE code), intercommunality (SIREN) and words of `q`; ordered by name."""
    queryset = Member.objects.approved()
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        key = theme_key_for_slug(theme, language)
        if key is None:
            return Member.objects.none()
        queryset = queryset.filter(
            pk__in=Member.themes.through.objects.filter(theme__translation_key=key).values("member_id")
        )
    if commune:
        queryset = queryset.filter(seat_commune__insee_code=commune)
    if epci:
        queryset = queryset.filter(seat_commune__intercommunality_code=epci)
    for word in (q or "").split()[:8]:
        queryset = queryset.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(seat_commune__name__icontains=word)
        )
    return queryset.order_by("name", "pk")


def _with_member_data(queryset):
    return (
        queryset.select_related("seat_commune")
        .only(
            "pk",
            "kind",
            "name",
            "slug",
            "insee_code",
            "siren",
            "rna",
            "website",
            "description",
            "created_at",
            "updated_at",
            "seat_commune__insee_code",
            "seat_commune__name",
            "seat_commune__postal_codes",
            "seat_commune__intercommunality",
            "seat_commune__intercommunality_code",
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")))
    )


def member_records(queryset, language=DEFAULT_LANGUAGE):
    """The public record of each member of `queryset` (3 queries)."""
    with translation.override(language):
        return [
            {
                "id": member.pk,
                "slug": member.slug,
                "name": member.name,
                "kind": member.kind,
                "kind_label": str(member.get_kind_display()),
                "insee_code": member.insee_code or None,
                "siren": member.siren or None,
                "rna": member.rna or None,
                "commune": commune_record(member.seat_commune),
                "website": member.website or None,
                "description": scrub(member.description),
                "themes": _themes(member.themes.all(), language),
                "member_since": iso(member.created_at),
                "updated_at": iso(member.updated_at),
                "url": member_url(member.slug, language),
            }
            for member in _with_member_data(queryset)
        ]


def member_detail(pk, language=DEFAULT_LANGUAGE):
    """One approved member's record, with its commitments to roadmap actions and the
    events it hosts; None if there is no such public member."""
    records = member_records(Member.objects.approved().filter(pk=pk), language)
    if not records:
        return None
    record = records[0]
    commitments = list(
        Commitment.objects.filter(member_id=pk, hidden=False, action__locale__language_code=DEFAULT_LANGUAGE)
        .select_related("action")
        .only("pk", "kind", "description", "action__id", "action__title", "action__translation_key")
        .order_by("action_id", "pk")
    )
    actions = [c.action for c in commitments]
    titles = _translated_titles(actions, language)
    with translation.override(language):
        record["commitments"] = [
            {
                "action": {"id": c.action.pk, "title": titles.get(c.action.translation_key, c.action.title)},
                "kind": c.kind,
                "kind_label": str(c.get_kind_display()),
                "description": scrub(c.description),
            }
            for c in commitments
        ]
    record["hosted_events"] = list(
        _public_events().filter(host_members=pk).order_by("start", "pk").values_list("pk", flat=True)
    )
    return record


# --- Roadmap -----------------------------------------------------------------------------


def _translated_titles(objects, language):
    """{translation_key: title in `language`} for roadmap axes or actions (one query)."""
    objects = list(objects)
    if not objects or language == DEFAULT_LANGUAGE:
        return {}
    model = type(objects[0])
    return dict(
        model.objects.filter(
            translation_key__in={o.translation_key for o in objects}, locale__language_code=language
        ).values_list("translation_key", "title")
    )


def _translations(objects, language, fields):
    objects = list(objects)
    if not objects or language == DEFAULT_LANGUAGE:
        return {}
    model = type(objects[0])
    return {
        row["translation_key"]: row
        for row in model.objects.filter(
            translation_key__in={o.translation_key for o in objects}, locale__language_code=language
        ).values("translation_key", *fields)
    }


def axes(language=DEFAULT_LANGUAGE):
    """The roadmap's axes (French records), in order, with their number of actions."""
    return (
        Axis.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
        .annotate(action_count=Count("actions"))
        .order_by("sort_order", "pk")
    )


def axis_records(queryset, language=DEFAULT_LANGUAGE):
    axes_list = list(queryset)
    texts = _translations(axes_list, language, ["title", "description"])
    records = []
    for axis in axes_list:
        text = texts.get(axis.translation_key, {})
        records.append(
            {
                "id": axis.pk,
                "title": text.get("title") or axis.title,
                "description": scrub(text.get("description") or axis.description),
                "sort_order": axis.sort_order,
                "action_count": getattr(axis, "action_count", 0),
            }
        )
    return records


def actions(axis=None, status=None, member=None, q=None, language=DEFAULT_LANGUAGE):
    """The roadmap's actions (French records), filtered like the roadmap page (the same
    records in every language)."""
    queryset = Action.objects.in_default_locale()
    if axis:
        queryset = queryset.filter(axis_id=axis)
    if status:
        queryset = queryset.filter(status=status)
    if member:
        queryset = queryset.filter(
            Q(lead_member_id=member)
            | Q(pk__in=Action.contributing_members.through.objects.filter(member_id=member).values("action_id"))
        )
    for word in (q or "").split()[:8]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset.order_by("axis__sort_order", "axis_id", "pk")


def _approved_only():
    return Member.objects.approved().only("pk", "name")


def action_records(queryset, language=DEFAULT_LANGUAGE):
    """The public record of each action: its axis, status, progress, owners (approved
    members only), confirmed support count, commitment count and linked events."""
    action_list = list(
        queryset.select_related("axis", "lead_member")
        .only(
            "pk",
            "translation_key",
            "title",
            "description",
            "status",
            "progress",
            "target_period",
            "created_at",
            "updated_at",
            "axis__id",
            "axis__title",
            "axis__translation_key",
            "lead_member__id",
            "lead_member__name",
            "lead_member__status",
        )
        .prefetch_related(
            Prefetch("contributing_members", queryset=_approved_only()),
            Prefetch("events", queryset=_public_events().only("pk")),
        )
    )
    pks = [a.pk for a in action_list]
    supports = dict(
        Support.objects.filter(action_id__in=pks, confirmed_at__isnull=False)
        .values("action_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("action_id", "n")
    )
    commitments = dict(
        Commitment.objects.filter(action_id__in=pks, hidden=False, member__status=Member.Status.APPROVED)
        .values("action_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("action_id", "n")
    )
    texts = _translations(action_list, language, ["title", "description", "target_period"])
    axis_titles = _translated_titles({a.axis.pk: a.axis for a in action_list}.values(), language)
    records = []
    with translation.override(language):
        for action in action_list:
            text = texts.get(action.translation_key, {})
            lead = action.lead_member
            records.append(
                {
                    "id": action.pk,
                    "title": text.get("title") or action.title,
                    "description": scrub(text.get("description") or action.description),
                    "axis": {
                        "id": action.axis.pk,
                        "title": axis_titles.get(action.axis.translation_key, action.axis.title),
                    },
                    "status": action.status,
                    "status_label": str(action.get_status_display()),
                    "progress": action.progress,
                    "target_period": text.get("target_period") or action.target_period or None,
                    "lead_member": _member_ref(lead) if lead and lead.status == Member.Status.APPROVED else None,
                    "contributing_members": [_member_ref(m) for m in action.contributing_members.all()],
                    "support_count": supports.get(action.pk, 0),
                    "commitment_count": commitments.get(action.pk, 0),
                    "events": [event.pk for event in action.events.all()],
                    "created_at": iso(action.created_at),
                    "updated_at": iso(action.updated_at),
                    "url": action_url(action.pk, language),
                }
            )
    return records


def action_detail(pk, language=DEFAULT_LANGUAGE):
    """One action with its dated updates (history) and the public commitments of members."""
    records = action_records(Action.objects.in_default_locale().filter(pk=pk), language)
    if not records:
        return None
    record = records[0]
    record["updates"] = update_records(ActionUpdate.objects.filter(action_id=pk), language)
    record["commitments"] = commitment_records(Commitment.objects.filter(action_id=pk), language)
    return record


def update_records(queryset, language=DEFAULT_LANGUAGE):
    """An action's history: date, note, new progress and status (never the author)."""
    with translation.override(language):
        return [
            {
                "id": update.pk,
                "action_id": update.action_id,
                "date": iso(update.date),
                "text": scrub(update.text),
                "progress": update.progress,
                "status": update.status or None,
                "status_label": str(update.get_status_display()) if update.status else None,
            }
            for update in queryset.only("pk", "action_id", "date", "text", "progress", "status").order_by(
                "-date", "-pk"
            )
        ]


def commitment_records(queryset, language=DEFAULT_LANGUAGE):
    """Public commitments (not hidden, by approved members): who brings what to an action."""
    queryset = (
        queryset.filter(hidden=False, member__status=Member.Status.APPROVED)
        .select_related("member", "member__seat_commune")
        .only(
            "pk",
            "action_id",
            "kind",
            "description",
            "created_at",
            "member__id",
            "member__name",
            "member__seat_commune__insee_code",
        )
        .order_by("action_id", "pk")
    )
    with translation.override(language):
        return [
            {
                "id": c.pk,
                "action_id": c.action_id,
                "member": _member_ref(c.member),
                "member_commune_insee_code": c.member.seat_commune.insee_code if c.member.seat_commune else None,
                "kind": c.kind,
                "kind_label": str(c.get_kind_display()),
                "description": scrub(c.description),
                "created_at": iso(c.created_at),
            }
            for c in queryset
        ]


# --- Agenda ------------------------------------------------------------------------------

PERIODS = ("upcoming", "past", "all")


def _public_events():
    """Live, unrestricted event pages in the agenda's language (the records)."""
    return EventPage.objects.live().public().filter(locale__language_code=DEFAULT_LANGUAGE)


def events(kind=None, commune=None, epci=None, theme=None, month=None, period="upcoming", language=DEFAULT_LANGUAGE):
    """Events filtered like the agenda: kind, commune (INSEE), intercommunality (SIREN),
    theme (slug), month ("YYYY-MM") and period (upcoming, past or all)."""
    queryset = _public_events()
    now = timezone.now()
    if period == "upcoming":
        queryset = queryset.filter(end__gt=now)
    elif period == "past":
        queryset = queryset.filter(end__lte=now)
    if kind:
        queryset = queryset.filter(kind=kind)
    if commune:
        queryset = queryset.filter(commune__insee_code=commune)
    if epci:
        queryset = queryset.filter(commune__intercommunality_code=epci)
    if theme:
        key = theme_key_for_slug(theme, language)
        if key is None:
            return EventPage.objects.none()
        queryset = queryset.filter(
            pk__in=EventPage.themes.through.objects.filter(theme__translation_key=key).values("eventpage_id")
        )
    if month:
        year, number = month
        queryset = queryset.filter(start__year=year, start__month=number)
    ordering = ("-start", "-pk") if period == "past" else ("start", "pk")
    return queryset.order_by(*ordering)


COMMUNE_FIELDS = ("insee_code", "name", "postal_codes", "intercommunality", "intercommunality_code")
EVENT_FIELDS = (
    "pk",
    "title",
    "slug",
    "url_path",
    "translation_key",
    "locale_id",
    "kind",
    "intro",
    "start",
    "end",
    "place_name",
    "address",
    "accessibility",
    "registration_opens",
    "registration_closes",
    "capacity",
    "has_waitlist",
    "max_party_size",
    "cancelled",
    "last_published_at",
    "first_published_at",
    "commune",
)


def event_records(queryset, language=DEFAULT_LANGUAGE, with_activities=False):
    """The public record of each event: place, commune (INSEE, intercommunality), hosts,
    themes, registration state and seats left; never the video link or a registrant."""
    event_list = list(
        queryset.select_related("commune", "locale")
        .only(*EVENT_FIELDS, "locale__language_code", *(f"commune__{f}" for f in COMMUNE_FIELDS))
        .prefetch_related(
            Prefetch("host_members", queryset=_approved_only()),
            Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")),
        )
    )
    rates = fill_rates(event_list)
    translated = {}
    if language != DEFAULT_LANGUAGE and event_list:
        translated = {
            page.translation_key: page
            for page in EventPage.objects.live()
            .public()
            .filter(translation_key__in={e.translation_key for e in event_list}, locale__language_code=language)
            .select_related("locale")
            .only("pk", "title", "intro", "accessibility", "url_path", "translation_key", "locale__language_code")
        }
    activities = {}
    if with_activities and event_list:
        activities = _activities([e.pk for e in event_list], translated, language)
    now = timezone.now()
    records = []
    with translation.override(language):
        for event in event_list:
            text = translated.get(event.translation_key, event)
            taken, capacity = rates[event.pk]
            record = {
                "id": event.pk,
                "title": text.title,
                "summary": scrub(text.intro),
                "kind": event.kind,
                "kind_label": str(event.get_kind_display()),
                "start": iso(event.start),
                "end": iso(event.end),
                "cancelled": event.cancelled,
                "remote": event.is_remote,
                "place_name": event.place_name or None,
                "address": event.address or None,
                "commune": commune_record(event.commune),
                "accessibility": scrub(text.accessibility) or None,
                "host_members": [_member_ref(m) for m in event.host_members.all()],
                "themes": _themes(event.themes.all(), language),
                "registration": {
                    "state": event.registration_state(now),
                    "opens": iso(event.registration_opens),
                    "closes": iso(event.registration_closes_at()),
                    "capacity": capacity,
                    "seats_taken": taken if capacity is not None else None,
                    "seats_left": max(capacity - taken, 0) if capacity is not None else None,
                    "waiting_list": event.has_waitlist,
                    "max_party_size": event.max_party_size,
                },
                "published_at": iso(event.first_published_at),
                "updated_at": iso(event.last_published_at),
                "url": absolute_url(text.get_url() or "") if text.get_url() else None,
            }
            if with_activities:
                record["activities"] = activities.get(event.pk, [])
            records.append(record)
    return records


def _activities(event_pks, translated_pages, language):
    """{event pk: [activity records]} with seats taken and left, counted in people (party
    sizes) as the registration rules count them (2 or 3 queries)."""
    rows = list(
        Activity.objects.filter(event_id__in=event_pks)
        .only("pk", "event_id", "translation_key", "title", "description", "start", "end", "capacity")
        .order_by("event_id", "sort_order", "pk")
    )
    taken = dict(
        Registration.activities.through.objects.filter(
            activity_id__in=[a.pk for a in rows], registration__status__in=Registration.SEAT_STATUSES
        )
        .values("activity_id")
        .annotate(total=Sum("registration__party_size"))
        .order_by()
        .values_list("activity_id", "total")
    )
    texts = {}
    if language != DEFAULT_LANGUAGE and translated_pages:
        texts = {
            row["translation_key"]: row
            for row in Activity.objects.filter(event_id__in=[p.pk for p in translated_pages.values()]).values(
                "translation_key", "title", "description"
            )
        }
    result = {}
    for activity in rows:
        seats = taken.get(activity.pk) or 0
        text = texts.get(activity.translation_key, {})
        result.setdefault(activity.event_id, []).append(
            {
                "id": activity.pk,
                "event_id": activity.event_id,
                "title": text.get("title") or activity.title,
                "description": scrub(text.get("description") or activity.description),
                "start": iso(activity.start),
                "end": iso(activity.end),
                "capacity": activity.capacity,
                "seats_taken": seats,
                "seats_left": max(activity.capacity - seats, 0),
            }
        )
    return result


def event_detail(pk, language=DEFAULT_LANGUAGE):
    records = event_records(_public_events().filter(pk=pk), language, with_activities=True)
    if not records:
        return None
    record = records[0]
    record["actions"] = list(
        Action.objects.in_default_locale().filter(events=pk).order_by("pk").values_list("pk", flat=True)
    )
    return record


def activity_records(language=DEFAULT_LANGUAGE):
    """Every activity of the public events (for the dataset)."""
    event_pks = list(_public_events().values_list("pk", flat=True))
    return [record for records in _activities(event_pks, {}, language).values() for record in records]


# --- Shared names of translatable snippets -------------------------------------------------


def snippet_refs(model, language, *, with_id=False):
    """{translation_key: {"id"?, "slug", "name"}} of a translatable snippet (sectors,
    competencies) in `language`, else French; `id` is the French record's, which tags
    point to. Kept until the content changes."""

    def build():
        refs = {}
        for row in model.objects.filter(locale__language_code__in={language, DEFAULT_LANGUAGE}).values(
            "pk", "translation_key", "slug", "name", "locale__language_code"
        ):
            key = row["translation_key"]
            ref = refs.setdefault(key, {})
            if row["locale__language_code"] == DEFAULT_LANGUAGE and with_id:
                ref["id"] = row["pk"]
            if row["locale__language_code"] == language or "slug" not in ref:
                ref.update(slug=row["slug"], name=row["name"])
        return {key: ref for key, ref in refs.items() if not with_id or "id" in ref}

    return layout.shared(f"opendata:refs:{model._meta.label_lower}:{with_id}:{language}", build)


def key_for_slug(model, slug, language):
    """The translation key of the snippet whose slug, in `language` or French, is `slug`."""
    return (
        model.objects.filter(slug=slug, locale__language_code__in={language, DEFAULT_LANGUAGE})
        .values_list("translation_key", flat=True)
        .first()
    )


def _refs(objects, refs):
    return sorted((refs[o.translation_key] for o in objects if o.translation_key in refs), key=lambda r: r["name"])


def in_territory(commune_paths, commune=None, epci=None):
    """Rows whose commune (the first of `commune_paths` that is set) has this INSEE code or
    belongs to this intercommunality (SIREN): the "territory" filter of the public pages."""
    own, fallback = commune_paths
    field, value = ("insee_code", commune) if commune else ("intercommunality_code", epci)
    return Q(**{f"{own}__isnull": False, f"{own}__{field}": value}) | Q(
        **{f"{own}__isnull": True, f"{fallback}__{field}": value}
    )


def _words(queryset, q, fields):
    for word in (q or "").split()[:8]:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


# --- Practices and the competency framework ------------------------------------------------


def _subpage(base, slug):
    return absolute_url(f"{base}{slug}/") if base and slug else None


def domains(language=DEFAULT_LANGUAGE):
    """The domains of the competency framework (French records), in order."""

    return Domain.objects.filter(locale__language_code=DEFAULT_LANGUAGE).order_by("sort_order", "name", "pk")


def domain_records(queryset, language=DEFAULT_LANGUAGE):
    """Each domain with its competencies (3 queries)."""

    domain_list = list(queryset.only("pk", "translation_key", "name", "slug", "description", "sort_order"))
    texts = _translations(domain_list, language, ["name", "slug", "description"])
    refs = snippet_refs(Competency, language, with_id=True)
    by_domain = {}
    for competency in (
        Competency.objects.filter(domain__in=domain_list)
        .only("pk", "domain_id", "translation_key")
        .order_by("sort_order", "name", "pk")
    ):
        if competency.translation_key in refs:
            by_domain.setdefault(competency.domain_id, []).append(refs[competency.translation_key])
    records = []
    for domain in domain_list:
        text = texts.get(domain.translation_key, {})
        records.append(
            {
                "id": domain.pk,
                "slug": text.get("slug") or domain.slug,
                "name": text.get("name") or domain.name,
                "description": scrub(text.get("description") or domain.description),
                "sort_order": domain.sort_order,
                "competencies": by_domain.get(domain.pk, []),
            }
        )
    return records


def competencies(domain=None, q=None, language=DEFAULT_LANGUAGE):
    """The framework's competencies (French records, which tags point to), by domain."""

    queryset = Competency.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
    if domain:
        queryset = queryset.filter(domain_id=domain)
    queryset = _words(queryset, q, ["name", "description"])
    return queryset.order_by("domain__sort_order", "domain_id", "sort_order", "name", "pk")


def competency_records(queryset, language=DEFAULT_LANGUAGE):
    """Each competency with its domain, levels and how many published practices and public
    people carry it (4 queries)."""

    items = list(
        queryset.select_related("domain").only(
            "pk",
            "translation_key",
            "name",
            "slug",
            "description",
            "levels",
            "sort_order",
            "domain__id",
            "domain__translation_key",
            "domain__name",
        )
    )
    pks = [c.pk for c in items]
    texts = _translations(items, language, ["name", "slug", "description", "levels"])
    domain_names = {
        key: row["name"] for key, row in _translations([c.domain for c in items], language, ["name"]).items()
    }
    practice_counts = _counts(
        Practice.competencies.through.objects.filter(
            competency_id__in=pks, practice__in=Practice.objects.published().in_default_locale()
        ),
        "competency_id",
    )
    people_counts = _counts(
        Person.competencies.through.objects.filter(competency_id__in=pks, person__in=Person.objects.public()),
        "competency_id",
    )
    base = app_page_url(CompetencyFrameworkPage, language)
    records = []
    for competency in items:
        text = texts.get(competency.translation_key, {})
        slug = text.get("slug") or competency.slug
        levels = text.get("levels") or competency.levels
        records.append(
            {
                "id": competency.pk,
                "slug": slug,
                "name": text.get("name") or competency.name,
                "description": scrub(text.get("description") or competency.description),
                "levels": [line.strip() for line in levels.splitlines() if line.strip()],
                "domain": {
                    "id": competency.domain.pk,
                    "name": domain_names.get(competency.domain.translation_key, competency.domain.name),
                },
                "practice_count": practice_counts.get(competency.pk, 0),
                "people_count": people_counts.get(competency.pk, 0),
                "url": _subpage(base, slug),
            }
        )
    return records


def _counts(queryset, field):
    return dict(queryset.values(field).annotate(n=Count("pk")).order_by().values_list(field, "n"))


def competency_detail(pk, language=DEFAULT_LANGUAGE):
    """One competency with the identifiers of what it tags: published practices, public
    people, resources and public events (trainings)."""

    records = competency_records(competencies().filter(pk=pk), language)
    if not records:
        return None
    record = records[0]
    competency = Competency.objects.get(pk=pk)
    record["practices"] = list(
        Practice.objects.published()
        .in_default_locale()
        .filter(competencies=competency)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    record["people"] = list(
        Person.objects.public().filter(competencies=competency).order_by("pk").values_list("pk", flat=True)
    )
    record["events"] = list(
        _public_events().filter(competency_tags=competency).order_by("start", "pk").values_list("pk", flat=True)
    )
    return record


def practices(
    theme=None, competency=None, commune=None, epci=None, kind=None, member=None, q=None, language=DEFAULT_LANGUAGE
):
    """Published practices (French records), filtered like the library: theme and
    competency (slugs), territory (commune INSEE code or intercommunality SIREN, the
    practice's own commune else its member's seat), kind of member, member, words."""

    queryset = Practice.objects.published().in_default_locale()
    if theme:
        key = theme_key_for_slug(theme, language)
        if key is None:
            return Practice.objects.none()
        queryset = queryset.filter(
            pk__in=Practice.themes.through.objects.filter(theme__translation_key=key).values("practice_id")
        )
    if competency:
        key = key_for_slug(Competency, competency, language)
        if key is None:
            return Practice.objects.none()
        queryset = queryset.filter(
            pk__in=Practice.competencies.through.objects.filter(competency__translation_key=key).values("practice_id")
        )
    if commune or epci:
        queryset = queryset.filter(in_territory(("commune", "member__seat_commune"), commune, epci))
    if kind:
        queryset = queryset.filter(member__kind=kind)
    if member:
        queryset = queryset.filter(member_id=member)
    queryset = _words(queryset, q, ["title", "summary", "what_was_done"])
    return queryset.order_by("-published_at", "-pk")


def _with_member_and_territory(queryset, *fields):
    """Rows shared by a member, with a commune of their own or else the member's seat
    (practices, people): `fields`, the member's name and both communes, in one query."""
    return queryset.select_related("member", "commune", "member__seat_commune").only(
        "pk",
        "updated_at",
        *fields,
        "member__id",
        "member__name",
        *(f"commune__{f}" for f in COMMUNE_FIELDS),
        *(f"member__seat_commune__{f}" for f in COMMUNE_FIELDS),
    )


PRACTICE_TEXTS = (
    "title",
    "slug",
    "summary",
    "context",
    "what_was_done",
    "participants",
    "results",
    "lessons",
    "do_differently",
)


def practice_records(queryset, language=DEFAULT_LANGUAGE, *, with_texts=False):
    """The public record of each practice: its member, territory, themes and competencies
    (5 queries); `with_texts`: the whole sheet, its contact people (public profiles only),
    events and roadmap actions."""

    queryset = _with_member_and_territory(
        queryset, "translation_key", *PRACTICE_TEXTS, "published_at"
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")),
        Prefetch("competencies", queryset=Competency.objects.only("pk", "translation_key")),
    )
    if with_texts:
        queryset = queryset.prefetch_related(
            Prefetch("contact_people", queryset=Person.objects.public().only("pk", "name", "role")),
            Prefetch("events", queryset=_public_events().only("pk")),
            Prefetch("roadmap_actions", queryset=Action.objects.only("pk")),
        )
    items = list(queryset)
    texts = _translations(items, language, list(PRACTICE_TEXTS))
    refs = snippet_refs(Competency, language, with_id=True)
    base = app_page_url(PracticeIndexPage, language)
    records = []
    for practice in items:
        text = {name: getattr(practice, name) for name in PRACTICE_TEXTS} | texts.get(practice.translation_key, {})
        record = {
            "id": practice.pk,
            "slug": text["slug"],
            "title": text["title"],
            "summary": scrub(text["summary"]),
            "member": _member_ref(practice.member),
            "commune": commune_record(practice.commune or practice.member.seat_commune),
            "themes": _themes(practice.themes.all(), language),
            "competencies": _refs(practice.competencies.all(), refs),
            "published_at": iso(practice.published_at),
            "updated_at": iso(practice.updated_at),
            "url": _subpage(base, text["slug"]),
        }
        if with_texts:
            record.update({name: scrub(text[name]) for name in PRACTICE_TEXTS[3:]})
            record["contact_people"] = [
                {"id": p.pk, "name": p.name, "role": p.role or None} for p in practice.contact_people.all()
            ]
            record["events"] = [event.pk for event in practice.events.all()]
            record["actions"] = [action.pk for action in practice.roadmap_actions.all()]
        records.append(record)
    return records


def practice_detail(pk, language=DEFAULT_LANGUAGE):
    records = practice_records(practices().filter(pk=pk), language, with_texts=True)
    return records[0] if records else None


# --- People who opted in ------------------------------------------------------------------


def people(
    sector=None,
    theme=None,
    competency=None,
    category=None,
    commune=None,
    epci=None,
    member=None,
    q=None,
    language=DEFAULT_LANGUAGE,
):
    """Public profiles (consent given, not hidden, of an approved member), filtered like
    the directory of people: sector, theme, competency (slugs), category, territory
    (their own commune else their structure's seat), member and words."""

    queryset = Person.objects.public()
    for model, value, through, field in (
        (Sector, sector, Person.sectors.through, "sector"),
        (Competency, competency, Person.competencies.through, "competency"),
    ):
        if value:
            key = key_for_slug(model, value, language)
            if key is None:
                return Person.objects.none()
            queryset = queryset.filter(
                pk__in=through.objects.filter(**{f"{field}__translation_key": key}).values("person_id")
            )
    if theme:
        key = theme_key_for_slug(theme, language)
        if key is None:
            return Person.objects.none()
        queryset = queryset.filter(
            pk__in=Person.themes.through.objects.filter(theme__translation_key=key).values("person_id")
        )
    if category:
        queryset = queryset.filter(category=category)
    if commune or epci:
        queryset = queryset.filter(in_territory(("commune", "member__seat_commune"), commune, epci))
    if member:
        queryset = queryset.filter(member_id=member)
    queryset = _words(queryset, q, ["name", "role", "presentation"])
    return queryset.order_by("name", "pk")


def person_records(queryset, language=DEFAULT_LANGUAGE, *, with_practices=False):
    """The public part of each profile: name, role, category, structure, territory,
    presentation, sectors, themes, competencies and what they are a resource person for.
    Never the e-mail address, the personal link or who created the profile (7 queries)."""

    queryset = _with_member_and_territory(
        queryset, "slug", "name", "role", "category", "presentation"
    ).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.only("pk", "translation_key")),
        Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")),
        Prefetch("competencies", queryset=Competency.objects.only("pk", "translation_key")),
        Prefetch("pivot_themes", queryset=Theme.objects.only("pk", "translation_key")),
        Prefetch("pivot_sectors", queryset=Sector.objects.only("pk", "translation_key")),
    )
    if with_practices:
        queryset = queryset.prefetch_related(
            Prefetch("practices", queryset=Practice.objects.published().in_default_locale().only("pk"))
        )
    sectors = snippet_refs(Sector, language)
    competency_refs = snippet_refs(Competency, language, with_id=True)
    base = app_page_url(PeopleDirectoryPage, language)
    records = []
    with translation.override(language):
        for person in queryset:
            record = {
                "id": person.pk,
                "slug": person.slug,
                "name": person.name,
                "role": person.role or None,
                "category": person.category,
                "category_label": str(person.get_category_display()),
                "member": _member_ref(person.member),
                "commune": commune_record(person.commune or person.member.seat_commune),
                "presentation": scrub(person.presentation),
                "sectors": _refs(person.sectors.all(), sectors),
                "themes": _themes(person.themes.all(), language),
                "competencies": _refs(person.competencies.all(), competency_refs),
                "resource_person_for": {
                    "themes": _themes(person.pivot_themes.all(), language),
                    "sectors": _refs(person.pivot_sectors.all(), sectors),
                },
                "updated_at": iso(person.updated_at),
                "url": _subpage(base, person.slug),
            }
            if with_practices:
                record["practices"] = [practice.pk for practice in person.practices.all()]
            records.append(record)
    return records


def person_detail(pk, language=DEFAULT_LANGUAGE):
    records = person_records(people().filter(pk=pk), language, with_practices=True)
    return records[0] if records else None


# --- Calls for ideas ----------------------------------------------------------------------

CALL_STATES = ("open", "review", "results")


def calls(kind=None, state=None, theme=None, commune=None, epci=None, q=None, language=DEFAULT_LANGUAGE):
    """Calls for ideas and projects (French records), as listed on the calls' page (latest
    deadline first): kind, state (open, review, results), theme, territory, words."""

    queryset = Call.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
    if kind:
        queryset = queryset.filter(kind=kind)
    now = timezone.now()
    if state == "results":
        queryset = queryset.filter(results_published_at__isnull=False)
    elif state == "open":
        queryset = queryset.filter(results_published_at__isnull=True, deadline__gt=now)
    elif state == "review":
        queryset = queryset.filter(results_published_at__isnull=True, deadline__lte=now)
    if theme:
        key = theme_key_for_slug(theme, language)
        if key is None:
            return Call.objects.none()
        queryset = queryset.filter(theme__translation_key=key)
    if commune:
        queryset = queryset.filter(commune__insee_code=commune)
    if epci:
        queryset = queryset.filter(commune__intercommunality_code=epci)
    queryset = _words(queryset, q, ["title", "description"])
    return queryset.order_by("-deadline", "-pk")


def _published_ideas():

    return Idea.objects.filter(publication=Publication.PUBLISHED, call__locale__language_code=DEFAULT_LANGUAGE)


def _confirmed_supports(idea_pks):

    return _counts(IdeaSupport.objects.filter(idea_id__in=idea_pks, confirmed_at__isnull=False), "idea_id")


def roadmap_subpage_url(language, name, *args):
    """The absolute URL of a route of the roadmap page (a call, an idea), without a query."""

    base = roadmap_url(language)
    if not base:
        return None
    with translation.override(language):
        return absolute_url(base + RoadmapPage().reverse_subpage(name, args=args))


def call_records(queryset, language=DEFAULT_LANGUAGE, *, with_ideas=False):
    """Each call: kind, state, deadline, scope (theme, commune, event), number of published
    ideas and when its results were published (3 queries); `with_ideas`: its published
    ideas and the selected ones (the results)."""

    items = list(
        queryset.select_related("theme", "commune").only(
            "pk",
            "translation_key",
            "kind",
            "title",
            "description",
            "rules",
            "deadline",
            "results_published_at",
            "created_at",
            "event_id",
            "theme__translation_key",
            *(f"commune__{f}" for f in COMMUNE_FIELDS),
        )
    )
    texts = _translations(items, language, ["title", "description", "rules"])
    counts = _counts(_published_ideas().filter(call__in=items), "call_id")
    themes = theme_names(language)
    ideas = {}
    if with_ideas and items:
        for record in idea_records(_published_ideas().filter(call__in=items).order_by("moderated_at", "pk"), language):
            ideas.setdefault(record["call_id"], []).append(record)
    now = timezone.now()
    records = []
    with translation.override(language):
        for call in items:
            text = texts.get(call.translation_key, {})
            record = {
                "id": call.pk,
                "kind": call.kind,
                "kind_label": str(call.get_kind_display()),
                "title": text.get("title") or call.title,
                "description": scrub(text.get("description") or call.description),
                "rules": scrub(text.get("rules") or call.rules),
                "state": call.state(now),
                "deadline": iso(call.deadline),
                "theme": themes.get(call.theme.translation_key) if call.theme else None,
                "commune": commune_record(call.commune),
                "event": call.event_id,
                "idea_count": counts.get(call.pk, 0),
                "results_published_at": iso(call.results_published_at),
                "created_at": iso(call.created_at),
                "url": roadmap_subpage_url(language, "call", call.pk),
            }
            if with_ideas:
                record["ideas"] = ideas.get(call.pk, [])
                record["selected"] = [
                    idea["id"] for idea in record["ideas"] if idea["selection"] == Idea.Selection.SELECTED
                ]
            records.append(record)
    return records


def call_detail(pk, language=DEFAULT_LANGUAGE):
    records = call_records(calls().filter(pk=pk), language, with_ideas=True)
    return records[0] if records else None


def ideas(call=None, selection=None, member=None, q=None, language=DEFAULT_LANGUAGE):
    """Published ideas (never those waiting for confirmation or review, nor refused ones),
    most supported calls' ideas first by call: call, selection, member, words."""
    queryset = _published_ideas()
    if call:
        queryset = queryset.filter(call_id=call)
    if selection:
        queryset = queryset.filter(selection="" if selection == "none" else selection)
    if member:
        queryset = queryset.filter(member_id=member)
    queryset = _words(queryset, q, ["title", "description"])
    return queryset.order_by("call_id", "moderated_at", "pk")


IDEA_SELECTIONS = ("none", "shortlisted", "selected", "not_selected")


def idea_records(queryset, language=DEFAULT_LANGUAGE):
    """Each published idea: its call, text, the member that submitted it (a resident is
    never named), confirmed supports, the selection with its public reason and what it
    became (3 queries)."""
    items = list(
        queryset.select_related("member", "activity").only(
            "pk",
            "call_id",
            "title",
            "description",
            "selection",
            "selection_reason",
            "action_id",
            "activity__id",
            "activity__event_id",
            "moderated_at",
            "member__id",
            "member__name",
            "member__status",
        )
    )
    supports = _confirmed_supports([idea.pk for idea in items])
    records = []
    with translation.override(language):
        for idea in items:
            member = idea.member
            records.append(
                {
                    "id": idea.pk,
                    "call_id": idea.call_id,
                    "title": idea.title,
                    "description": scrub(idea.description),
                    "member": _member_ref(member) if member and member.status == Member.Status.APPROVED else None,
                    "support_count": supports.get(idea.pk, 0),
                    "selection": idea.selection or "none",
                    "selection_label": str(idea.get_selection_display()),
                    "selection_reason": scrub(idea.selection_reason) or None,
                    "action": idea.action_id,
                    "activity": (
                        {"id": idea.activity.pk, "event_id": idea.activity.event_id} if idea.activity else None
                    ),
                    "published_at": iso(idea.moderated_at),
                    "url": roadmap_subpage_url(language, "idea", idea.call_id, idea.pk),
                }
            )
    return records


def idea_detail(pk, language=DEFAULT_LANGUAGE):
    records = idea_records(ideas().filter(pk=pk), language)
    return records[0] if records else None
