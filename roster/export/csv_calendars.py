"""Calendar CSV files for Google Calendar and Outlook (English) imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence

from roster.export.events import Event
from roster.models.safe_text import spreadsheet_cell

GCAL_HEADER: tuple[str, ...] = (
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All Day Event",
    "Description",
    "Location",
    "Private",
)

OUTLOOK_HEADER: tuple[str, ...] = (
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All day event",
    "Reminder on/off",
    "Reminder Date",
    "Reminder Time",
    "Meeting Organizer",
    "Required Attendees",
    "Optional Attendees",
    "Meeting Resources",
    "Billing Information",
    "Categories",
    "Description",
    "Location",
    "Mileage",
    "Priority",
    "Private",
    "Sensitivity",
    "Show time as",
)

_BUSY = "2"  # Outlook "Show time as": 0 free, 1 tentative, 2 busy, 3 out of office


def _table(header: Sequence[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def _gcal_row(e: Event) -> dict[str, str]:
    day = e.date.strftime("%m/%d/%Y")  # Google's importer reads US dates
    end = (e.date + dt.timedelta(days=e.days - 1)).strftime("%m/%d/%Y")  # a stay spans days
    return {
        "Subject": e.summary,
        "Start Date": day,
        "Start Time": "",
        "End Date": end,  # inclusive end for an all-day event: the same day (or a stay's last)
        "End Time": "",
        "All Day Event": "True",
        "Description": "; ".join(e.details),  # one line: importers differ on quoted newlines
        "Location": e.location,
        "Private": "False",
    }


def _outlook_row(e: Event) -> dict[str, str]:
    day = f"{e.date.month}/{e.date.day}/{e.date.year}"  # Outlook (English): M/D/YYYY
    last = e.date + dt.timedelta(days=e.days - 1)  # a stay spans days
    row = dict.fromkeys(OUTLOOK_HEADER, "")
    row.update(
        {
            "Subject": e.summary,
            "Start Date": day,
            "End Date": f"{last.month}/{last.day}/{last.year}",
            "All day event": "True",
            "Reminder on/off": "False",
            "Categories": "Roster mission" if e.kind == "mission" else "Roster locum",
            "Description": "; ".join(e.details),  # one line: importers differ on quoted newlines
            "Location": e.location,
            "Mileage": f"{e.km:.1f}",
            "Priority": "Normal",
            "Private": "False",
            "Sensitivity": "Normal",
            "Show time as": _BUSY,
        }
    )
    return row


def render_gcal_csv(events: Sequence[Event]) -> bytes:
    """Google Calendar import CSV: UTF-8 without BOM, all-day events, MM/DD/YYYY."""
    return _table(GCAL_HEADER, [_gcal_row(e) for e in events]).encode("utf-8")


def render_outlook_csv(events: Sequence[Event]) -> bytes:
    """Outlook (English) import CSV: UTF-8 with BOM so Excel keeps accents, M/D/YYYY."""
    return _table(OUTLOOK_HEADER, [_outlook_row(e) for e in events]).encode("utf-8-sig")


CSV_RENDERERS: dict[str, Callable[[Sequence[Event]], bytes]] = {
    "gcal-csv": render_gcal_csv,
    "outlook-csv": render_outlook_csv,
}
