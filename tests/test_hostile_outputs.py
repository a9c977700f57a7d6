"""Hostile runs against the outputs (issue 14: M1, M2, M4-M8, L2-L13, L16, L17): formula cells,
summary.json checks, files and folders roster did not write, locks, links, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import roster.outputs.atomic_folder as atomic
from roster.models.safe_text import printable, spreadsheet_cell
from roster.outputs.atomic_folder import (
    BACKUP_MARK,
    OutputBusyError,
    OutputExistsError,
    atomic_folder,
    folder_lock,
)
from roster.outputs.planning_folder import load_planning, save_planning
from roster.scenarios import load_scenario
from tests.helpers_inputs import copy_golden, flat, read_rows, run_cli, set_cell, write_rows

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """occitanie-small with hostile (but valid) names, solved once with every calendar."""
    root = tmp_path_factory.mktemp("solved")
    scn = copy_golden("occitanie-small", root / "scn")
    rows = read_rows(scn / "sites.csv")
    for i, row in enumerate(rows[1:]):  # the tab is stripped on reading: the name starts with '='
        row[rows[0].index("name")] = '=HYPERLINK("http://evil","x")' if i % 2 else "\t=cmd|' /C calc'!A0"
    write_rows(scn / "sites.csv", rows)
    set_cell(scn, "zones.csv", 2, "name", "@SUM(1+1)<script>alert(1)</script>")
    rows = read_rows(scn / "practices.csv")
    for row in rows[1:]:
        row[rows[0].index("name")] = "+33 practice"
    write_rows(scn / "practices.csv", rows)
    plan = root / "plan"
    run = run_cli("solve", str(scn), "--out", str(plan), "--time-limit", "20", "--quiet",
                  "--export", "gcal-csv,outlook-csv,ics")  # fmt: skip
    assert run.exit_code == 0, run.output
    return scn, plan


def copy_plan(plan: Path, dest: Path) -> Path:
    shutil.copytree(plan, dest)
    return dest


def cells(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


# --- M1 / M2: no cell of a file meant for a spreadsheet starts a formula -----------------------


def test_calendar_csvs_neutralise_formulas(solved: tuple[Path, Path]) -> None:
    _, plan = solved
    files = sorted((plan / "calendars").rglob("*.csv"))
    assert files
    seen = [c for f in files for c in cells(f)]
    assert any(c.startswith("'=HYPERLINK") for c in seen)
    assert any(c.startswith("'=cmd|") for c in seen)
    for cell in seen:
        assert not cell.startswith(FORMULA) or spreadsheet_cell(cell) == cell, cell


def test_spreadsheet_cell_policy() -> None:
    assert spreadsheet_cell("=1+1") == "'=1+1"
    assert spreadsheet_cell("\t=cmd") == "'\t=cmd"
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_cell("-2+3") == "'-2+3"
    assert spreadsheet_cell("-5") == "-5" and spreadsheet_cell("+20") == "+20" and spreadsheet_cell(-5) == -5
    assert spreadsheet_cell("Maison") == "Maison"


def test_compare_csv_neutralises_labels_and_refuses_foreign_files(
    solved: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scn, plan = solved
    monkeypatch.chdir(tmp_path)
    copy_plan(plan, tmp_path / "=cmd")
    against = ("--scenario", str(scn))  # plannings are verified before they are compared
    run = run_cli("compare", "=cmd", str(plan), "--csv", "out.csv", "--quiet", *against)
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text())))
    assert [row["input"] for row in rows] == ["'=cmd", str(plan)]
    run = run_cli("compare", "=cmd", "--csv", "out.csv", "--quiet", *against)  # a previous comparison
    assert run.exit_code == 0, run.output
    (tmp_path / "notes.csv").write_text("mine\n")
    run = run_cli("compare", "=cmd", "--csv", "notes.csv", "--quiet", *against)
    assert run.exit_code == 2 and "is not a previous comparison" in flat(run.output)
    assert (tmp_path / "notes.csv").read_text() == "mine\n"
    assert run_cli("compare", "=cmd", "--csv", "notes.csv", "--quiet", "--force", *against).exit_code == 0


# --- M4 / L17: summary.json ------------------------------------------------------------------------


def edited_summary(plan: Path, dest: Path, **changes: object) -> Path:
    folder = copy_plan(plan, dest)
    summary = json.loads((folder / "summary.json").read_text())
    summary.update(changes)
    (folder / "summary.json").write_text(json.dumps(summary))
    return folder


@pytest.mark.parametrize(("changes", "message"), [
    ({"indemnity_eur": 1.0}, "summary.json: indemnity_eur is 1.0, recomputed"),
    ({"travel_eur": 0.5}, "summary.json: travel_eur is 0.5, recomputed"),
    ({"locum_days": 99}, "summary.json: locum_days is 99"),
    ({"status": "GREAT"}, "summary.json: status 'GREAT' is not one of"),
    ({"status": "INFEASIBLE"}, "summary.json: status INFEASIBLE but the planning has"),
    ({"doctor_days": "12"}, "summary.json: 'doctor_days' must be a whole number"),
])  # fmt: skip
def test_verify_checks_summary_json(
    solved: tuple[Path, Path], tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    scn, plan = solved
    folder = edited_summary(plan, tmp_path / "p", **changes)
    run = run_cli("verify", str(scn), str(folder))
    assert run.exit_code == 1, run.output
    assert message in flat(run.output)


def test_verify_flags_an_empty_summary(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    folder = copy_plan(plan, tmp_path / "p")
    (folder / "summary.json").write_text("{}")
    run = run_cli("verify", str(scn), str(folder))
    assert run.exit_code == 1
    assert "summary.json: required field 'status' is missing" in flat(run.output)


@pytest.mark.parametrize("name", ["summary.json", "coverage.csv"])
def test_verify_needs_summary_and_coverage(solved: tuple[Path, Path], tmp_path: Path, name: str) -> None:
    scn, plan = solved
    folder = copy_plan(plan, tmp_path / "p")
    (folder / name).unlink()
    run = run_cli("verify", str(scn), str(folder))
    assert run.exit_code == 2
    assert f"{name}: required file is missing" in flat(run.output) or f"{name}:1: required" in flat(
        run.output
    )


def test_verify_accepts_the_solver_planning(solved: tuple[Path, Path]) -> None:
    scn, plan = solved
    run = run_cli("verify", str(scn), str(plan))
    assert run.exit_code == 0, run.output


def test_bad_summary_is_one_line_per_field(solved: tuple[Path, Path], tmp_path: Path) -> None:
    """L17: a multi-line pydantic dump became `file: field: message`."""
    scn, plan = solved
    folder = edited_summary(plan, tmp_path / "p", status="GREAT", total_km="far")
    run = run_cli("report", str(folder), "--scenario", str(scn), "--out", str(tmp_path / "r.html"))
    assert run.exit_code == 2
    out = run.output
    assert "summary.json: status: Input should be" in flat(out) and "summary.json: total_km:" in flat(out)
    assert "pydantic" not in out and "For further information" not in out
    assert not (tmp_path / "r.html").exists()


# --- M5: files roster did not write ------------------------------------------------------------------


def test_report_refuses_to_overwrite_a_scenario_file(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    zones = (scn / "zones.csv").read_bytes()
    run = run_cli("report", str(plan), "--scenario", str(scn), "--out", str(scn / "zones.csv"))
    assert run.exit_code == 2 and "is not a previous roster report" in flat(run.output)
    assert (scn / "zones.csv").read_bytes() == zones
    target = tmp_path / "r.html"
    assert run_cli("report", str(plan), "--scenario", str(scn), "--out", str(target)).exit_code == 0
    assert run_cli("report", str(plan), "--scenario", str(scn), "--out", str(target)).exit_code == 0
    (tmp_path / "mine.html").write_text("<p>mine</p>")
    run = run_cli(
        "report", str(plan), "--scenario", str(scn), "--out", str(tmp_path / "mine.html"), "--force"
    )
    assert run.exit_code == 0 and "roster report" in (tmp_path / "mine.html").read_text()


# --- M6: .prev and the scenario folder ----------------------------------------------------------------


@pytest.mark.parametrize("command", ["solve", "sweep"])
@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_out_cannot_overlap_the_scenario(tmp_path: Path, where: str, command: str) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "work" / "scn")
    out = {"same": scn, "inside": scn / "plan", "parent": scn.parent}[where]
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    extra = ("--set", "max_days_per_doctor=1,2") if command == "sweep" else ()
    run = run_cli(command, str(scn), *extra, "--out", str(out), "--force", "--quiet")
    assert run.exit_code == 2 and "--out" in flat(run.output) and "scenario folder" in flat(run.output)
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_a_prev_roster_did_not_make_is_never_deleted(solved: tuple[Path, Path], tmp_path: Path) -> None:
    """M6: `solve S --out S --force` then `solve S.prev --out S` lost the scenario."""
    scn, plan = solved
    data = load_scenario(scn)
    planning = load_planning(plan)
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    save_planning(out, planning, data, force=True)  # forced over a folder of documents
    assert (tmp_path / "docs.prev" / "precious.txt").is_file()
    assert not (tmp_path / "docs.prev" / BACKUP_MARK).exists()
    with pytest.raises(OutputExistsError, match="is not a backup roster made"):
        save_planning(out, planning, data)
    assert (tmp_path / "docs.prev" / "precious.txt").read_text() == "keep me"
    run = run_cli("solve", str(scn), "--out", str(out), "--quiet", "--time-limit", "5")
    assert run.exit_code == 2 and "roster never deletes what it did not write" in flat(run.output)
    assert (tmp_path / "docs.prev" / "precious.txt").read_text() == "keep me"


def test_a_prev_roster_made_is_replaced(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    data, planning = load_scenario(scn), load_planning(plan)
    out = tmp_path / "plan"
    for _ in range(3):
        save_planning(out, planning, data)
    assert (tmp_path / "plan.prev" / BACKUP_MARK).is_file()
    assert (tmp_path / "plan.prev" / "summary.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "plan.prev"]


# --- M7: generate -----------------------------------------------------------------------------------


def test_generate_keeps_a_hand_edited_scenario(tmp_path: Path) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    before = {p.name: p.read_bytes() for p in scn.iterdir()}
    args = (
        "generate",
        str(scn),
        "--zones",
        "3",
        "--doctors",
        "10",
        "--practices",
        "3",
        "--replacements",
        "1",
    )
    run = run_cli(*args)
    assert run.exit_code == 2 and "use --force" in flat(run.output)
    assert {p.name: p.read_bytes() for p in scn.iterdir()} == before
    run = run_cli(*args, "--force")
    assert run.exit_code == 0, run.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "scn.prev").iterdir()} == before
    run = run_cli(*args, "--force")  # the backup holds a hand-made scenario: never deleted
    assert run.exit_code == 2 and "scn.prev exists" in flat(run.output)


# --- M8 / L3 / L4: sweep grid ------------------------------------------------------------------------


def test_sweep_grid_is_capped_before_anything_is_built(tmp_path: Path) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    values = ",".join(str(v) for v in range(1, 1001))
    run = run_cli("sweep", str(scn), "--set", f"doctors.max_km={values}", "--set",
                  f"max_days_per_doctor={values}", "--out", str(tmp_path / "sw"))  # fmt: skip
    assert run.exit_code == 2
    assert "1000 x 1000 = 1,000,000 variants, more than --max-variants 1,000" in flat(run.output)
    assert not (tmp_path / "sw").exists()
    run = run_cli("sweep", str(scn), "--set", "max_days_per_doctor=1,2,3", "--max-variants", "2",
                  "--out", str(tmp_path / "sw"))  # fmt: skip
    assert run.exit_code == 2 and "= 3 variants" in flat(run.output)


@pytest.mark.parametrize("value", ["*" + "9" * 400, "*" + "9" * 12, "+1e9999", "*inf"])
def test_sweep_refuses_overflowing_values(tmp_path: Path, value: str) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    for key in ("doctors.max_days", "doctors.max_km"):
        run = run_cli("sweep", str(scn), "--set", f"{key}={value}", "--out", str(tmp_path / "sw"))
        assert run.exit_code == 2, run.output
        assert not run.crashed and f"--set {key}" in flat(run.output)
    assert not (tmp_path / "sw").exists()


# --- L3: roots and folders that cannot be written --------------------------------------------------


def test_out_root_and_unwritable_folders_are_refused(solved: tuple[Path, Path]) -> None:
    scn, plan = solved
    run = run_cli("solve", str(scn), "--out", "/", "--force", "--quiet", "--time-limit", "5")
    assert run.exit_code == 2 and "contains the scenario folder" in flat(run.output)
    run = run_cli("export", str(plan), "--scenario", str(scn), "--out", "/", "--force")
    assert run.exit_code == 2 and "filesystem root" in flat(run.output)
    run = run_cli("solve", str(scn), "--out", "/proc/roster-plan", "--quiet", "--time-limit", "5")
    assert run.exit_code == 2 and not run.crashed
    assert "/proc" in flat(run.output) and "cannot" in flat(run.output)


# --- L5 / L6: kills and concurrent writers --------------------------------------------------------


def test_a_kill_while_rotating_backups_leaves_whole_folders(
    solved: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scn, plan = solved
    data, planning = load_scenario(scn), load_planning(plan)
    out = tmp_path / "plan"
    save_planning(out, planning, data)
    save_planning(out, planning, data)
    expected = sorted([*(p.name for p in plan.iterdir() if p.is_file()), BACKUP_MARK])

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt  # SIGKILL stand-in: the process stops here

    monkeypatch.setattr(atomic.shutil, "rmtree", killed)
    with pytest.raises(KeyboardInterrupt):
        save_planning(out, planning, data)
    monkeypatch.undo()
    assert sorted(p.name for p in (tmp_path / "plan.prev").iterdir() if p.is_file()) == expected
    stale = [p for p in tmp_path.iterdir() if ".tmp-" in p.name]
    assert stale, "the older backup waits under a hidden name"
    save_planning(out, planning, data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "plan.prev"]


def _save_in_process(args: tuple[str, str, str, int]) -> str:
    scn, plan, out, _ = args
    try:
        save_planning(Path(out), load_planning(Path(plan)), load_scenario(Path(scn)))
    except Exception as exc:  # reported to the parent
        return f"{type(exc).__name__}: {exc}"
    return "ok"


def test_concurrent_writers_follow_each_other(solved: tuple[Path, Path], tmp_path: Path) -> None:
    """L6: 3 of 30 simultaneous `solve --out OUT` ended with an internal error."""
    scn, plan = solved
    out = tmp_path / "plan"
    jobs = [(str(scn), str(plan), str(out), i) for i in range(6)]
    with multiprocessing.get_context("fork").Pool(3) as pool:
        results = pool.map(_save_in_process, jobs)
    assert results == ["ok"] * 6
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "plan.prev"]
    assert load_planning(out).assignments == load_planning(plan).assignments


def test_a_busy_output_is_reported(
    solved: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scn, _ = solved
    monkeypatch.setattr(atomic, "LOCK_WAIT_S", 0.2)
    with folder_lock(tmp_path):
        child = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(f"""
                import roster.outputs.atomic_folder as a
                a.LOCK_WAIT_S = 0.3
                from roster.cli import main
                import sys
                sys.argv = ["roster", "solve", {str(scn)!r}, "--out", {str(tmp_path / "plan")!r},
                            "--quiet", "--time-limit", "5"]
                main()
            """)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert child.returncode == 2, child.stderr
    assert "is busy: another roster is writing there" in flat(child.stderr)
    assert not (tmp_path / "plan").exists()
    with folder_lock(tmp_path), pytest.raises(OutputBusyError), atomic_folder(tmp_path / "x"):
        pass


# --- L7 / L11: links and permissions ---------------------------------------------------------------


def test_a_symlinked_out_is_followed(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    run = run_cli("export", str(plan), "--scenario", str(scn), "--out", str(link), "--format", "ics")
    assert run.exit_code == 0, run.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert (real / "ics" / "doctor").is_dir()


def test_output_folders_honour_the_umask(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    old = os.umask(0o022)
    try:
        save_planning(tmp_path / "p", load_planning(plan), load_scenario(scn))
    finally:
        os.umask(old)
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o755


# --- L8: Ctrl-C ------------------------------------------------------------------------------------


def test_ctrl_c_before_any_planning_writes_nothing(
    solved: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import roster.commands.solve as solve_command
    from roster.solvers import SolveControl

    def stopped_at_once(work, console, show=True):  # type: ignore[no-untyped-def]
        control = SolveControl()
        control.stop()  # Ctrl-C while the model was being built
        return work(lambda _p: None, control), True

    monkeypatch.setattr(solve_command, "run_with_live_progress", stopped_at_once)
    scn, _ = solved
    run = run_cli("solve", str(scn), "--out", str(tmp_path / "plan"), "--quiet")
    assert run.exit_code == 1
    assert "before any planning was found (status UNKNOWN); nothing was written" in flat(run.output)
    assert list(tmp_path.iterdir()) == []


SECOND_CTRL_C = """
import os, signal, threading, time
from rich.console import Console
from roster.console.live_solve import run_with_live_progress

def work(progress, control):
    time.sleep(30)  # a solver that does not stop quickly

def interrupt():
    time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGINT)

threading.Thread(target=interrupt, daemon=True).start()
run_with_live_progress(work, Console(stderr=True), show=True)
print("not reached")
"""


def test_a_second_ctrl_c_says_so(tmp_path: Path) -> None:
    child = subprocess.run([sys.executable, "-c", SECOND_CTRL_C], capture_output=True, text=True, timeout=60)
    assert child.returncode == 130
    assert "second Ctrl-C: stopped at once; nothing was written." in child.stderr
    assert "not reached" not in child.stdout


# --- L9 / L10: calendar file names --------------------------------------------------------------


def test_calendar_file_names(tmp_path: Path) -> None:
    from roster.export.file_names import calendar_stems

    stems = calendar_stems(["CON", "ABC", "abc", "x"], lambda i: i.lower(), ["locums"])
    assert stems["CON"].startswith("con-") and len(stems["CON"]) == 12
    assert (
        stems["ABC"] != stems["abc"] and stems["ABC"].startswith("abc-") and stems["abc"].startswith("abc-")
    )
    assert stems["x"] == "x"
    again = calendar_stems(["abc", "ABC"], lambda i: i.lower())  # same stems whoever has missions
    assert again["abc"] == stems["abc"] and again["ABC"] == stems["ABC"]
    assert calendar_stems(["locums"], str, ["locums"])["locums"] != "locums"


# --- L2 / L16: .ics and explain.md -----------------------------------------------------------------


def test_ics_and_markdown_carry_no_control_characters() -> None:
    import datetime as dt

    from roster.explain.report import md
    from roster.export.events import Event
    from roster.export.ics import render_ics

    event = Event(dt.date(2025, 10, 1), "D1", "S1", "Mission\x1b[31m\x07", "Site\x0b\x0c", ("a\x85", "b"),
                  "mission", 1.0)  # fmt: skip
    text = render_ics([event], "t\x1b", dt.datetime(2025, 10, 1, tzinfo=dt.UTC))
    assert not any(b in text for b in (b"\x1b", b"\x07", b"\x0b", b"\x0c", "\x85".encode()))
    assert printable("a\x1bb") == "a b"
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_explain_md_escapes_html_from_names(solved: tuple[Path, Path], tmp_path: Path) -> None:
    scn, plan = solved
    target = tmp_path / "explain.md"
    run = run_cli("explain", str(scn), str(plan), "--no-check-changes", "--out", str(target))
    assert run.exit_code == 0, run.output
    text = target.read_text()
    assert "<script>" not in text
    run = run_cli("explain", str(scn), str(plan), "--no-check-changes", "--out", str(target))
    assert run.exit_code == 0, "a previous explain.md is replaced"
    zones = (scn / "zones.csv").read_bytes()
    run = run_cli("explain", str(scn), str(plan), "--no-check-changes", "--out", str(scn / "zones.csv"))
    assert run.exit_code == 2 and "is not a previous explain.md" in flat(run.output)
    assert (scn / "zones.csv").read_bytes() == zones


# --- L12 / L13 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e400"])
def test_time_limit_must_be_finite(tmp_path: Path, value: str) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    run = run_cli("solve", str(scn), "--out", str(tmp_path / "plan"), "--time-limit", value)
    assert run.exit_code == 2 and "--time-limit" in flat(run.output)
    assert not (tmp_path / "plan").exists()


def test_replan_cancel_accepts_ids_with_at(tmp_path: Path) -> None:
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    for name in ("doctors.csv", "availability.csv"):
        path = scn / name
        path.write_text(path.read_text().replace("D00000,", "dr@home,"))
    plan = tmp_path / "plan"
    assert run_cli("solve", str(scn), "--out", str(plan), "--quiet", "--time-limit", "10").exit_code == 0
    day = next(a.date.isoformat() for a in load_planning(plan).assignments if a.doctor_id == "dr@home")
    run = run_cli("replan", str(scn), "--planning", str(plan), "--out", str(tmp_path / "re"),
                  "--cancel", f"dr@home@{day}", "--quiet", "--time-limit", "10")  # fmt: skip
    assert run.exit_code == 0, run.output
    assert all(not (a.doctor_id == "dr@home" and a.date.isoformat() == day)
               for a in load_planning(tmp_path / "re").assignments)  # fmt: skip
    run = run_cli("replan", str(scn), "--planning", str(plan), "--out", str(tmp_path / "re2"),
                  "--cancel", "nobody@x@2025-10-01", "--quiet")  # fmt: skip
    assert run.exit_code == 2 and "unknown person 'nobody@x'" in flat(run.output)


def test_sigint_is_not_ignored_here() -> None:
    """The Ctrl-C tests need SIGINT delivered to children (not inherited as ignored)."""
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


CTRL_C_WHILE_LOADING = """
import sys
import roster.app.loading as loading
import roster.cli as cli

def load(*_args, **_kwargs):
    raise KeyboardInterrupt  # Ctrl-C while a big scenario is being read

loading.load_scenario = load
sys.argv = ["roster", "solve", {scn!r}, "--out", {out!r}, "--quiet"]
cli.main()
"""


def test_ctrl_c_while_loading_says_nothing_was_written(tmp_path: Path) -> None:
    """typer turned this Ctrl-C into a silent exit 130."""
    scn = copy_golden("occitanie-small", tmp_path / "scn")
    code = CTRL_C_WHILE_LOADING.format(scn=str(scn), out=str(tmp_path / "plan"))
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert child.returncode == 130
    assert child.stderr.strip() == "interrupted; nothing was written."
    assert not (tmp_path / "plan").exists()
