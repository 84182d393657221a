"""Exports made for staff (home/exports.py): a citizen day's registrations open in French
Excel as they are — BOM, semicolons, French headings, statuses in words, oui/non, local
time to the minute, each person's activities and accessibility needs — and as XLSX; an
English-speaking admin user gets English headings and commas."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def citizen_day(home_page):
    event = make_event(
        agenda(home_page),
        title="Journée citoyenne de Baugé",
        kind="citizen_day",
        activities=[("Chantier nature", 10), ("Atelier vélo", 5)],
    )
    nature, bike = event.activities.order_by("sort_order")
    registration = Registration.objects.create(
        event=event,
        name="Éloïse Gaudin",
        email="eloise@example.org",
        party_size=2,
        status=Registration.Status.CONFIRMED,
        needs="Accès en fauteuil roulant",
    )
    registration.activities.set([nature])
    # 13:37:42.123456 UTC on 2 June 2026 is 15:37 in Paris.
    Registration.objects.filter(pk=registration.pk).update(
        created_at=datetime(2026, 6, 2, 13, 37, 42, 123456, tzinfo=ZoneInfo("UTC"))
    )
    waiting = Registration.objects.create(
        event=event, name="Marc Petit", email="marc@example.org", status=Registration.Status.WAITLISTED
    )
    waiting.activities.set([bike])
    return event


def staff(client, language="fr"):
    user = get_user_model().objects.create_superuser("animation", "animation@example.org", "pw")
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return user


def export(client, event, fmt):
    url = reverse("wagtailsnippets_workshops_registration:list")
    response = client.get(url, {"event": event.pk, "export": fmt})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_for_french_excel(client, citizen_day):
    staff(client, "fr")
    raw = export(client, citizen_day, "csv")
    assert raw.startswith("\ufeff".encode())  # UTF-8 BOM: Excel reads the accents
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    heading, *lines = rows
    assert "Nom" in heading and "Activités" in heading and "Statut" in heading
    by_name = {row[heading.index("Nom")]: dict(zip(heading, row, strict=True)) for row in lines}
    eloise = by_name["Éloïse Gaudin"]
    assert eloise["Activités"] == "Chantier nature"
    assert eloise["Statut"] == "Confirmée"
    assert eloise["Présent"] == "non"  # attended: a word, not False
    assert "Accès en fauteuil roulant" in eloise.values()
    assert "02/06/2026 15:37" in eloise.values()  # Paris time, to the minute
    assert by_name["Marc Petit"]["Activités"] == "Atelier vélo"
    assert by_name["Marc Petit"]["Statut"] == "Sur liste d'attente"
    for value in ("True", "False", "confirmed", "waitlisted", "None"):
        assert value not in text.split(";") and f";{value};" not in text


def test_xlsx_has_words_and_real_local_dates(client, citizen_day):
    staff(client, "fr")
    workbook = openpyxl.load_workbook(io.BytesIO(export(client, citizen_day, "xlsx")))
    rows = list(workbook.active.iter_rows(values_only=True))
    heading, *lines = rows
    eloise = dict(zip(heading, next(line for line in lines if "Éloïse Gaudin" in line), strict=True))
    assert eloise["Activités"] == "Chantier nature"
    assert eloise["Statut"] == "Confirmée"
    created = next(value for value in eloise.values() if isinstance(value, datetime))
    assert (created.hour, created.minute, created.second) == (15, 37, 0)


def test_english_admin_user_gets_english_headings_and_commas(client, citizen_day):
    staff(client, "en")
    text = export(client, citizen_day, "csv").decode("utf-8-sig")
    heading = next(csv.reader(io.StringIO(text), delimiter=","))
    assert "Name" in heading and "Activities" in heading
    assert "Confirmed" in text and "Confirmée" not in text
