"""Publication of a planning for patients and booking tools (`roster publish`).

`publication_files` gives every file of the folder: `index.html` (the departments),
`departements/<code>.html` (a department's sites), `sites/<site>.html` and `sites/<site>.ics`
(a site's consultation days, as a page and as a feed) and `creneaux.csv` (the slots).
No file holds a doctor's id or contact data; `names=False` also leaves their names out."""

from __future__ import annotations

from pathlib import Path

from roster.publish.consultations import Consultation, Publication, doctor_title, publication
from roster.publish.feeds import site_feed
from roster.publish.hours import mission_hours, mission_slots
from roster.publish.pages import GENERATOR, department_page, index_page, site_page
from roster.publish.slots import SLOT_COLUMNS, slot_rows, slots_csv

INDEX, SLOTS_FILE = "index.html", "creneaux.csv"


def publication_files(pub: Publication) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the publication (deterministic)."""
    files = {INDEX: index_page(pub).encode("utf-8"), SLOTS_FILE: slots_csv(pub)}
    for code, stem in sorted(pub.department_stems.items()):
        files[f"departements/{stem}.html"] = department_page(pub, code).encode("utf-8")
    for site in pub.scenario.sites:
        stem = pub.site_stems[site.site_id]
        files[f"sites/{stem}.html"] = site_page(pub, site).encode("utf-8")
        files[f"sites/{stem}.ics"] = site_feed(pub, site)
    return files


def is_publication(folder: Path) -> bool:
    """A folder `roster publish` wrote: its index.html carries the generator mark."""
    try:
        with (folder / INDEX).open("rb") as handle:
            return GENERATOR.encode() in handle.read(4096)
    except OSError:
        return False


__all__ = [
    "SLOTS_FILE",
    "SLOT_COLUMNS",
    "Consultation",
    "Publication",
    "doctor_title",
    "is_publication",
    "mission_hours",
    "mission_slots",
    "publication",
    "publication_files",
    "slot_rows",
]
