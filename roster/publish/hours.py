"""A mission's hours at a site: the one place that turns a site's half-days into times.

A mission is a whole day for now (`part="day"`): it spans the morning's start to the
afternoon's end, and is offered to patients as two slots, the morning and the afternoon.
Half-day missions (`"am"`, `"pm"`) will be one slot each.
"""

from __future__ import annotations

from roster.models import Site

PARTS: tuple[str, ...] = ("day", "am", "pm")
WHOLE_DAY = "day"  # every mission of a planning until half-day missions exist

Slot = tuple[str, str]  # (start, end) as HH:MM


def mission_slots(site: Site, part: str = WHOLE_DAY) -> tuple[Slot, ...]:
    """The half-day slots of a mission at `site`: a day is (morning, afternoon)."""
    morning, afternoon = site.half_days()
    slots = {"day": (morning, afternoon), "am": (morning,), "pm": (afternoon,)}
    if part not in slots:
        raise ValueError(f"unknown part of day {part!r}; choose among {', '.join(PARTS)}")
    return slots[part]


def mission_hours(site: Site, part: str = WHOLE_DAY) -> Slot:
    """(start, end) of a mission at `site`: a whole day spans the morning's start to the afternoon's end."""
    slots = mission_slots(site, part)
    return slots[0][0], slots[-1][1]


def french_time(hhmm: str) -> str:
    """`08:30` -> `08h30`."""
    hours, minutes = hhmm.split(":")
    return f"{hours}h{minutes}"


def hours_text(site: Site, part: str = WHOLE_DAY) -> str:
    """The hours as patients read them: `08h30–12h30, 13h30–18h00`."""
    return ", ".join(f"{french_time(a)}–{french_time(b)}" for a, b in mission_slots(site, part))
