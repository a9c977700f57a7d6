"""French public holidays (jours fériés, metropolitan France)."""

from __future__ import annotations

import datetime as dt


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (anonymous algorithm, a.k.a. Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def french_holidays(year: int) -> dict[dt.date, str]:
    """The eleven public holidays of metropolitan France for `year`."""
    easter = easter_sunday(year)
    fixed = {
        (1, 1): "Jour de l'an",
        (5, 1): "Fête du Travail",
        (5, 8): "Victoire 1945",
        (7, 14): "Fête nationale",
        (8, 15): "Assomption",
        (11, 1): "Toussaint",
        (11, 11): "Armistice 1918",
        (12, 25): "Noël",
    }
    days = {dt.date(year, m, d): name for (m, d), name in fixed.items()}
    days[easter + dt.timedelta(days=1)] = "Lundi de Pâques"
    days[easter + dt.timedelta(days=39)] = "Ascension"
    days[easter + dt.timedelta(days=50)] = "Lundi de Pentecôte"
    return dict(sorted(days.items()))


def holidays_in_month(month: str) -> list[dt.date]:
    """Public holidays falling in `YYYY-MM`."""
    year = int(month[:4])
    return [d for d in french_holidays(year) if d.isoformat()[:7] == month]
