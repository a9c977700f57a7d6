"""`--set KEY=V1,V2,...`: the knobs a sweep may turn, and how each value changes a scenario.

A value is `N` (set every cell to N), `*F` or `xF` (multiply by F >= 0), `+N` (add) or
`-N` (subtract). Keys are scenario.toml settings (`max_days_per_doctor`, ...) or CSV
columns (`doctors.max_km`, ...); a column change applies to every row of the table.
A value set explicitly must be valid; the result of `*`, `+` or `-` is rounded (half
up) for integer columns and clipped to the column's valid range.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from roster.models import Scenario, Settings
from roster.models.domain import MAX_COUNT, MAX_KM


class OverrideError(ValueError):
    """A `--set` that names an unknown key or gives a value that cannot apply."""


@dataclass(frozen=True)
class Target:
    """A knob: a setting of scenario.toml (`table` None) or a column of a CSV table."""

    key: str
    integer: bool
    low: float
    high: float
    low_open: bool = False  # the value must stay strictly above `low`
    flag: bool = False  # a 0/1 column: only `0` or `1`

    @property
    def table(self) -> str | None:
        return self.key.partition(".")[0] if "." in self.key else None

    @property
    def column(self) -> str:
        return self.key.rpartition(".")[2]


TARGETS: dict[str, Target] = {
    t.key: t
    for t in (
        Target("max_days_per_doctor", True, 0, MAX_COUNT),
        Target("day_trip_max_km", False, 0.0, MAX_KM),
        Target("road_factor", False, 0.0, 100.0, low_open=True),
        Target("daily_indemnity_eur", False, 0.0, 1e6),
        Target("km_rate_eur", False, 0.0, 1e3),
        Target("doctors.max_km", False, 0.0, MAX_KM),
        Target("doctors.max_days", True, 0, MAX_COUNT),
        Target("replacements.max_km", False, 0.0, MAX_KM),
        Target("replacements.max_days", True, 0, MAX_COUNT),
        Target("sites.capacity", True, 1, MAX_COUNT),
        Target("sites.lodging", True, 0, 1, flag=True),
        Target("zones.demand_days", True, 0, MAX_COUNT),
        Target("practices.min_present", True, 0, MAX_COUNT),
        # policy settings (docs/scenario-format.md, "Costs, budget and stays")
        Target("budget_eur", False, 0.0, 1e12),
        Target("max_stay_days", True, 1, 31),
        Target("stay_min_km", False, 0.0, MAX_KM),
        Target("locum_daily_eur", False, 0.0, 1e6),
        Target("lodging_night_eur", False, 0.0, 1e6),
    )
}
OUT_OF_SCOPE = ("name", "month", "holidays")
MAX_AMOUNT = 1e9  # a --set value or factor (bigger ones only overflow)
_NUMBER = re.compile(r"^(\d+(\.\d*)?|\.\d+)$")


def _number_text(value: float) -> str:
    """`2`, `1.5`: the shortest text that reads back as the same number."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class Change:
    """One value of a `--set` list: set, multiply or add."""

    op: Literal["set", "mul", "add"]
    amount: float

    @property
    def text(self) -> str:
        """Canonical form: `120`, `*1.5`, `+20`, `-20`."""
        if self.op == "mul":
            return "*" + _number_text(self.amount)
        if self.op == "add":
            return ("+" if self.amount >= 0 else "-") + _number_text(abs(self.amount))
        return _number_text(self.amount)

    def apply(self, old: float | None, target: Target) -> float:
        """The new value of one cell (rounded and clipped for `*`, `+`, `-`)."""
        if self.op == "set":
            return self.amount
        if old is None:  # budget_eur, stay_min_km not set in scenario.toml: nothing to scale
            raise OverrideError(f"{target.key} is not set in scenario.toml; give values, not {self.text}")
        new = old * self.amount if self.op == "mul" else old + self.amount
        if not math.isfinite(new):
            raise OverrideError(f"{target.key}: {self.text} gives {new}, not a finite number")
        if target.integer:
            new = math.floor(new + 0.5)
        if target.low_open and new <= target.low:
            raise OverrideError(
                f"{target.key}: {self.text} gives {new:g}, which must stay above {target.low:g}"
            )
        new = min(max(new, target.low), target.high)
        return int(new) if target.integer else float(new)


def parse_target(key: str) -> Target:
    key = key.strip()
    if key in TARGETS:
        return TARGETS[key]
    known = ", ".join(TARGETS)
    if key in OUT_OF_SCOPE:
        raise OverrideError(f"--set: {key!r} cannot be swept; choose among {known}")
    raise OverrideError(f"--set: unknown key {key!r}; choose among {known}")


def parse_change(target: Target, token: str) -> Change:
    """One value of a list, checked against the target (integers, 0/1, range)."""
    text = token.strip()
    expected = "0 or 1" if target.flag else "a number N, *F (or xF), +N or -N"
    op: Literal["set", "mul", "add"] = "set"
    negative = text[:1] == "-"
    if text[:1] in ("*", "x", "X"):
        op, text = "mul", text[1:]
    elif text[:1] in ("+", "-"):
        op, text = "add", text[1:]
    if not _NUMBER.match(text):
        raise OverrideError(f"--set {target.key}: bad value {token.strip()!r}; expected {expected}")
    amount = float(text)
    if not math.isfinite(amount) or amount > MAX_AMOUNT:
        raise OverrideError(
            f"--set {target.key}: value {token.strip()!r} is too large (at most {MAX_AMOUNT:g})"
        )
    if negative:
        amount = -amount
    where = f"--set {target.key}: value {token.strip()!r}"
    if target.flag and (op != "set" or amount not in (0.0, 1.0)):
        raise OverrideError(f"{where}: expected 0 or 1")
    if target.integer and op != "mul" and not amount.is_integer():
        raise OverrideError(f"{where}: {target.key} is an integer")
    if op == "set":
        too_low = amount <= target.low if target.low_open else amount < target.low
        if too_low or amount > target.high:
            low = ("> " if target.low_open else ">= ") + _number_text(target.low)
            raise OverrideError(f"{where}: must be {low} and <= {_number_text(target.high)}")
    return Change(op, int(amount) if target.integer and op != "mul" else amount)


def parse_set_option(text: str) -> tuple[Target, tuple[Change, ...]]:
    """`KEY=V1,V2,...` -> the target and its distinct values, in the order given."""
    key, equals, values = text.partition("=")
    if not equals or not key.strip():
        raise OverrideError(f"--set expects KEY=V1,V2,..., got {text!r}")
    target = parse_target(key)
    tokens = values.split(",")
    if not any(v.strip() for v in tokens):
        raise OverrideError(f"--set {target.key}: no value given")
    changes: list[Change] = []
    for token in tokens:
        change = parse_change(target, token)
        if change in changes:
            raise OverrideError(f"--set {target.key}: value {change.text!r} is given twice")
        changes.append(change)
    return target, tuple(changes)


def apply_changes(scenario: Scenario, changes: Sequence[tuple[Target, Change]]) -> Scenario:
    """The scenario with every change applied (settings re-validated, columns clipped)."""
    settings_update: dict[str, object] = {}
    per_table: dict[str, list[tuple[Target, Change]]] = defaultdict(list)
    for target, change in changes:
        if target.table is None:
            old = getattr(scenario.settings, target.key)
            settings_update[target.key] = change.apply(old, target)
        else:
            per_table[target.table].append((target, change))
    update: dict[str, object] = {}
    if settings_update:
        try:
            update["settings"] = Settings.model_validate(
                {**scenario.settings.model_dump(), **settings_update}
            )
        except ValidationError as exc:
            raise OverrideError(f"--set: {exc.errors()[0]['msg']}") from exc
    for table, table_changes in per_table.items():
        records = getattr(scenario, table)
        update[table] = tuple(
            record.model_copy(
                update={
                    t.column: (
                        bool(c.apply(float(getattr(record, t.column)), t))
                        if t.flag
                        else c.apply(getattr(record, t.column), t)
                    )
                    for t, c in table_changes
                }
            )
            for record in records
        )
    return scenario.model_copy(update=update) if update else scenario
