"""`creneaux.csv`: the consultation slots for a booking tool, one row per doctor and half-day.

Columns `site_id,site,address,commune,date,start,end` (and `doctor` unless names are left out),
UTF-8 without BOM, comma-separated, CRLF, ISO dates and `HH:MM` times, sorted by site, date,
start and doctor. Text cells go through `spreadsheet_cell` (never a formula)."""

from __future__ import annotations

import csv
import io

from roster.models.safe_text import printable, spreadsheet_cell
from roster.publish.consultations import Publication
from roster.publish.hours import mission_slots

SLOT_COLUMNS: tuple[str, ...] = ("site_id", "site", "address", "commune", "date", "start", "end")
DOCTOR_COLUMN = "doctor"


def slot_rows(pub: Publication) -> list[tuple[str, ...]]:
    """Every half-day slot of every consultation, sorted."""
    rows = []
    for c in pub.consultations:
        site = pub.sites[c.site_id]
        for start, end in mission_slots(site, c.part):
            row = (c.site_id, site.name, site.address, site.commune, c.date.isoformat(), start, end)
            rows.append(row + ((c.doctor,) if pub.names else ()))
    return sorted(rows, key=lambda r: (r[0], r[4], r[5], r[7:]))


def slots_csv(pub: Publication) -> bytes:
    """The slots file's bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SLOT_COLUMNS + ((DOCTOR_COLUMN,) if pub.names else ()))
    writer.writerows([spreadsheet_cell(printable(cell)) for cell in row] for row in slot_rows(pub))
    return buffer.getvalue().encode("utf-8")
