"""iCalendar (RFC 5545) files: all-day events with stable UIDs, byte-identical on re-export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Calendar
from icalendar import Event as IcsEvent

from roster.export.events import Event
from roster.models.safe_text import printable

PRODID = "-//roster//volunteer doctors missions//EN"


def month_stamp(first_day: dt.date) -> dt.datetime:
    """The DTSTAMP of every event of a month's calendars: its first day, 00:00 UTC (deterministic)."""
    return dt.datetime(first_day.year, first_day.month, first_day.day, tzinfo=dt.UTC)


def new_calendar(title: str) -> Calendar:
    """An empty VCALENDAR of roster (PRODID, version, PUBLISH) named `title`."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", printable(title))
    return calendar


def render_ics(events: Sequence[Event], title: str, stamp: dt.datetime) -> bytes:
    """One VCALENDAR; `stamp` (UTC) is the DTSTAMP of every event, so output is deterministic."""
    calendar = new_calendar(title)
    for e in events:
        item = IcsEvent()
        item.add("uid", e.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", e.date)  # a date: DTSTART;VALUE=DATE
        item.add("dtend", e.date + dt.timedelta(days=e.days))  # exclusive end
        item.add("summary", printable(e.summary))
        item.add("location", printable(e.location))
        item.add("description", "\n".join(printable(d) for d in e.details))
        item.add("categories", ["Roster mission" if e.kind == "mission" else "Roster locum"])
        item.add("transp", "TRANSPARENT" if e.cancelled else "OPAQUE")
        if e.sequence:
            item.add("sequence", e.sequence)
        if e.cancelled:
            item.add("status", "CANCELLED")
        calendar.add_component(item)
    return calendar.to_ical()
