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
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone, translation

from home import layout
from home.models import Theme
from home.services import absolute_url
from members.models import Commune, Member
from roadmap.models import Action, ActionUpdate, Axis, Commitment, Support, roadmap_page_for_language
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


def _commune_queryset():
    return Commune.objects.only("pk", "insee_code", "name", "postal_codes", "intercommunality", "intercommunality_code")


def _page_url(name, language, build):
    return layout.shared(f"opendata:url:{name}:{language}", build)


def directory_url(language):
    from members.models import DirectoryPage

    def build():
        with translation.override(language):
            return DirectoryPage.url_for_active_locale()

    return _page_url("directory", language, build)


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


def axes():
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


def actions(axis=None, status=None, member=None, q=None):
    """The roadmap's actions (French records), filtered like the roadmap page."""
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


# --- When the data last changed ----------------------------------------------------------


def last_changes():
    """The latest timestamps of the published records (for the datasets' metadata)."""
    return {
        "members": Member.objects.approved().aggregate(at=Max("updated_at"))["at"],
        "actions": Action.objects.aggregate(at=Max("updated_at"))["at"],
        "events": _public_events().aggregate(at=Max("last_published_at"))["at"],
    }
