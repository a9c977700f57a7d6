"""`sites/<stem>.ics`: a site's consultations as an iCalendar feed patients can subscribe to.

One VEVENT per consultation, from the morning's start to the afternoon's end, in Europe/Paris
local time (`DTSTART;TZID=Europe/Paris`, with its VTIMEZONE); UIDs depend on the site, the date
and the slot only, so a re-publication updates the events already imported. A mission still
proposed (`--include-proposed`) is STATUS:TENTATIVE, a confirmed one STATUS:CONFIRMED."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Event as IcsEvent
from icalendar import Timezone

from roster.export.ics import month_stamp, new_calendar
from roster.models import Site
from roster.models.safe_text import printable
from roster.publish.consultations import Consultation, Publication, where
from roster.publish.hours import hours_text, mission_hours

TZID = "Europe/Paris"


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    if hours == 24:  # a slot ending at midnight
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, minutes), ZoneInfo(TZID))
    return dt.datetime.combine(day, dt.time(hours, minutes), ZoneInfo(TZID))


def _event(site: Site, c: Consultation, stamp: dt.datetime) -> IcsEvent:
    start, end = mission_hours(site, c.part)
    details = [f"Horaires : {hours_text(site, c.part)}"]
    if c.doctor:
        details.append(f"Médecin : {c.doctor}")
    if not c.confirmed:
        details.append("À confirmer")
    item = IcsEvent()
    item.add("uid", c.uid)
    item.add("dtstamp", stamp)
    item.add("dtstart", _at(c.date, start))
    item.add("dtend", _at(c.date, end))
    item.add("summary", printable(f"Consultation — {site.name}"))
    item.add("location", printable(where(site) or site.name))
    item.add("description", "\n".join(printable(d) for d in details))
    item.add("status", "CONFIRMED" if c.confirmed else "TENTATIVE")
    item.add("transp", "TRANSPARENT")
    return item


def site_feed(pub: Publication, site: Site) -> bytes:
    """The feed of one site (with its VTIMEZONE even when it has no consultation yet)."""
    first = pub.month
    calendar = new_calendar(f"Consultations — {site.name}")
    calendar.add("x-wr-timezone", TZID)
    after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) + dt.timedelta(days=32)
    calendar.add_component(Timezone.from_tzid(TZID, first_date=first, last_date=after))
    stamp = month_stamp(first)
    for c in pub.per_site[site.site_id]:
        calendar.add_component(_event(site, c, stamp))
    return calendar.to_ical()
