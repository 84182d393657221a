"""The VTIMEZONE of the calendar files, written as yearly RRULEs.

`icalendar`'s `add_missing_timezones()` writes every past transition as long multi-value
RDATE lists; Mozilla's ical.js (Thunderbird's parser) reads only the first value of each,
so a summer event came out an hour off there. A VTIMEZONE with one STANDARD and one
DAYLIGHT rule ("last Sunday of March at 02:00", …) is read right by every client.

The rules are derived from the zone database for the current year: the month, the weekday
and its rank (or "last") of each transition, and the offsets around it."""

import calendar
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
RULE_START_YEAR = 1970


def _transitions(zone, year):
    """The instants (UTC) of the year when the zone's offset changes, with the offsets."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    found = []
    previous = start.astimezone(zone).utcoffset()
    instant = start
    while instant.year == year:
        following = instant + timedelta(hours=1)
        offset = following.astimezone(zone).utcoffset()
        if offset != previous:
            found.append((following, previous, offset))
            previous = offset
        instant = following
    return found


def _rank(day, month, year):
    """The rank of a day among its weekdays in the month: 1…4, or -1 for the last."""
    if day + 7 > calendar.monthrange(year, month)[1]:
        return -1
    return (day - 1) // 7 + 1


def _nth_weekday(year, month, weekday, rank):
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if calendar.weekday(year, month, d) == weekday]
    return days[-1] if rank == -1 else days[rank - 1]


def vtimezone(tzid, year=None):
    """A VTIMEZONE component for `tzid` (e.g. "Europe/Paris") with RRULE-based rules."""
    year = year or datetime.now(UTC).year
    return Timezone.from_ical(_vtimezone_text(tzid, year))


@lru_cache(maxsize=16)
def _vtimezone_text(tzid, year):
    zone = ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    transitions = _transitions(zone, year)
    if not transitions:
        offset = datetime(year, 1, 1, tzinfo=zone).utcoffset()
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(RULE_START_YEAR, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", datetime(year, 1, 1, tzinfo=zone).tzname())
        component.add_component(standard)
        return component.to_ical()
    for instant, offset_from, offset_to in transitions:
        # The wall-clock time of the transition, in the offset in force before it.
        local = (instant + offset_from).replace(tzinfo=None)
        after = instant.astimezone(zone)
        rank = _rank(local.day, local.month, local.year)
        weekday = local.weekday()
        first = datetime(
            RULE_START_YEAR,
            local.month,
            _nth_weekday(RULE_START_YEAR, local.month, weekday, rank),
            local.hour,
            local.minute,
        )
        part = TimezoneDaylight() if after.dst() else TimezoneStandard()
        part.add("dtstart", first)
        part.add("rrule", vRecur(freq="YEARLY", bymonth=local.month, byday=f"{rank}{DAY_CODES[weekday]}"))
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        part.add("tzname", after.tzname())
        component.add_component(part)
    return component.to_ical()
