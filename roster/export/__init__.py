"""Calendars of a planning: Google Calendar CSV, Outlook CSV and iCalendar, per doctor, site or zone."""

from __future__ import annotations

from dataclasses import replace

from roster.export.csv_calendars import CSV_RENDERERS
from roster.export.events import GROUPS, calendar_title, named_calendars
from roster.export.ics import month_stamp, render_ics
from roster.i18n import ENGLISH, Lang
from roster.models import Assignment, LocumDay, Planning, Scenario

FORMATS: tuple[str, ...] = ("gcal-csv", "outlook-csv", "ics")
_EXTENSIONS = {"gcal-csv": "csv", "outlook-csv": "csv", "ics": "ics"}


def render_calendars(
    scenario: Scenario,
    planning: Planning,
    fmt: str,
    group: str,
    lang: Lang = ENGLISH,
    verified: bool = True,
    cancelled: tuple[Assignment | LocumDay, ...] = (),
    sequence: int | None = None,
) -> dict[str, bytes]:
    """File name -> bytes: one calendar per doctor/site/zone with missions and one per locum.

    `verified=False` marks every calendar and event NOT VERIFIED; `cancelled` rows come back
    as cancellations (iCalendar STATUS:CANCELLED; a CANCELLED line in CSV files)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose among {', '.join(FORMATS)}")
    mark = "" if verified else lang.pick("[NON VÉRIFIÉ] ", "[NOT VERIFIED] ")
    files: dict[str, bytes] = {}
    for stem, (whose, events) in named_calendars(
        scenario, planning, group, lang, cancelled, sequence
    ).items():
        if mark:
            events = [replace(e, summary=mark + e.summary) for e in events]
        name = f"{stem}.{_EXTENSIONS[fmt]}"
        if fmt == "ics":
            title = mark + calendar_title(scenario, stem, lang, whose)
            files[name] = render_ics(events, title, month_stamp(scenario.settings.first_day))
        else:
            files[name] = CSV_RENDERERS[fmt](events)
    return files


__all__ = ["FORMATS", "GROUPS", "render_calendars"]
