"""The read side of practices and competencies: the framework, the library's filters, a
competency's page, the "who can help me?" finder and the map's practices. Tags point to the
competencies and practices in the default language; what is shown comes in the visitor's
language when a translation exists (`localize_*`). Every listing has a constant number of
queries as its items grow."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, CharField, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home import layout
from home.models import Resource, Theme, paginate
from members.models import Member
from members.people import Person
from members.queries import (
    active_themes,
    decorate_people,
    in_territory,
    nearness,
    parse_territory,
    person_nearness,
    search_words,
    territory_select,
)
from members.queries import people_with_listing_data as people_listing_data
from roadmap.models import apply_translations
from workshops.models import EventPage

from .models import Competency, CompetencyFrameworkPage, Domain, Practice, PracticeIndexPage

FINDER_LIMIT = 12  # items shown per kind in the finder (the counts cover them all)


def default_language():
    return settings.LANGUAGE_CODE


def _language():
    return layout.active_locale().language_code


# --- The competency framework -------------------------------------------------------------


def competency_names():
    """{translation_key: {"name", "slug", "url", "pk"}} of every competency, in the active
    language (falling back to the default one). Kept until content changes."""
    language = _language()

    def build():
        rows = {}
        base = CompetencyFrameworkPage.url_for_active_locale()
        for competency in Competency.objects.filter(
            locale__language_code__in={language, default_language()}
        ).select_related("locale"):
            if competency.translation_key in rows and competency.locale.language_code != language:
                continue
            rows[competency.translation_key] = {
                "name": competency.name,
                "slug": competency.slug,
                "url": f"{base}{competency.slug}/" if base else "",
            }
        return rows

    return layout.shared(f"competency-names:{language}", build)


def framework():
    """Domains in the active language with their competencies (fallback: default language)."""
    language = _language()

    def build():
        domains = list(Domain.objects.filter(locale__language_code=language).order_by("sort_order", "name"))
        if not domains and language != default_language():
            domains = list(Domain.objects.filter(locale__language_code=default_language()))
        names = competency_names()
        by_domain = {}
        for competency in (
            Competency.objects.filter(locale__language_code=default_language())
            .select_related("domain")
            .order_by("sort_order", "name")
        ):
            by_domain.setdefault(competency.domain.translation_key, []).append(
                names.get(competency.translation_key, {"name": competency.name, "slug": competency.slug, "url": ""})
            )
        return [
            {
                "name": domain.name,
                "description": domain.description,
                "competencies": by_domain.get(domain.translation_key, []),
            }
            for domain in domains
        ]

    return layout.shared(f"competency-framework:{language}", build)


def competency_choices():
    """[(slug in the active language, name)] for filters, by domain order."""
    names = competency_names()
    return layout.shared(
        f"competency-choices:{_language()}",
        lambda: [
            (names[key]["slug"], names[key]["name"])
            for key in Competency.objects.filter(locale__language_code=default_language())
            .order_by("domain__sort_order", "domain__name", "sort_order", "name")
            .values_list("translation_key", flat=True)
            if key in names
        ],
    )


def competency_for_slug(slug):
    """The competency (in the default language, which the tags point to) whose slug in the
    active language — or in the default one — is `slug`; None when unknown."""
    found = (
        Competency.objects.filter(slug=slug, locale__language_code__in={_language(), default_language()})
        .values_list("translation_key", flat=True)
        .first()
    )
    if found is None:
        return None
    return Competency.objects.filter(translation_key=found, locale__language_code=default_language()).first()


def localized_competency(competency):
    """The competency's translation in the active language, else itself."""
    if _language() == default_language():
        return competency
    return (
        Competency.objects.filter(translation_key=competency.translation_key, locale__language_code=_language()).first()
        or competency
    )


def theme_for_slug(slug, themes):
    return next((theme for theme in themes if theme.slug == slug), None)


# --- Practices ----------------------------------------------------------------------------------


def published_practices():
    return Practice.objects.published().in_default_locale()


def practices_listing_data(practices):
    return practices.select_related("member", "commune", "member__seat_commune", "image").defer(
        "commune__contour", "member__seat_commune__contour"
    )


def practice_tags(practice_ids):
    """{practice id: {"themes" | "competencies": [translation keys]}}: one query (a UNION
    of the two link tables), whatever the number of practices."""
    queries = [
        getattr(Practice, relation)
        .through.objects.filter(practice_id__in=practice_ids)
        .annotate(relation=Value(relation, output_field=CharField()))
        .values_list("practice_id", f"{target}__translation_key", "relation")
        for relation, target in (("themes", "theme"), ("competencies", "competency"))
    ]
    tags = {}
    if practice_ids:
        for practice_id, key, relation in queries[0].union(queries[1], all=True):
            tags.setdefault(practice_id, {}).setdefault(relation, []).append(key)
    return tags


def localize_practices(practices, tags=True):
    """Set `display` (the translation in the active language, else the practice itself),
    `url` and, with `tags`, `theme_names` and `competency_list` on each practice: a query
    for the translations (in a language other than the default) and one for the tags."""
    practices = list(practices)
    language = _language()
    translations = {}
    if practices and language != default_language():
        translations = {
            p.translation_key: p
            for p in Practice.objects.filter(
                translation_key__in={p.translation_key for p in practices}, locale__language_code=language
            )
        }
    theme_names = dict(
        layout.shared(
            f"theme-names:{language}",
            lambda: list(Theme.objects.filter(locale__language_code=language).values_list("translation_key", "name")),
        )
    )
    names = competency_names()
    base = PracticeIndexPage.url_for_active_locale()
    own_tags = practice_tags([practice.pk for practice in practices]) if tags else {}
    for practice in practices:
        practice.display = translations.get(practice.translation_key, practice)
        practice.url = f"{base}{practice.display.slug}/" if base else ""
        if not tags:
            continue
        own = own_tags.get(practice.pk, {})
        practice.theme_names = sorted(theme_names.get(key, "") for key in own.get("themes", []))
        practice.competency_list = sorted(
            (names[key] for key in own.get("competencies", []) if key in names),
            key=lambda item: item["name"],
        )
    return practices


def filtered_practices(params, *, themes):
    """Published practices matching ?theme=, ?competency=, ?territory=, ?kind= (of the
    member) and ?q= (accent-insensitive)."""
    practices = published_practices()
    query, words = search_words(params.get("q"))
    filters = {"theme": "", "competency": "", "territory": "", "kind": "", "q": query, "commune": ""}
    theme = theme_for_slug(params.get("theme", ""), themes)
    if theme is not None:
        practices = practices.filter(themes__translation_key=theme.translation_key)
        filters["theme"] = theme.slug
    competency = competency_for_slug(params.get("competency", "")[:150]) if params.get("competency") else None
    if competency is not None:
        practices = practices.filter(competencies=competency)
        filters["competency"] = params.get("competency")
    territory = parse_territory(params.get("territory"))
    if territory is not None:
        practices = practices.filter(practice_in_territory(territory))
        filters["territory"] = territory.value
    kind = params.get("kind", "")
    if kind in Member.Kind.values:
        practices = practices.filter(member__kind=kind)
        filters["kind"] = kind
    for word in words:
        practices = practices.filter(search_text__contains=word)
    return practices.distinct(), filters


def practice_in_territory(territory):
    return Q(commune__isnull=False) & in_territory(territory, "commune") | Q(commune__isnull=True) & in_territory(
        territory, "member__seat_commune"
    )


def practice_nearness(territory):

    if territory is None:
        return Value(2, output_field=IntegerField())
    return Case(
        When(commune__isnull=False, then=nearness(territory, "commune")),
        default=nearness(territory, "member__seat_commune"),
        output_field=IntegerField(),
    )


def practice_for_slug(slug):
    """A published practice by its slug in the active language (or the default one): the
    source practice (with its relations) and what to display."""
    found = (
        Practice.objects.filter(slug=slug, locale__language_code__in={_language(), default_language()})
        .values_list("translation_key", flat=True)
        .first()
    )
    if found is None:
        return None
    practice = (
        practices_listing_data(published_practices().filter(translation_key=found))
        .select_related("document")
        .prefetch_related(
            Prefetch(
                "contact_people", queryset=Person.objects.public().only("pk", "name", "slug", "role", "member_id")
            ),
        )
        .first()
    )
    if practice is None:
        return None
    return localize_practices([practice])[0]


def library(request):
    """The library's page: a page of the practices the filters of the request find, with the
    filters' choices."""
    themes = active_themes()
    practices, filters = filtered_practices(request.GET, themes=themes)
    practices_page = paginate(request, practices_listing_data(practices).order_by("-published_at", "pk"))
    practices_page.object_list = localize_practices(practices_page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "practices_page": practices_page,
        "filters": filters,
        "themes": themes,
        "competencies": competency_choices(),
        "kinds": Member.Kind.choices,
        "territory_select": territory_select(filters["territory"], "practices-territory", _("Whole département")),
        "query_string": query.urlencode(),
        "is_filtered": any(filters.values()),
    }


def practice_page(practice):
    """What a practice's page shows besides the practice: its events and its roadmap actions
    in the visitor's language."""
    return {
        "practice": practice,
        "title": practice.display.title,
        "events": localize_events(practice.events.live().filter(locale=practice.locale)),
        "actions": apply_translations(list(practice.roadmap_actions.all()), get_language()),
    }


def member_practices(member):
    return localize_practices(
        practices_listing_data(published_practices().filter(member=member)).order_by("-published_at")
    )


def practices_of_person(email):
    """The practices (in the default language) that an address submitted, through its
    account, or is a contact person of (the RGPD export: practices/personal_data.py)."""
    email = email.strip()
    practices = Practice.objects.filter(locale__language_code=default_language()).select_related("member")
    submitted = practices.filter(Q(submitted_by__email__iexact=email) | Q(submitted_by__username__iexact=email))
    contact_of = practices.filter(contact_people__email__iexact=email).distinct()
    return submitted.order_by("submitted_at", "pk"), contact_of.order_by("submitted_at", "pk")


# --- Resources and events -----------------------------------------------------------------------------


def localize_resources(resources):
    """Resources (default language) with `display`: their translation in the active language."""
    resources = list(resources)
    language = _language()
    translations = {}
    if resources and language != default_language():
        translations = {
            r.translation_key: r
            for r in Resource.objects.filter(
                translation_key__in={r.translation_key for r in resources}, locale__language_code=language
            ).select_related("document")
        }
    for resource in resources:
        resource.display = translations.get(resource.translation_key, resource)
    return resources


def resources_for(competency=None, theme=None):
    resources = Resource.objects.filter(locale__language_code=default_language()).select_related("document")
    if competency is not None:
        resources = resources.filter(competencies=competency)
    elif theme is not None:
        resources = resources.filter(theme__translation_key=theme.translation_key)
    else:
        return Resource.objects.none()
    return resources.distinct()


def upcoming_events_for(competency=None, theme=None, territory=None):
    """Upcoming events (trainings first when the agenda has such a kind) tagged with the
    competency — on the competency, or through an event's own `competencies` field when the
    workshops app gains one — or with the theme; nearest first. Live pages in the default
    language; `localize_events` gives the visitor's translation."""

    events = EventPage.objects.live().filter(locale__language_code=default_language(), start__gt=timezone.now())
    if competency is not None:
        tagged = Q(competency_tags=competency)
        if _event_has_own_competencies(EventPage):
            # Events tagged on their own page (a field the workshops app may add).
            tagged |= Q(competencies__translation_key=competency.translation_key)
        events = events.filter(tagged)
    elif theme is not None:
        events = events.filter(themes__translation_key=theme.translation_key)
    else:
        return EventPage.objects.none()
    order = ["nearness", "start"]
    training_kind = getattr(EventPage.Kind, "TRAINING", None)
    if training_kind is not None:
        events = events.annotate(
            is_training=Case(When(kind=training_kind, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        order = ["is_training", *order]
    return (
        events.filter(cancelled=False)
        .annotate(nearness=nearness(territory, "commune"))
        .select_related("commune")
        .defer("commune__contour")
        .distinct()
        .order_by(*order)
    )


def _event_has_own_competencies(model):

    try:
        field = model._meta.get_field("competencies")
    except FieldDoesNotExist:
        return False
    return field.many_to_many and field.related_model is Competency


def localize_events(events):

    events = list(events)
    language = _language()
    translations = {}
    if events and language != default_language():
        translations = {
            e.translation_key: e
            for e in EventPage.objects.live().filter(
                translation_key__in={e.translation_key for e in events}, locale__language_code=language
            )
        }
    for event in events:
        event.display = translations.get(event.translation_key, event)
    return events


# --- A competency's page and the finder ----------------------------------------------------------------


def count_by_nearness(queryset, nearness_expression):
    """{same_commune, same_intercommunality, elsewhere, total} in one query."""
    counts = queryset.annotate(nearness=nearness_expression).aggregate(
        same_commune=Count("pk", filter=Q(nearness=0), distinct=True),
        same_intercommunality=Count("pk", filter=Q(nearness=1), distinct=True),
        elsewhere=Count("pk", filter=Q(nearness=2), distinct=True),
    )
    counts["total"] = sum(counts.values())
    return counts


def people_for(competency=None, theme=None):
    people = Person.objects.public()
    if competency is not None:
        return people.filter(competencies=competency)
    if theme is not None:
        return people.filter(
            Q(themes__translation_key=theme.translation_key) | Q(pivot_themes__translation_key=theme.translation_key)
        ).distinct()
    return Person.objects.none()


def practices_for(competency=None, theme=None):
    practices = published_practices()
    if competency is not None:
        return practices.filter(competencies=competency)
    if theme is not None:
        return practices.filter(themes__translation_key=theme.translation_key).distinct()
    return Practice.objects.none()


def find_help(*, competency=None, theme=None, territory=None, limit=FINDER_LIMIT):
    """Practices, resources, upcoming trainings and people for a competency (or a theme),
    nearest first to a territory, with counts by distance."""
    practices = practices_for(competency, theme)
    practice_rows = list(
        practices_listing_data(practices)
        .annotate(nearness=practice_nearness(territory))
        .order_by("nearness", "-published_at", "pk")[:limit]
    )
    people = people_for(competency, theme)
    people_rows = list(
        people_listing_data(people)
        .annotate(nearness=person_nearness(territory))
        .order_by("nearness", "name", "pk")[:limit]
    )
    resources = resources_for(competency, theme)
    events = upcoming_events_for(competency, theme, territory)
    event_rows = list(events[:limit])
    return {
        "practices": localize_practices(practice_rows),
        "practice_counts": count_by_nearness(practices, practice_nearness(territory)),
        "people": decorate_people(people_rows),
        "people_counts": count_by_nearness(people, person_nearness(territory)),
        "resources": localize_resources(resources[:limit]),
        "resource_count": resources.count(),
        "events": localize_events(event_rows),
        "event_count": len(event_rows),
    }


def competency_page(competency):
    """Everything tagged with a competency (not ranked by territory)."""
    return find_help(competency=competency, territory=None, limit=50)


# --- The map -------------------------------------------------------------------------------------------


def practice_points():
    """[(INSEE code, commune name, number of published practices)] for the directory's map."""
    rows = {}
    for practice in (
        published_practices()
        .select_related("commune", "member__seat_commune")
        .only(
            "pk",
            "commune__insee_code",
            "commune__name",
            "member__seat_commune__insee_code",
            "member__seat_commune__name",
        )
    ):
        commune = practice.commune or practice.member.seat_commune
        if commune is None:
            continue
        entry = rows.setdefault(commune.insee_code, [commune.name, 0])
        entry[1] += 1
    return [(code, name, count) for code, (name, count) in sorted(rows.items())]
