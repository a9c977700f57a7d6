"""A month calendar per site: weeks x weekdays, doctors on mission in each day cell."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from html import escape

from roster.models import WEEKDAYS, Planning, Scenario, Site
from roster.outputs.stays import stays_of


def _cell(day: dt.date, site: Site, month: int, holidays: frozenset[dt.date], doctors: list[str]) -> str:
    if day.month != month:
        return '<td class="outside"></td>'
    classes, notes = ["day"], []
    if day in holidays:
        classes.append("holiday")
        notes.append('<div class="tag">holiday</div>')
    elif day.weekday() not in site.open_weekdays:
        classes.append("closed")
        notes.append('<div class="tag">closed</div>')
    if doctors:
        classes.append("staffed")
        notes.append(f'<div class="fill">{len(doctors)}/{site.capacity}</div>')
    names = "".join(f'<div class="doc">{escape(d)}</div>' for d in doctors)
    return (
        f'<td class="{" ".join(classes)}" data-date="{day.isoformat()}">'
        f'<div class="num">{day.day}</div>{"".join(notes)}{names}</td>'
    )


def site_calendar(scenario: Scenario, planning: Planning, site: Site) -> str:
    """One site's month: closed weekdays greyed, holidays marked, doctor ids per day."""
    first = scenario.settings.first_day
    holidays = scenario.holidays_in_month()
    per_day: dict[dt.date, list[str]] = defaultdict(list)
    stays = []
    for trip in stays_of(a for a in planning.assignments if a.site_id == site.site_id):
        for k, a in enumerate(trip.rows, start=1):  # a stay's days read "D00012 stay 2/5"
            per_day[a.date].append(a.doctor_id + (f" stay {k}/{trip.days}" if trip.days > 1 else ""))
        if trip.days > 1:
            stays.append(f"{trip.rows[0].doctor_id}: {trip.first} to {trip.last} ({trip.days} days)")
    header = "".join(f"<th>{day}</th>" for day in WEEKDAYS)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    body = "".join(
        "<tr>"
        + "".join(_cell(day, site, first.month, holidays, sorted(per_day.get(day, []))) for day in week)
        + "</tr>"
        for week in weeks
    )
    days = sum(len(v) for v in per_day.values())
    stay_note = f'<p class="note">Stays: {escape("; ".join(stays))}</p>' if stays else ""
    return (
        f'<div class="site-cal" id="site-{escape(site.site_id)}"><h3>{escape(site.name)} '
        f'<span class="sub">{escape(site.site_id)} · zone {escape(site.zone_id)} · capacity {site.capacity}'
        f" · {days} doctor-day(s)</span></h3>"
        f'<table class="month"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>{stay_note}</div>'
    )


def calendars_section(scenario: Scenario, planning: Planning) -> str:
    title = f"{calendar.month_name[scenario.settings.first_day.month]} {scenario.settings.first_day.year}"
    grids = "".join(
        site_calendar(scenario, planning, s) for s in sorted(scenario.sites, key=lambda s: s.site_id)
    )
    return (
        f'<section id="calendars"><h2>Site calendars - {escape(title)}</h2>'
        '<p class="note">Doctor ids on mission each day; grey: site closed; hatched: holiday.</p>'
        f'<div class="site-cals">{grids}</div></section>'
    )
