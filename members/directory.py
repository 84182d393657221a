"""Reading the directory: filtered lists of approved members, localized theme names, and
the département map drawn as SVG from the communes' contours. Constant query counts."""

import math

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from home import layout
from home.models import Theme
from home.text_search import french_order, matches

from .models import Commune, Member

MAX_QUERY_LENGTH = 200


def clean_query(value):
    query = " ".join((value or "").split())[:MAX_QUERY_LENGTH]
    return "".join(char for char in query if char.isprintable())


from home.queries import active_themes  # noqa: E402,F401 — the directory's themes, in the visitor's language


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


SEARCHED_FIELDS = ("name", "description", "seat_commune__name", "seat_commune__insee_code", "insee_code")


def member_search(query):
    """Members by name, description, commune or INSEE code, accents and case ignored."""
    return matches(query, *SEARCHED_FIELDS)


def with_listing_data(members):
    return (
        members.select_related("seat_commune")
        .defer("seat_commune__contour")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")))
    )


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
    from wagtail import hooks

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
