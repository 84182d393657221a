// Reads an .ics file on stdin with ical.js (Thunderbird's parser) and prints the start
// of each VEVENT in UTC, one ISO 8601 date per line. Used by workshops/tests/test_calendars.py.
import ICAL from "ical.js";

let data = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (data += chunk));
process.stdin.on("end", () => {
    const calendar = new ICAL.Component(ICAL.parse(data));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) {
        ICAL.TimezoneService.register(zone);
    }
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
        const event = new ICAL.Event(vevent);
        console.log(event.startDate.toJSDate().toISOString() + " " + event.endDate.toJSDate().toISOString());
    }
});
