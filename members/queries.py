"""Reading the directory: filtered lists of approved members, localized theme names, and
the département map drawn as SVG from the communes' contours. Constant query counts.

Reading people and alliances: the public directory of people (filters, accent-insensitive
search), territories (a commune or an intercommunality) and the "nearest first" ordering the
finder shares, alliances of a member and for the map. Constant query counts.
"""

import math

from django.apps import apps
from django.db.models import Case, CharField, Count, IntegerField, Prefetch, Q, Value, When
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from wagtail import hooks

from home import layout
from home.forms import LongSelect
from home.models import Theme
from home.queries import active_themes  # the directory's themes, in the visitor's language
from home.text_search import contains_words, french_order, sort_french, words

from .membership import Commune, Member
from .people import Alliance, Person, Sector

MAX_QUERY_LENGTH = 200


def clean_query(value):
    query = " ".join((value or "").split())[:MAX_QUERY_LENGTH]
    return "".join(char for char in query if char.isprintable())


def filtered_members(params, themes):
    """Approved members matching ?kind=, ?theme= (slug in the active language),
    ?territory= (intercommunality), ?commune= (INSEE code) and ?q=."""
    members = Member.objects.approved()
    filters = {"kind": "", "theme": "", "territory": "", "commune": "", "q": clean_query(params.get("q"))}
    kind = params.get("kind", "")
    if kind in Member.Kind.values:
        members = members.filter(kind=kind)
        filters["kind"] = kind
    theme_slug = params.get("theme", "")
    theme = next((theme for theme in themes if theme.slug == theme_slug), None)
    if theme is not None:
        # A subquery rather than a join: no duplicate rows, so no DISTINCT over every column.
        members = members.filter(
            pk__in=Member.themes.through.objects.filter(theme__translation_key=theme.translation_key).values(
                "member_id"
            )
        )
        filters["theme"] = theme.slug
    territory = clean_query(params.get("territory"))
    if territory:
        members = members.filter(seat_commune__intercommunality=territory)
        filters["territory"] = territory
    commune = params.get("commune", "")
    if commune.isalnum() and len(commune) == 5:
        members = members.filter(seat_commune__insee_code=commune)
        filters["commune"] = commune
    if filters["q"]:
        members = members.filter(member_search(filters["q"]))
    return members, filters


def member_search(query):
    """Members by name, description, commune or INSEE code, accents and case ignored: every
    word of the query in their search text (`Member.search_text`, folded when they are saved)."""
    return contains_words(query)


def with_listing_data(members):
    return (
        members.select_related("seat_commune")
        .defer("seat_commune__contour")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")))
    )


def public_member(slug):
    """An approved member's profile, with its theme names in the active language, or None."""
    member = (
        Member.objects.approved()
        .select_related("seat_commune", "logo")
        .defer("seat_commune__contour")
        .prefetch_related("themes")
        .filter(slug=slug)
        .first()
    )
    if member is not None:
        names = theme_names(active_themes())
        member.theme_names = sort_french({names.get(t.translation_key, t.name) for t in member.themes.all()}, str)
    return member


def hook_sections(hook_name, request, member):
    """The sections other apps add to a member's profile or member area (a hook's
    `(template, context)` pairs)."""
    sections = []
    for fn in hooks.get_hooks(hook_name):
        sections.extend(fn(request, member))
    return sections


def theme_names(themes):
    """{translation_key: name in the active language}, to show any member's themes."""
    return {theme.translation_key: theme.name for theme in themes}


def territories():
    """Intercommunalities where approved members are based (kept until content changes)."""
    return layout.shared(
        "member-territories",
        lambda: list(
            Commune.objects.filter(members__status=Member.Status.APPROVED)
            .exclude(intercommunality="")
            .values_list("intercommunality", flat=True)
            .distinct()
            .order_by(*french_order("intercommunality"))
        ),
    )


# --- The map ---------------------------------------------------------------------------

MAP_WIDTH = 800


def _projection(communes):
    """An equirectangular projection centred on the département, scaled to MAP_WIDTH."""
    points = [point for commune in communes for ring in commune["contour"] for point in ring]
    if not points:
        return None
    min_x = min(x for x, _y in points)
    max_x = max(x for x, _y in points)
    min_y = min(y for _x, y in points)
    max_y = max(y for _x, y in points)
    ratio = math.cos(math.radians((min_y + max_y) / 2))
    scale = MAP_WIDTH / ((max_x - min_x) * ratio)
    height = (max_y - min_y) * scale

    def project(x, y):
        return round((x - min_x) * ratio * scale), round((max_y - y) * scale)

    return project, round(height)


def map_html(directory_url):
    """The SVG map of the directory, drawn once per language and kept in the cache until
    content changes (a member approved, a commune's data loaded): "" without contours."""

    def draw():
        data = build_map(directory_url)
        return render_to_string("members/includes/directory_map.html", {"map": data}) if data else ""

    return layout.shared(f"directory-map:{get_language()}:{directory_url}", draw)


def build_map(directory_url):
    """The SVG map's data: every commune's path; member communes and communes with other
    members are links (to the list filtered on that commune) with an accessible name."""
    communes = list(
        Commune.objects.exclude(contour=[]).values(
            "insee_code", "name", "contour", "town_hall_longitude", "town_hall_latitude"
        )
    )
    projection = _projection(communes)
    if projection is None:
        return None
    project, height = projection
    counts = {}
    for row in (
        Member.objects.approved()
        .filter(seat_commune__isnull=False)
        .values("seat_commune__insee_code", "kind")
        .annotate(total=Count("pk"))
    ):
        entry = counts.setdefault(row["seat_commune__insee_code"], {"commune": 0, "others": 0})
        entry["commune" if row["kind"] == Member.Kind.COMMUNE else "others"] += row["total"]
    shapes = []
    for commune in communes:
        path = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (project(*point) for point in ring)) + " Z"
            for ring in commune["contour"]
        )
        entry = counts.get(commune["insee_code"], {"commune": 0, "others": 0})
        is_member = entry["commune"] > 0
        others = entry["others"]
        shape = {"path": path, "name": commune["name"], "member": is_member, "others": others, "label": ""}
        if is_member or others:
            parts = [commune["name"]]
            if is_member:
                parts.append(_("member commune"))
            if others:
                parts.append(
                    ngettext("%(count)s other member based here", "%(count)s other members based here", others)
                    % {"count": others}
                )
            shape["label"] = ", ".join(parts)
            shape["url"] = f"{directory_url}?commune={commune['insee_code']}#results"
            if others and commune["town_hall_longitude"] is not None:
                shape["marker"] = project(commune["town_hall_longitude"], commune["town_hall_latitude"])
        shapes.append(shape)
    # Linked shapes last, so that their outline and markers are drawn on top.
    shapes.sort(key=lambda shape: bool(shape["label"]))
    data = {
        "width": MAP_WIDTH,
        "height": height,
        "shapes": shapes,
        "member_communes": sum(1 for shape in shapes if shape["member"]),
        "other_members": sum(shape["others"] for shape in shapes),
    }
    data.update(map_layers(communes, project, directory_url))
    return data


def map_layers(communes, project, directory_url):
    """Lines (alliances) and points (practices) that other modules add to the map with the
    `register_directory_map_layers` hook: `{"lines": [{"from", "to", "label", "slug"}],
    "points": [{"insee_code", "count", "label", "url"}]}`, communes given by INSEE code."""
    town_halls = {
        commune["insee_code"]: project(commune["town_hall_longitude"], commune["town_hall_latitude"])
        for commune in communes
        if commune["town_hall_longitude"] is not None
    }
    lines, points = [], []
    for hook in hooks.get_hooks("register_directory_map_layers"):
        layer = hook() or {}
        for line in layer.get("lines", []):
            if line["from"] in town_halls and line["to"] in town_halls:
                start, end = town_halls[line["from"]], town_halls[line["to"]]
                lines.append(
                    {"x1": start[0], "y1": start[1], "x2": end[0], "y2": end[1], "label": line["label"],
                     "url": f"{directory_url}{line['slug']}/"}
                )  # fmt: skip
        for point in layer.get("points", []):
            if point["insee_code"] in town_halls:
                x, y = town_halls[point["insee_code"]]
                # Beside the town hall, so that it does not hide a member's numbered circle.
                points.append({**point, "x": x + 10, "y": y - 18})
    return {"lines": lines, "points": points}


# --- People (practitioners) and alliances ----------------------------------------

MAX_QUERY_LENGTH = 200


def search_words(query):
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    query = "".join(char for char in query if char.isprintable())
    return query, words(query)


# --- Territories -------------------------------------------------------------------------------


class Territory:
    """A commune ("49007") or an intercommunality ("epci-200071678") of the département."""

    def __init__(self, kind, code, name, intercommunality_code=""):
        self.kind, self.code, self.name, self.intercommunality_code = kind, code, name, intercommunality_code

    @property
    def value(self):
        return self.code if self.kind == "commune" else f"epci-{self.code}"

    @property
    def is_commune(self):
        return self.kind == "commune"

    def __str__(self):
        return self.name


def intercommunalities():
    """[(SIREN, name)] of the département's intercommunalities, kept until content changes."""
    return layout.shared(
        "intercommunalities",
        lambda: list(
            Commune.objects.exclude(intercommunality_code="")
            .values_list("intercommunality_code", "intercommunality")
            .distinct()
            .order_by("intercommunality")
        ),
    )


def communes():
    """[(INSEE code, name, intercommunality SIREN)] of the département's communes."""
    return layout.shared(
        "commune-names",
        lambda: list(Commune.objects.values_list("insee_code", "name", "intercommunality_code").order_by("name")),
    )


def territory_choices(empty_label):
    """Choices for a territory select: the intercommunalities, then the communes."""
    return [
        ("", empty_label),
        (_("Intercommunalities"), [(f"epci-{code}", name) for code, name in intercommunalities()]),
        (_("Communes"), [(code, name) for code, name, _epci in communes()]),
    ]


def parse_territory(value):
    """The Territory a select's value names, or None when it is unknown."""
    value = (value or "").strip()[:30]
    if value.startswith("epci-"):
        code = value[5:]
        name = dict(intercommunalities()).get(code)
        return Territory("intercommunality", code, name) if name else None
    for code, name, epci in communes():
        if code == value:
            return Territory("commune", code, name, epci)
    return None


def nearness(territory, commune_path):
    """An annotation ranking rows by distance to `territory`: 0 same commune, 1 same
    intercommunality, 2 elsewhere in the département (or no territory chosen).
    `commune_path` names the row's commune ("commune", "member__seat_commune"…)."""
    if territory is None:
        return Value(2, output_field=IntegerField())
    whens = []
    if territory.is_commune:
        whens.append(When(**{f"{commune_path}__insee_code": territory.code}, then=Value(0)))
    epci = territory.intercommunality_code if territory.is_commune else territory.code
    if epci:
        whens.append(When(**{f"{commune_path}__intercommunality_code": epci}, then=Value(1)))
    return Case(*whens, default=Value(2), output_field=IntegerField())


def person_nearness(territory):
    """Nearness of a person: their own commune, else their structure's."""
    if territory is None:
        return Value(2, output_field=IntegerField())
    own = nearness(territory, "commune")
    seat = nearness(territory, "member__seat_commune")
    return Case(When(commune__isnull=False, then=own), default=seat, output_field=IntegerField())


def in_territory(territory, commune_path):
    if territory.is_commune:
        return Q(**{f"{commune_path}__insee_code": territory.code})
    return Q(**{f"{commune_path}__intercommunality_code": territory.code})


def person_in_territory(territory):
    return Q(commune__isnull=False) & in_territory(territory, "commune") | Q(commune__isnull=True) & in_territory(
        territory, "member__seat_commune"
    )


# --- The directory of people ------------------------------------------------------------------------


def active_sectors():
    locale = layout.active_locale()
    return layout.shared(
        f"sectors:{locale.language_code}",
        lambda: list(Sector.objects.filter(locale=locale).only("pk", "name", "slug", "translation_key")),
    )


def localized_names(model, objects_or_keys):
    """{translation_key: name in the active language} for snippets such as themes, sectors."""
    locale = layout.active_locale()
    return layout.shared(
        f"names:{model._meta.label_lower}:{locale.language_code}",
        lambda: dict(model.objects.filter(locale=locale).values_list("translation_key", "name")),
    )


def filtered_people(params, *, themes, sectors, competencies):
    """Public profiles matching ?sector=, ?theme=, ?competency= (slugs in the active
    language), ?territory= and ?q= (accent-insensitive)."""
    people = Person.objects.public()
    query, words = search_words(params.get("q"))
    filters = {"sector": "", "theme": "", "competency": "", "territory": "", "q": query}
    sector = next((s for s in sectors if s.slug == params.get("sector", "")), None)
    if sector is not None:
        people = people.filter(
            pk__in=Person.sectors.through.objects.filter(sector__translation_key=sector.translation_key).values(
                "person_id"
            )
        )
        filters["sector"] = sector.slug
    theme = next((t for t in themes if t.slug == params.get("theme", "")), None)
    if theme is not None:
        people = people.filter(
            pk__in=Person.themes.through.objects.filter(theme__translation_key=theme.translation_key).values(
                "person_id"
            )
        )
        filters["theme"] = theme.slug
    competency = next((c for c in competencies if c.slug == params.get("competency", "")), None)
    if competency is not None:
        people = people.filter(
            pk__in=Person.competencies.through.objects.filter(
                competency__translation_key=competency.translation_key
            ).values("person_id")
        )
        filters["competency"] = competency.slug
    territory = parse_territory(params.get("territory"))
    if territory is not None:
        people = people.filter(person_in_territory(territory))
        filters["territory"] = territory.value
    for word in words:
        people = people.filter(search_text__contains=word)
    return people, filters, territory


def people_with_listing_data(people):
    """Public profiles with what a card shows in one query; `decorate_people` adds the
    names of their sectors, themes and competencies (one more query for any number)."""
    return people.select_related("member", "commune", "member__seat_commune").defer(
        "commune__contour", "member__seat_commune__contour", "search_text"
    )


PERSON_TAGS = (
    ("sectors", "sector"),
    ("themes", "theme"),
    ("pivot_themes", "theme"),
    ("pivot_sectors", "sector"),
    ("competencies", "competency"),
)


def person_tags(person_ids):
    """{person id: {relation: [translation keys]}} of the people's sectors, themes, resource
    themes and sectors and competencies: one query (a UNION of the five link tables)."""
    queries = [
        getattr(Person, relation)
        .through.objects.filter(person_id__in=person_ids)
        .annotate(relation=Value(relation, output_field=CharField()))
        .values_list("person_id", f"{target}__translation_key", "relation")
        for relation, target in PERSON_TAGS
    ]
    tags = {}
    if person_ids:
        for person_id, key, relation in queries[0].union(*queries[1:], all=True):
            tags.setdefault(person_id, {}).setdefault(relation, []).append(key)
    return tags


def subpage_urls(page_model, route):
    """slug → the URL of a directory's sub-page (`route`, with a `slug` argument) in the
    active language: the directory's URL and the route are looked up once, not per item."""
    page_class = apps.get_model("members", page_model)  # a page: models.py imports this module
    base = page_class.url_for_active_locale()
    if not base:
        return lambda slug: ""
    pattern = base + page_class().reverse_subpage(route, kwargs={"slug": "slug-placeholder"})
    return lambda slug: pattern.replace("slug-placeholder", slug)


def decorate_people(people):
    """Each person's URL and the names of their sectors, themes and competencies in the
    active language."""
    # practices.queries imports this app's records: imported here to break that cycle.
    from practices.queries import competency_names

    people = list(people) if not hasattr(people, "object_list") else people
    theme_names = localized_names(Theme, None)
    sector_names = localized_names(Sector, None)
    competencies = competency_names()
    tags = person_tags([person.pk for person in people])
    person_url = subpage_urls("PeopleDirectoryPage", "person")
    for person in people:
        own = tags.get(person.pk, {})
        person.url = person_url(person.slug)
        person.sector_names = sorted(sector_names.get(key, "") for key in own.get("sectors", []))
        person.theme_names = sorted(theme_names.get(key, "") for key in own.get("themes", []))
        person.pivot_names = sorted(
            [theme_names.get(key, "") for key in own.get("pivot_themes", [])]
            + [sector_names.get(key, "") for key in own.get("pivot_sectors", [])]
        )
        person.competency_list = sorted(
            (competencies[key] for key in own.get("competencies", []) if key in competencies),
            key=lambda item: item["name"],
        )
    return people


# --- Alliances ---------------------------------------------------------------------------------------------


def alliances_of(member, statuses=(Alliance.Status.ACCEPTED,)):
    return (
        Alliance.objects.filter(Q(proposer=member) | Q(partner=member), status__in=statuses)
        .select_related("proposer", "partner")
        .order_by("-answered_at", "-created_at")
    )


def territory_select(value, element_id, empty_label):
    """The territory <select> of a filter form (intercommunalities, then communes)."""
    return LongSelect(choices=territory_choices(empty_label)).render(
        "territory", value, attrs={"id": element_id, "class": "form-select"}
    )


class Choice:
    def __init__(self, slug, name, translation_key=None):
        self.slug, self.name, self.translation_key = slug, name, translation_key


def competencies_for_filter():
    """The framework's competencies as filter options: slug in the active language, and the
    translation key the tags share."""
    # practices.queries imports this app's records: imported here to break that cycle.
    from practices.queries import competency_choices, competency_names

    names = competency_names()
    slugs = dict(competency_choices())
    return [
        Choice(row["slug"], slugs.get(row["slug"], row["name"]), key)
        for key, row in names.items()
        if row["slug"] in slugs
    ]


def public_person(slug):
    """A public person's profile with its listing data, or None."""
    return people_with_listing_data(Person.objects.public().filter(slug=slug[:170])).select_related("member").first()


def practices_of(person):
    """The published practices for which the person is a contact, ready to list."""
    # practices.queries imports this app's records: imported here to break that cycle.
    from practices.queries import localize_practices, practices_listing_data, published_practices

    return localize_practices(practices_listing_data(published_practices().filter(contact_people=person)))
