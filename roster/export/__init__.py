"""Calendars of a planning: Google Calendar CSV, Outlook CSV and iCalendar, per doctor, site or zone."""

from __future__ import annotations

import datetime as dt

from roster.export.csv_calendars import CSV_RENDERERS
from roster.export.events import GROUPS, calendar_title, grouped_events
from roster.export.ics import render_ics
from roster.models import Planning, Scenario

FORMATS: tuple[str, ...] = ("gcal-csv", "outlook-csv", "ics")
_EXTENSIONS = {"gcal-csv": "csv", "outlook-csv": "csv", "ics": "ics"}


def _stamp(scenario: Scenario) -> dt.datetime:
    """DTSTAMP of every event: the planned month's first day, 00:00 UTC (deterministic)."""
    first = scenario.settings.first_day
    return dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)


def render_calendars(scenario: Scenario, planning: Planning, fmt: str, group: str) -> dict[str, bytes]:
    """File name -> bytes: one calendar per doctor/site/zone with missions, plus `locums.*` if any."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose among {', '.join(FORMATS)}")
    files: dict[str, bytes] = {}
    for stem, events in grouped_events(scenario, planning, group).items():
        name = f"{stem}.{_EXTENSIONS[fmt]}"
        if fmt == "ics":
            files[name] = render_ics(events, calendar_title(scenario, stem), _stamp(scenario))
        else:
            files[name] = CSV_RENDERERS[fmt](events)
    return files


__all__ = ["FORMATS", "GROUPS", "render_calendars"]
