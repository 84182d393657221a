"""Loading the communes' reference data (see members/data/build_communes.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from home import layout
from home.text_search import french_order, refresh_search_text_reading

from .membership import Commune

FIELDS = ("name", "postal_codes", "population", "intercommunality", "intercommunality_code", "contour")


def data_file(departement=None):
    return Path(__file__).resolve().parent / "data" / f"communes-{departement or settings.NETWORK_DEPARTEMENT}.json"


@transaction.atomic
def load_communes(records):
    """Create or update communes by INSEE code. Returns (created, updated)."""
    existing = {commune.insee_code: commune for commune in Commune.objects.all()}
    to_create, to_update = [], []
    for record in records:
        values = {field: record.get(field) or ([] if field in ("postal_codes", "contour") else "") for field in FIELDS}
        values["population"] = record.get("population")
        town_hall = record.get("town_hall") or (None, None)
        values["town_hall_longitude"], values["town_hall_latitude"] = town_hall
        commune = existing.get(record["insee_code"])
        if commune is None:
            to_create.append(Commune(insee_code=record["insee_code"], **values))
            continue
        if any(getattr(commune, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(commune, field, value)
            to_update.append(commune)
    Commune.objects.bulk_create(to_create, batch_size=200)
    if to_update:
        Commune.objects.bulk_update(to_update, [*FIELDS, "town_hall_longitude", "town_hall_latitude"], batch_size=200)
        refresh_search_text_reading(to_update)
    return len(to_create), len(to_update)


def load_default_communes():
    """Load the committed file of the configured département if the table is empty."""
    if Commune.objects.exists():
        return 0, 0
    payload = json.loads(data_file().read_text(encoding="utf-8"))
    return load_communes(payload["communes"])


def commune_choices():
    """(pk, "Name (INSEE code)") of every commune, by name, for the communes select of the
    public forms: read once per content change (home/layout.py), not on every request."""
    return layout.shared(
        "commune-choices",
        lambda: [
            (commune.pk, str(commune))
            for commune in Commune.objects.only("pk", "name", "insee_code").order_by(*french_order("name"), "pk")
        ],
    )


def use_commune_choices(field):
    """Set up a form's commune `ModelChoiceField`: validated against the communes (without
    their contours), its options drawn from `commune_choices()` with no query."""
    field.queryset = Commune.objects.only("pk", "name", "insee_code")
    field.widget.choices = [("", field.empty_label), *commune_choices()]
