"""The downloadable datasets: the same public records as the API (`opendata.queries`),
flattened to tables, each described by a Table Schema (frictionless) with a description
of every field, published as CSV (UTF-8) and JSON under Licence Ouverte 2.0.

A dataset is built from the database on demand and kept in the shared cache under the
site's content generation (`home/page_cache.py`), which moves on every change of data:
so the files are regenerated whenever the data changes, and a nightly
`manage.py build_opendata` rebuilds them all and can write them to a directory.

`DatasetVersion` keeps, per dataset, the hash of its CSV and the moment it last changed:
that is the dataset's update date (in the catalogue, on the page and in Last-Modified).

The catalogue is published twice: as DCAT (JSON-LD), for national portals to harvest, and
as a CSV following the national schema `scdl/catalogue` (the *Socle commun des données
locales* "Catalogue simplifié", v0.1.1, OpenDataFrance, on schema.data.gouv.fr).
"""

import csv
import datetime
import hashlib
import io
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from home import page_cache
from home.services import absolute_url
from members.models import Member
from members.people import Person
from roadmap.call_models import Call
from roadmap.models import Action, ActionUpdate, Commitment
from workshops.models import EventPage

from . import queries
from .models import DatasetVersion

logger = logging.getLogger(__name__)

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "spdx": "https://spdx.org/licenses/etalab-2.0.html",
}
CACHE_SECONDS = 60 * 60 * 24
INSEE_PATTERN = "^[0-9][0-9AB][0-9]{3}$"
SIREN_PATTERN = "^[0-9]{9}$"


@dataclass
class Field:
    name: str
    type: str
    title: str
    description: str
    constraints: dict = field(default_factory=dict)

    def descriptor(self):
        descriptor = {"name": self.name, "type": self.type, "title": str(self.title)}
        descriptor["description"] = str(self.description)
        if self.type == "datetime":
            descriptor["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if self.constraints:
            descriptor["constraints"] = self.constraints
        return descriptor


def ID(description):
    return Field("id", "integer", _("Identifier"), description, {"required": True, "unique": True})


def REF(name, title, description):
    return Field(name, "integer", title, description)


def TEXT(name, title, description, **constraints):
    return Field(name, "string", title, description, constraints)


def LIST(name, title, description):
    return Field(name, "string", title, description)


def DT(name, title, description, **constraints):
    return Field(name, "datetime", title, description, constraints)


def INSEE(name, description):
    return Field(name, "string", _("INSEE code"), description, {"pattern": INSEE_PATTERN})


def SIREN(name, description):
    return Field(name, "string", _("SIREN number"), description, {"pattern": SIREN_PATTERN})


def PLACE(description):
    """The commune of a record, to join national data: its INSEE code, its name and the SIREN
    number of its intercommunality."""
    return [
        INSEE("commune_insee_code", description),
        TEXT("commune_name", _("Commune"), _("Name of the commune.")),
        SIREN("epci_siren", _("SIREN number of the intercommunality of the commune.")),
    ]


def joined(values):
    return ";".join(str(value) for value in values)


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    keywords: list
    fields: list
    rows: object  # callable(language) -> list of flat dicts

    def schema(self, language):
        with translation.override(language):
            return {
                "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
                "name": self.name,
                "title": str(self.title),
                "description": str(self.description),
                "licenses": [{"name": LICENCE["name"], "title": LICENCE["title"], "path": LICENCE["path"]}],
                "fields": [f.descriptor() for f in self.fields],
                "primaryKey": ["id"],
                "missingValues": [""],
            }


# --- Rows ------------------------------------------------------------------------------


def member_rows(language):
    return [
        {
            "id": m["id"],
            "name": m["name"],
            "kind": m["kind"],
            "kind_label": m["kind_label"],
            "insee_code": m["insee_code"],
            "siren": m["siren"],
            "rna": m["rna"],
            "commune_insee_code": (m["commune"] or {}).get("insee_code"),
            "commune_name": (m["commune"] or {}).get("name"),
            "epci_siren": (m["commune"] or {}).get("epci_siren"),
            "epci_name": (m["commune"] or {}).get("epci_name"),
            "website": m["website"],
            "description": m["description"],
            "themes": joined(t["slug"] for t in m["themes"]),
            "member_since": m["member_since"],
            "updated_at": m["updated_at"],
            "url": m["url"],
        }
        for m in queries.member_records(queries.members(language=language), language)
    ]


def action_rows(language):
    return [
        {
            "id": a["id"],
            "title": a["title"],
            "description": a["description"],
            "axis_id": a["axis"]["id"],
            "axis_title": a["axis"]["title"],
            "status": a["status"],
            "status_label": a["status_label"],
            "progress": a["progress"],
            "target_period": a["target_period"],
            "lead_member_id": (a["lead_member"] or {}).get("id"),
            "contributing_member_ids": joined(m["id"] for m in a["contributing_members"]),
            "support_count": a["support_count"],
            "commitment_count": a["commitment_count"],
            "event_ids": joined(a["events"]),
            "created_at": a["created_at"],
            "updated_at": a["updated_at"],
            "url": a["url"],
        }
        for a in queries.action_records(queries.actions(), language)
    ]


def update_rows(language):
    rows = queries.update_records(ActionUpdate.objects.filter(action__in=Action.objects.in_default_locale()), language)
    for row in rows:
        row.pop("status_label")
    return sorted(rows, key=lambda row: row["id"])


def commitment_rows(language):
    rows = queries.commitment_records(
        Commitment.objects.filter(action__in=Action.objects.in_default_locale()), language
    )
    return [
        {
            "id": c["id"],
            "action_id": c["action_id"],
            "member_id": c["member"]["id"],
            "member_name": c["member"]["name"],
            "member_commune_insee_code": c["member_commune_insee_code"],
            "kind": c["kind"],
            "kind_label": c["kind_label"],
            "description": c["description"],
            "created_at": c["created_at"],
        }
        for c in rows
    ]


def event_rows(language):
    return [
        {
            "id": e["id"],
            "title": e["title"],
            "summary": e["summary"],
            "kind": e["kind"],
            "kind_label": e["kind_label"],
            "start": e["start"],
            "end": e["end"],
            "cancelled": e["cancelled"],
            "place_name": e["place_name"],
            "address": e["address"],
            "commune_insee_code": (e["commune"] or {}).get("insee_code"),
            "commune_name": (e["commune"] or {}).get("name"),
            "epci_siren": (e["commune"] or {}).get("epci_siren"),
            "host_member_ids": joined(m["id"] for m in e["host_members"]),
            "themes": joined(t["slug"] for t in e["themes"]),
            "registration_state": e["registration"]["state"],
            "capacity": e["registration"]["capacity"],
            "seats_left": e["registration"]["seats_left"],
            "url": e["url"],
        }
        for e in queries.event_records(queries.events(period="all", language=language), language)
    ]


def activity_rows(language):
    rows = queries.activity_records(language)
    for row in rows:
        row.pop("seats_taken")
    return sorted(rows, key=lambda row: row["id"])


def _place(record):
    commune = record["commune"] or {}
    return {
        "commune_insee_code": commune.get("insee_code"),
        "commune_name": commune.get("name"),
        "epci_siren": commune.get("epci_siren"),
    }


def competency_rows(language):
    return [
        {
            **{
                name: c[name] for name in ("id", "slug", "name", "description", "practice_count", "people_count", "url")
            },
            "domain_id": c["domain"]["id"],
            "domain_name": c["domain"]["name"],
            "levels": joined(c["levels"]),
        }
        for c in queries.competency_records(queries.competencies(), language)
    ]


def practice_rows(language):
    return [
        {
            **{name: p[name] for name in ("id", "title", "summary", "published_at", "updated_at", "url")},
            **{name: p[name] for name in queries.PRACTICE_TEXTS[3:]},
            **_place(p),
            "member_id": p["member"]["id"],
            "member_name": p["member"]["name"],
            "themes": joined(t["slug"] for t in p["themes"]),
            "competency_ids": joined(c["id"] for c in p["competencies"]),
            "contact_person_ids": joined(person["id"] for person in p["contact_people"]),
        }
        for p in queries.practice_records(queries.practices(), language, with_texts=True)
    ]


def person_rows(language):
    return [
        {
            **{name: p[name] for name in ("id", "name", "role", "category", "category_label", "presentation", "url")},
            **_place(p),
            "updated_at": p["updated_at"],
            "member_id": p["member"]["id"],
            "member_name": p["member"]["name"],
            "sectors": joined(sector["slug"] for sector in p["sectors"]),
            "themes": joined(t["slug"] for t in p["themes"]),
            "competency_ids": joined(c["id"] for c in p["competencies"]),
            "resource_person_for": joined(
                [t["slug"] for t in p["resource_person_for"]["themes"]]
                + [sector["slug"] for sector in p["resource_person_for"]["sectors"]]
            ),
        }
        for p in queries.person_records(queries.people(), language)
    ]


def call_rows(language):
    fields = ("id", "kind", "kind_label", "title", "description", "state", "deadline", "idea_count")
    return [
        {
            **{name: c[name] for name in fields},
            **_place(c),
            "theme": (c["theme"] or {}).get("slug"),
            "event_id": c["event"],
            "results_published_at": c["results_published_at"],
            "url": c["url"],
        }
        for c in queries.call_records(queries.calls(), language)
    ]


def idea_rows(language):
    fields = ("id", "call_id", "title", "description", "support_count", "selection", "selection_reason")
    return [
        {
            **{name: i[name] for name in fields},
            "member_id": (i["member"] or {}).get("id"),
            "action_id": i["action"],
            "activity_id": (i["activity"] or {}).get("id"),
            "published_at": i["published_at"],
            "url": i["url"],
        }
        for i in queries.idea_records(queries.ideas(), language)
    ]


# --- The datasets ----------------------------------------------------------------------

UPDATED = _("When the record last changed (UTC).")
DATASETS = [
    Dataset(
        "membres",
        _("Members of the citizenship network"),
        _(
            "Communes, intercommunalities, associations and other public bodies that are members of the "
            "network, with their official codes (INSEE code of communes, SIREN and RNA numbers) and the INSEE "
            "and SIREN codes of the commune and intercommunality of their seat, to join national datasets."
        ),
        ["citoyennete", "participation-citoyenne", "associations", "communes"],
        [
            ID(_("Stable identifier of the member (also used by the API).")),
            TEXT("name", _("Name"), _("Name of the structure."), required=True),
            TEXT("kind", _("Kind"), _("Kind of structure (code)."), required=True, enum=Member.Kind.values),
            TEXT("kind_label", _("Kind (label)"), _("Kind of structure, in words.")),
            INSEE("insee_code", _("For a member commune: its official INSEE code (Code officiel géographique).")),
            SIREN("siren", _("SIREN number of the structure, if any.")),
            TEXT("rna", _("RNA number"), _("RNA number of an association (W and 9 digits)."), pattern="^W[0-9]{9}$"),
            INSEE("commune_insee_code", _("INSEE code of the commune of the structure's seat.")),
            TEXT("commune_name", _("Commune"), _("Name of the commune of the seat.")),
            SIREN("epci_siren", _("SIREN number of the intercommunality (EPCI) of the seat.")),
            TEXT("epci_name", _("Intercommunality"), _("Name of the intercommunality (EPCI) of the seat.")),
            Field("website", "string", _("Website"), _("Website of the structure."), {}),
            TEXT("description", _("Description"), _("Public description (e-mail addresses and phone numbers masked).")),
            LIST("themes", _("Themes"), _("Slugs of the themes the member works on, separated by semicolons.")),
            DT("member_since", _("Member since"), _("When the structure applied (UTC).")),
            DT("updated_at", _("Updated"), UPDATED),
            Field("url", "string", _("Public page"), _("Public profile page of the member."), {}),
        ],
        member_rows,
    ),
    Dataset(
        "actions",
        _("Roadmap actions"),
        _(
            "The actions of the network's collaborative roadmap: axis, status, progress, lead and contributing "
            "members, number of confirmed supports (identities are never published) and of commitments."
        ),
        ["citoyennete", "feuille-de-route", "participation-citoyenne"],
        [
            ID(_("Stable identifier of the action (also used by the API).")),
            TEXT("title", _("Title"), _("Title of the action."), required=True),
            TEXT("description", _("Description"), _("Description (e-mail addresses and phone numbers masked).")),
            REF("axis_id", _("Axis"), _("Identifier of the strategic axis.")),
            TEXT("axis_title", _("Axis title"), _("Title of the strategic axis.")),
            TEXT("status", _("Status"), _("Status of the action (code)."), required=True, enum=Action.Status.values),
            TEXT("status_label", _("Status (label)"), _("Status of the action, in words.")),
            Field("progress", "integer", _("Progress"), _("Progress in percent."), {"minimum": 0, "maximum": 100}),
            TEXT("target_period", _("Target period"), _("Target period, in words.")),
            REF("lead_member_id", _("Lead member"), _("Identifier of the member that leads the action (membres).")),
            LIST(
                "contributing_member_ids",
                _("Contributing members"),
                _("Identifiers of the contributing members (membres), separated by semicolons."),
            ),
            Field("support_count", "integer", _("Supports"), _("Number of confirmed supports."), {"minimum": 0}),
            Field("commitment_count", "integer", _("Commitments"), _("Number of public commitments."), {"minimum": 0}),
            LIST("event_ids", _("Events"), _("Identifiers of linked events (evenements), separated by semicolons.")),
            DT("created_at", _("Created"), _("When the action was created (UTC).")),
            DT("updated_at", _("Updated"), UPDATED),
            Field("url", "string", _("Public page"), _("Public page of the action."), {}),
        ],
        action_rows,
    ),
    Dataset(
        "mises-a-jour",
        _("History of roadmap actions"),
        _("The dated progress notes of each roadmap action, with the progress and status they set."),
        ["citoyennete", "feuille-de-route"],
        [
            ID(_("Identifier of the progress note.")),
            REF("action_id", _("Action"), _("Identifier of the action (actions).")),
            Field("date", "date", _("Date"), _("Date of the progress note."), {"required": True}),
            TEXT("text", _("Note"), _("Progress note (e-mail addresses and phone numbers masked).")),
            Field("progress", "integer", _("Progress"), _("New progress in percent, if it changed."), {"maximum": 100}),
            TEXT("status", _("Status"), _("New status (code), if it changed."), enum=Action.Status.values),
        ],
        update_rows,
    ),
    Dataset(
        "engagements",
        _("Commitments of members to roadmap actions"),
        _("What each member structure brings to a roadmap action: hosting, volunteers, a room, expertise, funding."),
        ["citoyennete", "feuille-de-route", "engagements"],
        [
            ID(_("Identifier of the commitment.")),
            REF("action_id", _("Action"), _("Identifier of the action (actions).")),
            REF("member_id", _("Member"), _("Identifier of the member (membres).")),
            TEXT("member_name", _("Member name"), _("Name of the member structure.")),
            INSEE("member_commune_insee_code", _("INSEE code of the commune of the member's seat.")),
            TEXT("kind", _("Kind"), _("What the member brings (code)."), enum=Commitment.Kind.values),
            TEXT("kind_label", _("Kind (label)"), _("What the member brings, in words.")),
            TEXT("description", _("Description"), _("Description of the commitment.")),
            DT("created_at", _("Created"), _("When the member committed (UTC).")),
        ],
        commitment_rows,
    ),
    Dataset(
        "evenements",
        _("Citizen days and remote workshops"),
        _(
            "The network's events, past and upcoming: kind, dates, place, commune (INSEE code) and "
            "intercommunality (SIREN), hosts, registration state and seats left. Never a meeting link or a "
            "registrant."
        ),
        ["citoyennete", "agenda", "journee-citoyenne"],
        [
            ID(_("Stable identifier of the event (also used by the API).")),
            TEXT("title", _("Title"), _("Title of the event."), required=True),
            TEXT("summary", _("Summary"), _("Summary of the event.")),
            TEXT("kind", _("Kind"), _("Kind of event (code)."), enum=EventPage.Kind.values),
            TEXT("kind_label", _("Kind (label)"), _("Kind of event, in words.")),
            DT("start", _("Start"), _("Start (UTC)."), required=True),
            DT("end", _("End"), _("End (UTC)."), required=True),
            Field("cancelled", "boolean", _("Cancelled"), _("Whether the event is cancelled."), {}),
            TEXT("place_name", _("Place"), _("Name of the place.")),
            TEXT("address", _("Address"), _("Address of the place.")),
            *PLACE(_("INSEE code of the commune where the event takes place.")),
            LIST("host_member_ids", _("Hosts"), _("Identifiers of the hosting members, separated by semicolons.")),
            LIST("themes", _("Themes"), _("Slugs of the event's themes, separated by semicolons.")),
            TEXT(
                "registration_state",
                _("Registration"),
                _("Whether one can register: open, not_yet, closed, past or cancelled."),
                enum=["open", "not_yet", "closed", "past", "cancelled"],
            ),
            Field("capacity", "integer", _("Seats"), _("Seats in all (empty: no limit)."), {"minimum": 0}),
            Field("seats_left", "integer", _("Seats left"), _("Seats left (empty: no limit)."), {"minimum": 0}),
            Field("url", "string", _("Public page"), _("Public page of the event."), {}),
        ],
        event_rows,
    ),
    Dataset(
        "activites",
        _("Activities of citizen days"),
        _("The activities (chantiers, ateliers) of each citizen day, with their seats and seats left."),
        ["citoyennete", "agenda", "journee-citoyenne"],
        [
            ID(_("Identifier of the activity.")),
            REF("event_id", _("Event"), _("Identifier of the event (evenements).")),
            TEXT("title", _("Title"), _("Title of the activity."), required=True),
            TEXT("description", _("Description"), _("Description of the activity.")),
            DT("start", _("Start"), _("Start (UTC).")),
            DT("end", _("End"), _("End (UTC).")),
            Field("capacity", "integer", _("Seats"), _("Seats of the activity."), {"minimum": 0}),
            Field("seats_left", "integer", _("Seats left"), _("Seats left."), {"minimum": 0}),
        ],
        activity_rows,
    ),
    Dataset(
        "competences",
        _("Competency framework"),
        _(
            "The competencies of the network's framework, by domain, with their levels and the number of "
            "published practices and of public profiles tagged with each."
        ),
        ["citoyennete", "competences", "formation"],
        [
            ID(_("Stable identifier of the competency (also used by the API).")),
            TEXT("slug", _("Slug"), _("Slug of the competency's page.")),
            TEXT("name", _("Name"), _("Name of the competency."), required=True),
            TEXT("description", _("Description"), _("Description of the competency.")),
            LIST("levels", _("Levels"), _("Levels, from beginner to expert, separated by semicolons.")),
            REF("domain_id", _("Domain"), _("Identifier of the domain of the framework.")),
            TEXT("domain_name", _("Domain name"), _("Name of the domain of the framework.")),
            Field("practice_count", "integer", _("Practices"), _("Number of published practices."), {"minimum": 0}),
            Field("people_count", "integer", _("People"), _("Number of public profiles."), {"minimum": 0}),
            Field("url", "string", _("Public page"), _("Public page of the competency."), {}),
        ],
        competency_rows,
    ),
    Dataset(
        "pratiques",
        _("Field practices"),
        _(
            "The practices that members share: what was done, with whom, what came of it, where (INSEE code of "
            "the commune and SIREN of its intercommunality) and the competencies it builds."
        ),
        ["citoyennete", "participation-citoyenne", "pratiques", "retours-d-experience"],
        [
            ID(_("Stable identifier of the practice (also used by the API).")),
            TEXT("title", _("Title"), _("Title of the practice."), required=True),
            TEXT("summary", _("Summary"), _("Summary of the practice.")),
            TEXT("context", _("Context"), _("Context.")),
            TEXT("what_was_done", _("What was done"), _("What was done.")),
            TEXT("participants", _("Participants"), _("Who took part and who was reached.")),
            TEXT("results", _("Results"), _("Results (e-mail addresses and phone numbers masked).")),
            TEXT("lessons", _("Lessons learned"), _("Lessons learned.")),
            TEXT("do_differently", _("What they would do differently"), _("What they would do differently.")),
            REF("member_id", _("Member"), _("Identifier of the member that shares it (membres).")),
            TEXT("member_name", _("Member name"), _("Name of the member structure.")),
            *PLACE(_("INSEE code of the commune where it happened (else the member's seat).")),
            LIST("themes", _("Themes"), _("Slugs of the themes, separated by semicolons.")),
            LIST(
                "competency_ids",
                _("Competencies"),
                _("Identifiers of competencies (competences), separated by semicolons."),
            ),
            LIST(
                "contact_person_ids",
                _("Contact people"),
                _("Identifiers of contact people (personnes), separated by semicolons."),
            ),
            DT("published_at", _("Published"), _("When the practice was published (UTC).")),
            DT("updated_at", _("Updated"), UPDATED),
            Field("url", "string", _("Public page"), _("Public page of the practice."), {}),
        ],
        practice_rows,
    ),
    Dataset(
        "personnes",
        _("People who agreed to a public profile"),
        _(
            "Practitioners of the network (mobilisation agents, elected officials, agents, association staff, "
            "volunteers) who agreed to be listed: structure, territory, sectors, themes and competencies. "
            "Never an e-mail address or a phone number: one writes to them through the site."
        ),
        ["citoyennete", "personnes-ressources", "competences"],
        [
            ID(_("Stable identifier of the profile (also used by the API).")),
            TEXT("name", _("Name"), _("Name, as the person agreed to publish it."), required=True),
            TEXT("role", _("Role"), _("Role in the structure.")),
            TEXT("category", _("Category"), _("Category (code)."), required=True, enum=Person.Category.values),
            TEXT("category_label", _("Category (label)"), _("Category, in words.")),
            REF("member_id", _("Member"), _("Identifier of the person's structure (membres).")),
            TEXT("member_name", _("Member name"), _("Name of the person's structure.")),
            *PLACE(_("INSEE code of the commune where the person works (else the seat).")),
            TEXT("presentation", _("Presentation"), _("Presentation (e-mail addresses and phone numbers masked).")),
            LIST("sectors", _("Sectors"), _("Slugs of the sectors, separated by semicolons.")),
            LIST("themes", _("Themes"), _("Slugs of the themes, separated by semicolons.")),
            LIST(
                "competency_ids",
                _("Competencies"),
                _("Identifiers of competencies (competences), separated by semicolons."),
            ),
            LIST(
                "resource_person_for",
                _("Resource person for"),
                _("Slugs of the themes and sectors the person is the one to ask about, separated by semicolons."),
            ),
            DT("updated_at", _("Updated"), UPDATED),
            Field("url", "string", _("Public page"), _("Public profile page (with its contact relay)."), {}),
        ],
        person_rows,
    ),
    Dataset(
        "appels",
        _("Calls for ideas and projects"),
        _(
            "The network's calls for ideas and projects: topic, deadline, state, territory and number of published ideas."
        ),
        ["citoyennete", "participation-citoyenne", "appel-a-idees", "appel-a-projets"],
        [
            ID(_("Stable identifier of the call (also used by the API).")),
            TEXT("kind", _("Kind"), _("Kind of call (code)."), required=True, enum=Call.Kind.values),
            TEXT("kind_label", _("Kind (label)"), _("Kind of call, in words.")),
            TEXT("title", _("Topic"), _("Topic of the call."), required=True),
            TEXT("description", _("Description"), _("Description of the call.")),
            TEXT(
                "state",
                _("State"),
                _("open (ideas accepted), review (deadline passed) or results (selection published)."),
                enum=list(queries.CALL_STATES),
            ),
            DT("deadline", _("Deadline"), _("Deadline for ideas (UTC)."), required=True),
            TEXT("theme", _("Theme"), _("Slug of the call's theme.")),
            *PLACE(_("INSEE code of the call's commune.")),
            REF("event_id", _("Event"), _("Identifier of the event it prepares (evenements).")),
            Field("idea_count", "integer", _("Ideas"), _("Number of published ideas."), {"minimum": 0}),
            DT("results_published_at", _("Results published"), _("When the results were published (UTC).")),
            Field("url", "string", _("Public page"), _("Public page of the call."), {}),
        ],
        call_rows,
    ),
    Dataset(
        "idees",
        _("Ideas submitted to the calls"),
        _(
            "The published ideas of each call (after review by the network's staff), their number of confirmed "
            "supports and the decision with its public reason. A resident who submitted one is never named."
        ),
        ["citoyennete", "participation-citoyenne", "appel-a-idees"],
        [
            ID(_("Stable identifier of the idea (also used by the API).")),
            REF("call_id", _("Call"), _("Identifier of the call (appels).")),
            TEXT("title", _("Title"), _("Title of the idea."), required=True),
            TEXT("description", _("Description"), _("Description (e-mail addresses and phone numbers masked).")),
            REF("member_id", _("Member"), _("Identifier of the member that submitted it (empty: a resident).")),
            Field("support_count", "integer", _("Supports"), _("Number of confirmed supports."), {"minimum": 0}),
            TEXT(
                "selection",
                _("Decision"),
                _("none, shortlisted, selected or not_selected."),
                enum=list(queries.IDEA_SELECTIONS),
            ),
            TEXT("selection_reason", _("Reason"), _("Public reason of the decision.")),
            REF("action_id", _("Action"), _("Identifier of the roadmap action it became (actions).")),
            REF("activity_id", _("Activity"), _("Identifier of the activity it became (activites).")),
            DT("published_at", _("Published"), _("When the idea was published (UTC).")),
            Field("url", "string", _("Public page"), _("Public page of the idea."), {}),
        ],
        idea_rows,
    ),
]
BY_NAME = {dataset.name: dataset for dataset in DATASETS}


# --- Building --------------------------------------------------------------------------


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def render(dataset, language):
    """{"csv": bytes, "json": bytes, "rows": n} of the dataset, in `language`."""
    with translation.override(language):
        rows = dataset.rows(language)
    names = [f.name for f in dataset.fields]
    rows = [{name: row.get(name) for name in names} for row in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: _csv_value(value) for name, value in row.items()} for row in rows)
    return {
        "csv": buffer.getvalue().encode("utf-8"),
        "json": json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8"),
        "rows": len(rows),
    }


def built(dataset, language=queries.DEFAULT_LANGUAGE):
    """The dataset as of the current data: from the shared cache, else built now (and its
    version recorded)."""
    key = f"opendata:dataset:{page_cache.current_generation()}:{dataset.name}:{language}"
    try:
        files = cache.get(key)
    except Exception:  # noqa: BLE001 — without a cache, build
        files = None
    if files is None:
        files = render(dataset, language)
        if language == queries.DEFAULT_LANGUAGE:
            record_version(dataset, files)
        try:
            cache.set(key, files, CACHE_SECONDS)
        except Exception:  # noqa: BLE001 — served all the same, built again next time
            logger.warning("Open data: the cache is unavailable; dataset %s not kept.", dataset.name)
    return files


def record_version(dataset, files, now=None):
    """Note the CSV's hash; a different hash moves the dataset's update date. Written with
    queryset updates (no signal), so that recording a version is not itself a change."""
    now = now or timezone.now()
    sha = hashlib.sha256(files["csv"]).hexdigest()
    updated = (
        DatasetVersion.objects.filter(name=dataset.name)
        .exclude(sha256=sha)
        .update(sha256=sha, rows=files["rows"], modified_at=now)
    )
    if not updated and not DatasetVersion.objects.filter(name=dataset.name).exists():
        try:
            with transaction.atomic():
                DatasetVersion.objects.bulk_create(
                    [
                        DatasetVersion(
                            name=dataset.name, sha256=sha, rows=files["rows"], published_at=now, modified_at=now
                        )
                    ]
                )
        except IntegrityError:
            pass


def versions():
    """{name: DatasetVersion} for every dataset, all built for the current data first."""
    for dataset in DATASETS:
        built(dataset)
    return {version.name: version for version in DatasetVersion.objects.all()}


def build_all():
    """Rebuild every dataset now (the nightly command): {name: files}."""
    result = {}
    for dataset in DATASETS:
        files = render(dataset, queries.DEFAULT_LANGUAGE)
        record_version(dataset, files)
        result[dataset.name] = files
    return result


# --- Catalogues ------------------------------------------------------------------------


def publisher():
    return {
        "name": settings.OPENDATA_PUBLISHER_NAME,
        "siret": settings.OPENDATA_PUBLISHER_SIRET,
        "territory": settings.OPENDATA_TERRITORY_NAME,
    }


def file_url(name, extension):
    return absolute_url(reverse("opendata:file", kwargs={"name": name, "extension": extension}))


def page_url():
    with translation.override(queries.DEFAULT_LANGUAGE):
        return absolute_url(reverse("opendata_site:page"))


def dataset_entries(dataset_versions, language):
    """What the open-data page, the data package and the catalogues say of each dataset."""
    entries = []
    with translation.override(language):
        for dataset in DATASETS:
            version = dataset_versions.get(dataset.name)
            entries.append(
                {
                    "name": dataset.name,
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "keywords": dataset.keywords,
                    "fields": [f.descriptor() for f in dataset.fields],
                    "rows": version.rows if version else 0,
                    "published_at": version.published_at if version else None,
                    "modified_at": version.modified_at if version else None,
                    "csv": file_url(dataset.name, "csv"),
                    "json": file_url(dataset.name, "json"),
                    "schema": file_url(dataset.name, "schema.json"),
                }
            )
    return entries


def datapackage(dataset_versions, local=False):
    """A frictionless Data Package of every dataset, in French (local=True: relative paths,
    for the files written by `build_opendata --output`)."""
    modified = max((v.modified_at for v in dataset_versions.values()), default=timezone.now())
    with translation.override(queries.DEFAULT_LANGUAGE):
        return {
            "name": "reseau-citoyennete",
            "title": str(_("Open data of the citizenship network")),
            "licenses": [{"name": LICENCE["name"], "title": LICENCE["title"], "path": LICENCE["path"]}],
            "homepage": page_url(),
            "created": queries.iso(modified),
            "resources": [
                {
                    "name": dataset.name,
                    "path": f"{dataset.name}.csv" if local else file_url(dataset.name, "csv"),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "title": str(dataset.title),
                    "description": str(dataset.description),
                    "schema": f"{dataset.name}.schema.json" if local else file_url(dataset.name, "schema.json"),
                }
                for dataset in DATASETS
            ],
        }


def _day(value):
    return value.astimezone(datetime.UTC).date().isoformat() if value else timezone.now().date().isoformat()


def dcat_catalogue(dataset_versions):
    """The catalogue in DCAT (DCAT-AP style), as JSON-LD, titles in French and English."""
    entries = {lang: {e["name"]: e for e in dataset_entries(dataset_versions, lang)} for lang in queries.LANGUAGES}
    who = publisher()
    organisation = {"@type": "foaf:Organization", "foaf:name": who["name"]}
    licence = {"@id": LICENCE["spdx"]}

    def texts(name, key):
        return [{"@value": entries[lang][name][key], "@language": lang} for lang in queries.LANGUAGES]

    datasets = []
    for dataset in DATASETS:
        entry = entries[queries.DEFAULT_LANGUAGE][dataset.name]
        datasets.append(
            {
                "@id": f"{page_url()}#{dataset.name}",
                "@type": "dcat:Dataset",
                "dct:identifier": dataset.name,
                "dct:title": texts(dataset.name, "title"),
                "dct:description": texts(dataset.name, "description"),
                "dcat:keyword": dataset.keywords,
                "dct:issued": {"@value": _day(entry["published_at"]), "@type": "xsd:date"},
                "dct:modified": {"@value": queries.iso(entry["modified_at"]), "@type": "xsd:dateTime"},
                "dct:publisher": organisation,
                "dct:license": licence,
                "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": who["territory"]},
                "dct:accrualPeriodicity": {"@id": "http://purl.org/cld/freq/continuous"},
                "dcat:landingPage": {"@id": f"{page_url()}#{dataset.name}"},
                "dcat:distribution": [
                    {
                        "@id": entry[kind],
                        "@type": "dcat:Distribution",
                        "dct:title": f"{entry['title']} ({kind.upper()})",
                        "dcat:downloadURL": {"@id": entry[kind]},
                        "dcat:accessURL": {"@id": entry[kind]},
                        "dcat:mediaType": {"@id": media},
                        "dct:format": kind.upper(),
                        "dct:license": licence,
                        "dct:conformsTo": {"@id": entry["schema"]},
                    }
                    for kind, media in (
                        ("csv", "https://www.iana.org/assignments/media-types/text/csv"),
                        ("json", "https://www.iana.org/assignments/media-types/application/json"),
                    )
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": absolute_url(reverse("opendata:catalogue", kwargs={"extension": "jsonld"})),
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": str(_("Open data of the citizenship network")), "@language": "en"},
            {"@value": "Données ouvertes du réseau de la citoyenneté", "@language": "fr"},
        ],
        "dct:publisher": organisation,
        "dct:license": licence,
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/FRA"}],
        "foaf:homepage": {"@id": page_url()},
        "dct:modified": {
            "@value": queries.iso(
                max((e["modified_at"] for e in entries["fr"].values() if e["modified_at"]), default=timezone.now())
            ),
            "@type": "xsd:dateTime",
        },
        "dcat:dataset": datasets,
    }


# The national schema "scdl/catalogue" (v0.1.1): its twenty columns, as a Table Schema.
SCDL_CATALOGUE_FIELDS = [
    ("COLL_NOM", "string", "Nom de la collectivité", {"required": True}),
    ("COLL_SIRET", "string", "Code SIRET de la collectivité", {"required": True, "pattern": "^\\d{14}$"}),
    ("ID", "string", "Identifiant du jeu de données", {"required": True}),
    ("TITRE", "string", "Titre du jeu de données", {"required": True}),
    ("DESCRIPTION", "string", "Description du jeu de données", {"required": True}),
    ("THEME", "string", "Thème du jeu de données", {"required": True}),
    ("PRODUCTEUR_NOM", "string", "Nom du producteur", {"required": True}),
    ("PRODUCTEUR_SIRET", "string", "Code SIRET du producteur", {"required": True, "pattern": "^\\d{14}$"}),
    (
        "COUV_SPAT_MAILLE",
        "string",
        "Maille de couverture spatiale",
        {
            "required": True,
            "enum": [
                "Infracommunale",
                "Communale",
                "Intercommunale",
                "Cantonale",
                "Départementale",
                "Régionale",
                "Autre",
            ],
        },
    ),
    ("COUV_SPAT_NOM", "string", "Nom de couverture spatiale", {"required": True}),
    ("COUV_TEMP_DEBUT", "date", "Date de début de la couverture temporelle", {"required": True}),
    ("COUV_TEMP_FIN", "date", "Date de fin de la couverture temporelle", {"required": True}),
    ("DATE_PUBL", "date", "Date de la première publication", {"required": True}),
    ("FREQ_MAJ", "string", "Fréquence de la mise à jour", {"required": True}),
    ("DATE_MAJ", "date", "Date de la dernière mise à jour", {"required": True}),
    ("MOTS_CLES", "string", "Mots clés", {"required": True}),
    (
        "LICENCE",
        "string",
        "Licence appliquée sur le jeu de données",
        {
            "required": True,
            "enum": ["Licence Ouverte-LO", "Open Database License-ODBL", "Creative Commons-CC", "Spécifique ou autre"],
        },
    ),
    ("NOMBRE_RESSOURCES", "integer", "Nombre de ressource(s)", {"required": True, "minimum": 1}),
    ("FORMAT_RESSOURCES", "string", "Format(s) des ressources", {"required": True}),
    ("URL", "string", "URL d'accès", {"required": True}),
]


def scdl_catalogue_schema():
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "scdl-catalogue",
        "title": "Catalogue simplifié (SCDL, schéma scdl/catalogue v0.1.1)",
        "description": "Catalogue des jeux de données publiés, au format du Socle commun des données locales.",
        "homepage": "https://schema.data.gouv.fr/scdl/catalogue/",
        "fields": [
            {"name": name, "type": kind, "title": title, "description": title, "constraints": constraints}
            for name, kind, title, constraints in SCDL_CATALOGUE_FIELDS
        ],
        "missingValues": [""],
    }


def scdl_catalogue_csv(dataset_versions):
    who = publisher()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, *_rest in SCDL_CATALOGUE_FIELDS])
    for entry in dataset_entries(dataset_versions, queries.DEFAULT_LANGUAGE):
        writer.writerow(
            [
                who["name"],
                who["siret"],
                entry["name"],
                entry["title"],
                entry["description"],
                "Citoyenneté",
                who["name"],
                who["siret"],
                "Départementale",
                who["territory"],
                _day(entry["published_at"]),
                _day(entry["modified_at"]),
                _day(entry["published_at"]),
                "Continuelle",
                _day(entry["modified_at"]),
                ";".join(entry["keywords"]),
                "Licence Ouverte-LO",
                2,
                "csv;json",
                f"{page_url()}#{entry['name']}",
            ]
        )
    return buffer.getvalue().encode("utf-8")
