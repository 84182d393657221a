"""Calendar files give the right time in every parser, in summer and in winter: the
VTIMEZONE is written as yearly RRULEs (ical.js, Thunderbird's parser, read only the first
value of the multi-value RDATE lists `icalendar` used to write)."""

import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from workshops import calendars, services
from workshops.factories import make_event
from workshops.timezones import vtimezone

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "js" / "ics_start_utc.mjs"
PARIS = ZoneInfo("Europe/Paris")
SUMMER = datetime(2027, 8, 3, 9, 0, tzinfo=PARIS)  # 07:00 UTC
WINTER = datetime(2027, 1, 12, 9, 0, tzinfo=PARIS)  # 08:00 UTC


def ical_js(content):
    """The start and end (UTC, ISO 8601) of each event, as ical.js reads them."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "ical.js").exists():
        if __import__("os").environ.get("CI"):
            pytest.fail("node and the npm package ical.js are required in CI (npm ci).")
        pytest.skip("node or ical.js missing: run `npm ci`.")
    result = subprocess.run(  # noqa: S603 — our own script, fixed arguments
        [shutil.which("node"), str(SCRIPT)],
        input=content.decode(),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=30,
    )
    return [line.split() for line in result.stdout.split("\n") if line]


def test_vtimezone_of_paris_is_two_yearly_rules():
    text = vtimezone("Europe/Paris").to_ical().decode()
    assert "RDATE" not in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "TZOFFSETTO:+0200" in text and "TZOFFSETTO:+0100" in text


@pytest.mark.parametrize(("start", "utc"), [(SUMMER, "2027-08-03T07:00:00.000Z"), (WINTER, "2027-01-12T08:00:00.000Z")])
def test_ical_js_reads_the_right_utc_time(index, start, utc):
    event = make_event(index, title="Journée", start=start)
    content = calendars.event_calendar(event)
    assert ical_js(content)[0][0] == utc


@pytest.mark.parametrize(("start", "hours"), [(SUMMER, 7), (WINTER, 8)])
def test_python_icalendar_reads_the_right_utc_time(index, start, hours):
    event = make_event(index, title="Journée", start=start)
    parsed = Calendar.from_ical(calendars.event_calendar(event))
    [vevent] = parsed.walk("VEVENT")
    assert vevent.decoded("dtstart").astimezone(ZoneInfo("UTC")).hour == hours
    assert len(parsed.walk("VTIMEZONE")) == 1


def test_agenda_feed_reads_right_in_ical_js(index):
    make_event(index, title="Été", start=SUMMER)
    make_event(index, title="Hiver", start=WINTER)
    content = calendars.feed_calendar(index.events(), "Agenda")
    starts = sorted(line[0] for line in ical_js(content))
    assert starts == ["2027-01-12T08:00:00.000Z", "2027-08-03T07:00:00.000Z"]


def test_waitlisted_person_calendar_is_tentative(index):
    event = make_event(index, title="Atelier", kind="remote_workshop", capacity=1, start=SUMMER)
    first = services.register_for_event(event, name="A", email="a@example.org", notify=False)
    waiting = services.register_for_event(event, name="B", email="b@example.org", notify=False)
    assert waiting.status == "waitlisted"
    assert b"STATUS:TENTATIVE" in calendars.event_calendar(event, registration=waiting)
    assert b"STATUS:CONFIRMED" in calendars.event_calendar(event, registration=first)
