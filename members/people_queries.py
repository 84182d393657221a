"""Reading people and alliances: the public directory of people (filters, accent-insensitive
search), territories (a commune or an intercommunality) and the "nearest first" ordering the
finder shares, alliances of a member and for the map. Constant query counts."""

import unicodedata

from django.db.models import Case, IntegerField, Prefetch, Q, Value, When

from home import layout
from home.models import Theme

from .models import Commune, Member
from .people import Alliance, Person, Sector

MAX_QUERY_LENGTH = 200


def normalise(text):
    """Lower case without accents: "Élue à Angers" → "elue a angers"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def search_text(person):
    parts = [person.name, person.role, person.presentation, person.member.name if person.member_id else ""]
    return " ".join(normalise(part) for part in parts if part)[:4000]


def search_words(query):
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    query = "".join(char for char in query if char.isprintable())
    return query, [normalise(word) for word in query.split()[:8]]


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
    from django.utils.translation import gettext as _

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


def with_listing_data(people):
    return (
        people.select_related("member", "commune", "member__seat_commune")
        .defer("commune__contour", "member__seat_commune__contour", "search_text")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.only("pk", "translation_key")),
            Prefetch("themes", queryset=Theme.objects.only("pk", "translation_key")),
            Prefetch("pivot_themes", queryset=Theme.objects.only("pk", "translation_key")),
            Prefetch("pivot_sectors", queryset=Sector.objects.only("pk", "translation_key")),
            "competencies",
        )
    )


def decorate_people(people):
    """Names of each person's sectors, themes and competencies in the active language."""
    from practices.queries import competency_names

    theme_names = localized_names(Theme, None)
    sector_names = localized_names(Sector, None)
    competencies = competency_names()
    for person in people:
        person.sector_names = sorted(sector_names.get(s.translation_key, "") for s in person.sectors.all())
        person.theme_names = sorted(theme_names.get(t.translation_key, "") for t in person.themes.all())
        person.pivot_names = sorted(
            [theme_names.get(t.translation_key, "") for t in person.pivot_themes.all()]
            + [sector_names.get(s.translation_key, "") for s in person.pivot_sectors.all()]
        )
        person.competency_list = sorted(
            (competencies[c.translation_key] for c in person.competencies.all() if c.translation_key in competencies),
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


def approved_members_except(member):
    return Member.objects.approved().exclude(pk=member.pk).only("pk", "name").order_by("name")


def territory_select(value, element_id, empty_label):
    """The territory <select> of a filter form (intercommunalities, then communes)."""
    from home.forms import LongSelect

    return LongSelect(choices=territory_choices(empty_label)).render(
        "territory", value, attrs={"id": element_id, "class": "form-select"}
    )
