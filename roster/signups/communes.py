"""A volunteer's commune (name or INSEE code) to its centre, from the bundled communes (no network).

Accepted: an INSEE code (`32013`, `2A004`; `1053` for `01053`), a name (`Auch`,
`saint-gaudens`, `St Gaudens`), a name with its postcode or department
(`Auch (32000)`, `Auch (32)`). A name several communes share is taken in the
scenario's departments first, then in their regions, then the most populous,
and the choice is said in a warning.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pandas as pd

from roster.scenarios.geodata import communes

INSEE = re.compile(r"^(\d{5}|2[AaBb]\d{3})$")
QUALIFIED = re.compile(r"^(.*?)[\s,]*\(\s*(\d{5}|\d{2,3}|2[AaBb])\s*\)$")


@dataclass(frozen=True)
class Commune:
    insee_code: str
    name: str
    department: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.department})"


@dataclass(frozen=True)
class Found:
    """The commune (or None), what is wrong, and a note on the choice made (ambiguous name)."""

    commune: Commune | None
    problem: str | None = None
    note: str | None = None


def name_key(text: str) -> str:
    """`Saint-Gaudens`, `ST GAUDENS`, `st-gaudens` -> `saint gaudens`."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = re.sub(r"^(st|ste)\b", lambda m: "saint" if m.group(1) == "st" else "sainte", text)
    return re.sub(r"\b(st|ste)\b", lambda m: "saint" if m.group(1) == "st" else "sainte", text)


@cache
def _table() -> pd.DataFrame:
    frame = communes()[["insee_code", "name", "department", "region", "population", "latitude", "longitude"]]
    frame = frame.copy()
    frame["key"] = frame["name"].map(name_key)
    return frame


@cache
def _by_key() -> dict[str, list[int]]:
    """Normalised name -> row positions in `_table()` (a name lookup without scanning 35,000 rows)."""
    index: dict[str, list[int]] = {}
    for position, key in enumerate(_table()["key"]):
        index.setdefault(key, []).append(position)
    return index


@cache
def _by_code() -> dict[str, int]:
    return {code: position for position, code in enumerate(_table()["insee_code"])}


def _commune(row: pd.Series) -> Commune:
    return Commune(row.insee_code, row["name"], row.department, float(row.latitude), float(row.longitude))


def _department_of_postcode(code: str) -> str:
    if code.startswith("97"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


class CommuneIndex:
    """Looks communes up, preferring the scenario's departments (then their regions)."""

    def __init__(self, departments: set[str]) -> None:
        self.departments = departments
        table = _table()
        known = table[table.department.isin(departments)]
        self.regions = set(known.region)

    def _best(self, rows: pd.DataFrame, asked: str) -> Found:
        if len(rows) == 1:
            return Found(_commune(rows.iloc[0]))
        tiers = (
            ("in the scenario's departments", rows[rows.department.isin(self.departments)]),
            ("in the scenario's region", rows[rows.region.isin(self.regions)]),
            ("in France", rows),
        )
        for where, tier in tiers:
            if len(tier):
                chosen = tier.sort_values(["population", "insee_code"], ascending=[False, True]).iloc[0]
                others = ", ".join(
                    f"{r['name']} ({r.department})"
                    for _, r in rows.iterrows()
                    if r.insee_code != chosen.insee_code
                )
                picked = "the only one" if len(tier) == 1 else "the most populous"
                note = (
                    f"commune {asked!r} is ambiguous; took {chosen['name']} ({chosen.department}, "
                    f"INSEE {chosen.insee_code}), {picked} {where} (others: {others}); "
                    "write the INSEE code to choose another"
                )
                return Found(_commune(chosen), note=note)
        raise AssertionError("unreachable: rows is not empty")

    def suggestions(self, key: str) -> list[str]:
        table = _table()
        pools = (table[table.region.isin(self.regions)], table)
        for pool in pools:
            keys = list(dict.fromkeys(pool.key))
            close = difflib.get_close_matches(key, keys, n=3, cutoff=0.75)
            if close:
                rows = pool[pool.key.isin(close)]
                return list(dict.fromkeys(f"{r['name']} ({r.department})" for _, r in rows.iterrows()))[:3]
        return []

    def find(self, text: str) -> Found:
        """The commune a cell names."""
        asked = text.strip()
        if not asked:
            return Found(None, "value is missing (a commune name or INSEE code)")
        table = _table()
        code = asked.upper()
        if re.fullmatch(r"\d{4}", code):
            code = "0" + code  # a spreadsheet dropped the leading zero
        if INSEE.match(code):
            if code in _by_code():
                return Found(_commune(table.iloc[_by_code()[code]]))
            return Found(None, f"unknown INSEE code {asked!r} (not a commune of the COG 2025)")
        department = None
        qualified = QUALIFIED.match(asked)
        if qualified:
            asked_name, hint = qualified.group(1), qualified.group(2).upper()
            department = _department_of_postcode(hint) if len(hint) == 5 else hint
        else:
            asked_name = asked
        key = name_key(asked_name)
        rows = table.iloc[_by_key().get(key, [])]
        if department is not None and len(rows):
            in_department = rows[rows.department == department]
            if len(in_department):
                rows = in_department
        if len(rows):
            return self._best(rows, asked)
        close = self.suggestions(key)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return Found(None, f"unknown commune {asked!r}{hint}")
