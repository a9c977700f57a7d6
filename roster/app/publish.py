"""Publication of a verified planning for patients and booking tools (`roster publish`).

Only confirmed missions are published, also proposed ones with `include_proposed`. A planning
without states.csv has only proposed missions: then nothing is written (`Published.written` is
False). The folder is written atomically; it replaces an earlier publication or an empty folder,
anything else only with `force` (then kept as `<out>.prev`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roster.app.errors import InvalidOption, OutputRefused
from roster.app.loading import open_planning, open_scenario
from roster.app.round import open_states
from roster.app.verification import check_planning
from roster.models.states import MissionState
from roster.outputs.atomic_folder import OutputExistsError, atomic_folder, write_files
from roster.outputs.out_guard import out_overlaps_scenario
from roster.publish import is_publication, publication, publication_files, slot_rows
from roster.rounds.states_file import MissionStates


@dataclass(frozen=True)
class Published:
    """What a publication holds (or would have held: `written` False when nothing was)."""

    out_dir: Path
    written: bool
    has_states: bool  # the planning has a states.csv
    confirmed: int
    proposed: int  # published proposed missions (with include_proposed)
    unpublished_proposed: int  # proposed missions left out (without include_proposed)
    sites: int
    departments: int
    slots: int


def check_target(out_dir: Path, planning_dir: Path, force: bool) -> bool:
    """Whether `out_dir` is empty; `OutputRefused` if it is, or contains, the planning folder, or
    holds files that are not an earlier publication (unless `force`)."""
    out, planning = out_dir.resolve(), planning_dir.resolve()
    if out == planning or out in planning.parents:
        raise OutputRefused(
            f"--out {out_dir} is or contains the planning folder {planning_dir}; choose another."
        )
    empty = out_dir.is_dir() and not any(out_dir.iterdir())
    if out_dir.exists() and not (empty or force or is_publication(out_dir)):
        raise OutputRefused(
            f"{out_dir} exists and is neither empty nor a publication of roster; "
            "choose another --out or add --force (it is then kept as <out>.prev)."
        )
    return empty


def scenario_folder(planning_dir: Path, given: Path | None) -> Path:
    """`given`, else the planning's own `scenario/` copy; `InvalidOption` when there is none."""
    if given is not None:
        return given
    if not (planning_dir / "scenario").is_dir():
        raise InvalidOption(
            f"{planning_dir} has no scenario/ folder; give the scenario it was made for with --scenario."
        )
    return planning_dir / "scenario"


def publish_planning(
    planning_dir: Path,
    out_dir: Path,
    scenario_dir: Path | None = None,
    include_proposed: bool = False,
    names: bool = True,
    force: bool = False,
) -> Published:
    """Verify the planning, then write its publication to `out_dir`. `BadInput`, `InvalidOption`,
    `UnreadablePlanning` or `PlanningFailsVerification` (always: a public page is never made from a
    planning that breaks a hard rule) and `OutputRefused` leave everything untouched."""
    empty = check_target(out_dir, planning_dir, force)
    open_planning(planning_dir)  # a folder that is no planning is said so before its scenario is looked for
    source = scenario_folder(planning_dir, scenario_dir)
    problem = out_overlaps_scenario(out_dir, source)
    if problem:
        raise OutputRefused(problem)
    scenario = open_scenario(source).scenario
    checked = check_planning(scenario, planning_dir, force=False)
    found = open_states(planning_dir, checked.planning)
    states = found if found is not None else MissionStates.of(checked.planning)
    wanted: tuple[MissionState, ...] = ("confirmed", "proposed") if include_proposed else ("confirmed",)
    rows = states.of_state(*wanted)
    pub = publication(scenario, rows, names)
    counts = states.counts()
    result = Published(
        out_dir=out_dir,
        written=found is not None or include_proposed,
        has_states=found is not None,
        confirmed=counts["confirmed"],
        proposed=counts["proposed"] if include_proposed else 0,
        unpublished_proposed=0 if include_proposed else counts["proposed"],
        sites=len({c.site_id for c in pub.consultations}),
        departments=len(pub.department_stems),
        slots=len(slot_rows(pub)),
    )
    if not result.written:
        return result
    files = publication_files(pub)

    def replaceable(target: Path) -> bool:  # decided again under the folder lock
        return force or is_publication(target) or (target.is_dir() and not any(target.iterdir()))

    def owned(target: Path) -> bool:  # its backup may be replaced by the next publication
        return empty or is_publication(target)

    try:
        with atomic_folder(out_dir, replaceable=replaceable, keep_backup=not empty, owned=owned) as temp:
            write_files(temp, files)
    except OutputExistsError as exc:
        raise OutputRefused(str(exc)) from exc
    return result
