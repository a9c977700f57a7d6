"""A month calendar per site: weeks x weekdays, doctors on mission (by name) in each day cell."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import Assignment, Planning, Scenario, Site
from roster.outputs.stays import stays_of


def _doc(a: Assignment, names: dict[str, str], day_trip: float, lang: Lang, stay: str = "") -> str:
    name = names.get(a.doctor_id, a.doctor_id) + (f" {stay}" if stay else "")
    night = ""
    if a.km > day_trip + 1e-9:
        tip = lang.pick("dort sur place la veille (au-delà de l'aller-retour dans la journée)",
                        "stays the night before (beyond the day trip)")  # fmt: skip
        night = f' <span class="night" title="{escape(tip)}">{lang.pick("+ nuit", "+ night")}</span>'
    return f'<div class="doc" data-doctor="{escape(a.doctor_id)}">{escape(name)}{night}</div>'


def _cell(
    day: dt.date,
    site: Site,
    month: int,
    holidays: frozenset[dt.date],
    docs: list[str],
    lang: Lang,
) -> str:
    if day.month != month:
        return '<td class="outside"></td>'
    classes, notes = ["day"], []
    if day in holidays:
        classes.append("holiday")
        notes.append(f'<div class="tag">{lang.pick("férié", "holiday")}</div>')
    elif day.weekday() not in site.open_weekdays:
        classes.append("closed")
        notes.append(f'<div class="tag">{lang.pick("fermé", "closed")}</div>')
    if docs:
        classes.append("staffed")
        notes.append(f'<div class="fill">{len(docs)}/{site.capacity}</div>')
    return (
        f'<td class="{" ".join(classes)}" data-date="{day.isoformat()}">'
        f'<div class="num">{day.day}</div>{"".join(notes)}{"".join(docs)}</td>'
    )


def site_calendar(scenario: Scenario, planning: Planning, site: Site, lang: Lang = ENGLISH) -> str:
    """One site's month: closed weekdays greyed, holidays marked, doctors' names per day."""
    first = scenario.settings.first_day
    holidays = scenario.holidays_in_month()
    names = {d.doctor_id: d.name for d in scenario.doctors}
    day_trip = scenario.settings.day_trip_max_km
    per_day: dict[dt.date, list[tuple[Assignment, str]]] = defaultdict(list)
    stays = []
    for trip in stays_of(a for a in planning.assignments if a.site_id == site.site_id):
        for k, a in enumerate(trip.rows, start=1):  # a stay's days read "Dr X stay 2/5"
            label = lang.pick(f"séjour {k}/{trip.days}", f"stay {k}/{trip.days}") if trip.days > 1 else ""
            per_day[a.date].append((a, label))
        if trip.days > 1:
            who = names.get(trip.rows[0].doctor_id, trip.rows[0].doctor_id)
            stays.append(
                lang.pick(
                    f"{who} : du {lang.date(trip.first)} au {lang.date(trip.last)} ({trip.days} jours)",
                    f"{who}: {trip.first} to {trip.last} ({trip.days} days)",
                )
            )
    header = "".join(f"<th>{lang.weekday_short(i)}</th>" for i in range(7))
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)

    def docs(day: dt.date) -> list[str]:
        return [
            _doc(a, names, day_trip, lang, label)
            for a, label in sorted(per_day.get(day, []), key=lambda row: row[0].doctor_id)
        ]

    body = "".join(
        "<tr>" + "".join(_cell(day, site, first.month, holidays, docs(day), lang) for day in week) + "</tr>"
        for week in weeks
    )
    days = sum(len(v) for v in per_day.values())
    stays_label = lang.pick("Séjours :", "Stays:")
    stay_note = f'<p class="note">{stays_label} {escape("; ".join(stays))}</p>' if stays else ""
    zone = next((z.name for z in scenario.zones if z.zone_id == site.zone_id), site.zone_id)
    sub = lang.pick(
        f"{site.site_id} · {zone} · capacité {site.capacity} · {days} jour(s)-médecin"
        + (" · hébergement" if site.lodging else ""),
        f"{site.site_id} · {zone} · capacity {site.capacity} · {days} doctor-day(s)"
        + (" · lodging" if site.lodging else ""),
    )
    return (
        f'<div class="site-cal" id="site-{escape(site.site_id)}"><h3>{escape(site.name)} '
        f'<span class="sub">{escape(sub)}</span></h3>'
        f'<table class="month"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>{stay_note}</div>'
    )


def calendars_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    title = lang.month_year(scenario.settings.first_day)
    grids = "".join(
        site_calendar(scenario, planning, s, lang) for s in sorted(scenario.sites, key=lambda s: s.site_id)
    )
    note = lang.pick(
        "Médecins en mission chaque jour ; gris : lieu fermé ; hachuré : jour férié ; "
        "« + nuit » : hébergement la veille.",
        "Doctors on mission each day; grey: site closed; hatched: holiday; "
        "'+ night': lodging the night before.",
    )
    heading = lang.pick("Calendriers des lieux", "Site calendars")
    return (
        f'<section id="calendars"><h2>{heading} - {escape(title)}</h2>'
        f'<p class="note">{escape(note)}</p>'
        f'<div class="site-cals">{grids}</div></section>'
    )
