"""Planner-facing language: French (default) or English texts, numbers and dates.

The report, the calendar texts and explain.md go through `Lang`; CLI messages stay English.
French formats: `14 285,4` (narrow no-break space, decimal comma), `1er octobre 2025`, `lundi`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

LangCode = Literal["fr", "en"]
LANGS: tuple[str, ...] = ("fr", "en")
GROUP_SEP_FR = "\u202f"  # narrow no-break space, the French digit-group separator

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


STATUS_FR = {
    "OPTIMAL": "OPTIMAL (prouvé)",
    "FEASIBLE": "RÉALISABLE (non prouvé optimal)",
    "INFEASIBLE": "IMPOSSIBLE",
    "UNKNOWN": "INCONNU",
    "EDITED": "MODIFIÉ à la main",
}


@dataclass(frozen=True)
class Lang:
    """Formatting and wording in one language."""

    code: LangCode = "fr"

    @property
    def fr(self) -> bool:
        return self.code == "fr"

    def pick(self, fr: str, en: str) -> str:
        """The French or the English text."""
        return fr if self.fr else en

    @property
    def colon(self) -> str:
        """A colon after a label: French puts a space before it (`Lieu :` / `Site:`)."""
        return " :" if self.fr else ":"

    def number(self, value: float, decimals: int = 0) -> str:
        """`14 285,4` in French, `14,285.4` in English."""
        text = f"{value:,.{decimals}f}"
        if not self.fr:
            return text
        return text.replace(",", GROUP_SEP_FR).replace(".", ",")

    def percent(self, ratio: float, decimals: int = 1) -> str:
        """A ratio as a percentage: `12,5 %` / `12.5%`."""
        text = self.number(100 * ratio, decimals)
        return f"{text}\u00a0%" if self.fr else f"{text}%"

    def eur(self, value: float) -> str:
        """An amount in euros, whole euros when it is round: `1 250 €` / `EUR 1,250`."""
        decimals = 0 if value == round(value) else 2
        text = self.number(value, decimals)
        return f"{text}\u00a0€" if self.fr else f"EUR {text}"

    def weekday(self, day: dt.date | int) -> str:
        """`lundi` / `Monday` (a date or 0 = Monday)."""
        index = day if isinstance(day, int) else day.weekday()
        return (WEEKDAYS_FR if self.fr else WEEKDAYS_EN)[index]

    def weekday_short(self, index: int) -> str:
        """`lun.` / `Mon`."""
        return f"{WEEKDAYS_FR[index][:3]}." if self.fr else WEEKDAYS_EN[index][:3]

    def month_year(self, day: dt.date) -> str:
        """`octobre 2025` / `October 2025`."""
        return f"{(MONTHS_FR if self.fr else MONTHS_EN)[day.month - 1]} {day.year}"

    def date(self, day: dt.date, weekday: bool = False) -> str:
        """`1er octobre 2025` (`mercredi 1er octobre 2025`) / `1 October 2025`."""
        if self.fr:
            text = f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"
        else:
            text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
        return f"{self.weekday(day)} {text}" if weekday else text

    def status(self, status: str) -> str:
        """A solve status for a planner: `OPTIMAL (prouvé)` / `OPTIMAL`."""
        return STATUS_FR.get(status, status) if self.fr else status

    def short_date(self, day: dt.date) -> str:
        """`06/10/2025` (JJ/MM/AAAA) / `2025-10-06`."""
        return day.strftime("%d/%m/%Y") if self.fr else day.isoformat()


def lang_of(code: str) -> Lang:
    """A `Lang` from `fr` or `en` (ValueError otherwise)."""
    if code not in LANGS:
        raise ValueError(f"unknown language {code!r}; choose among {', '.join(LANGS)}")
    return Lang(code)  # type: ignore[arg-type]


FRENCH, ENGLISH = Lang("fr"), Lang("en")
