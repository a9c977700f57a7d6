"""iCalendar (RFC 5545) files: all-day events with stable UIDs, byte-identical on re-export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Calendar
from icalendar import Event as IcsEvent

from roster.export.events import Event

PRODID = "-//roster//volunteer doctors missions//EN"


def render_ics(events: Sequence[Event], title: str, stamp: dt.datetime) -> bytes:
    """One VCALENDAR; `stamp` (UTC) is the DTSTAMP of every event, so output is deterministic."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    for e in events:
        item = IcsEvent()
        item.add("uid", e.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", e.date)  # a date: DTSTART;VALUE=DATE
        item.add("dtend", e.date + dt.timedelta(days=e.days))  # exclusive end
        item.add("summary", e.summary)
        item.add("location", e.location)
        item.add("description", e.description)
        item.add("categories", ["Roster mission" if e.kind == "mission" else "Roster locum"])
        item.add("transp", "OPAQUE")
        calendar.add_component(item)
    return calendar.to_ical()
