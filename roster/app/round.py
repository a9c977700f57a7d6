"""The re-plan round: a new planning around the doctors' answers.

Declined and cancelled missions are removed and their doctor-days made unavailable (also
those refused in earlier rounds), confirmed missions are pinned (`Scenario.pins`), the
other missions stay where they can (the re-plan objective: fewest changes after coverage),
and doctors added by a late sign-up import are placed. The new planning's states: confirmed
stay confirmed, kept unanswered missions stay proposed with their history, new missions are
proposed, refused doctor-days are kept as rows so that no later round offers them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import BadInput, ConfirmedNotOffered
from roster.app.loading import open_scenario
from roster.app.replan import PersonDate, with_availability
from roster.app.snapshot import scenario_snapshot
from roster.models import Planning, Scenario, Visit
from roster.models.states import StateRow
from roster.outputs.planning_diff import Change, changes_csv, planning_changes
from roster.rounds.change_reasons import Offers, with_reasons
from roster.rounds.states_file import STATES_FILE, MissionStates, read_states, states_csv
from roster.scenarios import ScenarioError
from roster.scenarios.errors import IssueLog

Key = tuple[str, dt.date]


@dataclass(frozen=True)
class Round:
    """What a round solves: the scenario with refusals and confirmations applied, and why."""

    scenario: Scenario  # refused doctor-days unavailable, confirmed missions pinned
    previous: Planning
    states: MissionStates  # the previous planning's, with --cancel applied
    refused: dict[Key, str]  # (doctor, date) -> declined or cancelled, every round so far

    @property
    def confirmed(self) -> list[StateRow]:
        return self.states.of_state("confirmed")


def _cancelled(states: MissionStates, cancel: Sequence[PersonDate], by: str, at: str) -> MissionStates:
    """The states with `replan --cancel` missions marked cancelled."""
    rows = dict(states.rows)
    for person, day in cancel:
        if (person, day) in rows:
            rows[(person, day)] = rows[(person, day)].model_copy(
                update={
                    "state": "cancelled",
                    "changed_by": by,
                    "changed_at": at,
                    "comment": "replan --cancel",
                }
            )
    return MissionStates(rows, states.missions)


def _pinned(scenario: Scenario, confirmed: list[StateRow]) -> tuple[Visit, ...]:
    """The scenario's pins and the confirmed missions (each once), numbered as pins.csv lines."""
    seen = {(p.date, p.doctor_id, p.site_id) for p in scenario.pins}
    extra = [
        (r.date, r.doctor_id, r.site_id) for r in confirmed if (r.date, r.doctor_id, r.site_id) not in seen
    ]
    rows = [(p.date, p.doctor_id, p.site_id) for p in scenario.pins] + extra
    return tuple(
        Visit(line=i, date=d, doctor_id=doc, site_id=s) for i, (d, doc, s) in enumerate(rows, start=2)
    )


def _not_offered(scenario: Scenario, confirmed: list[StateRow]) -> list[str]:
    """Confirmed missions the scenario does not allow at all (doctor, site, day)."""
    offers, sites = Offers(scenario), {s.site_id for s in scenario.sites}
    return [
        f"{r.doctor_id} at {r.site_id} on {r.date}"
        for r in confirmed
        if r.site_id not in sites or not offers(r.doctor_id, r.date)
    ]


def prepare_round(
    scenario: Scenario,
    previous: Planning,
    states: MissionStates,
    cancel: Sequence[PersonDate] = (),
    add: Sequence[PersonDate] = (),
    by: str = "",
    at: str = "",
) -> Round:
    """The round's scenario; `ConfirmedNotOffered` when a confirmed mission cannot stay."""
    states = _cancelled(states, cancel, by, at)
    refused = {r.key: r.state for r in states.refused()}
    updated = with_availability(scenario, list(refused), add)
    confirmed = states.of_state("confirmed")
    impossible = _not_offered(updated, confirmed)
    if impossible:
        raise ConfirmedNotOffered(impossible)
    updated = updated.model_copy(update={"pins": _pinned(updated, confirmed)})
    return Round(updated, previous, states, refused)


def round_states(r: Round, result: Planning) -> MissionStates:
    """The new planning's states (see the module docstring)."""
    rows: list[StateRow] = []
    for a in result.assignments:
        old = r.states.rows.get((a.doctor_id, a.date))
        kept = old is not None and old.site_id == a.site_id and old.state in ("proposed", "confirmed")
        rows.append(old if kept else StateRow(date=a.date, doctor_id=a.doctor_id, site_id=a.site_id))
    rows += r.states.refused()
    return MissionStates.of(result, rows)


def round_files(
    r: Round, result: Planning, before: Scenario | None, revision: int
) -> tuple[list[Change], MissionStates, dict[str, bytes]]:
    """(changes with their reasons, the new states, the new planning's extra files: changes.csv
    with `reason`, states.csv, and `scenario/` as the round solved it)."""
    changes = with_reasons(planning_changes(r.previous, result), r.refused, r.scenario, before)
    states = round_states(r, result)
    extra = {
        "changes.csv": changes_csv(changes, revision, reasons=True),
        "states.csv": states_csv(states),
        **scenario_snapshot(r.scenario),
    }
    return changes, states, extra


def open_states(folder: Path, planning: Planning) -> MissionStates | None:
    """The states of a planning folder's missions, None without states.csv (a plain re-plan);
    `BadInput` lists the bad rows."""
    if not (folder / STATES_FILE).exists():
        return None
    log = IssueLog()
    states = read_states(folder, planning, log)
    try:
        log.raise_if_any()
    except ScenarioError as exc:
        raise BadInput.of(exc, "planning") from exc
    return states


def scenario_before(folder: Path, given: Path | None = None) -> Scenario | None:
    """The scenario the planning was made for: `given`, else the planning's `scenario/` copy,
    else None (unknown: late sign-ups are then not told apart)."""
    source = given if given is not None else folder / "scenario"
    if given is None and not source.is_dir():
        return None
    return open_scenario(source).scenario
