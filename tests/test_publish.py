"""`roster publish`: public pages, slots and feeds of a planning's confirmed missions, never a
doctor's id or contact data, names left out on request, written atomically."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from helpers_inputs import flat, run_cli
from scenario_builder import Spec, doctor, site, solve_and_verify, zone

from roster.app.answers import record_answers
from roster.i18n import FRENCH

icalendar = pytest.importorskip("icalendar")

SCRIPT_NAME = 'Maison <script>alert("x")</script> & Cie'
FORMULA_NAME = "=SUM(A1) Cabinet d'Ajaccio"
NAMES = {  # doctor id -> name (the first has no title: publish adds "Dr")
    "DOCIDA": "Marie Namemarka Dupont",
    "DOCIDB": "Dr Jean Namemarkb Martin",
    "DOCIDC": "Dre Lucie Namemarkc Petit",
}
SECRETS = ("EMAILMARK", "PHONEMARK", "RPPSMARK", "DOCID")  # contact data and ids: in no published file


def spec() -> Spec:
    """Two departments (32, 2A), three sites (one without missions), three doctors with contact data."""
    zones = [zone("Z1", demand=3), {**zone("Z2", demand=2), "department": "2A"}]
    s1 = {**site("S1", "Z1", capacity=2), "name": SCRIPT_NAME, "address": "12 rue des Écoles"}
    s1.update(commune="Riscle", am_hours="09:00-12:00", pm_hours="14h-17h30")
    s2 = {**site("S2", "Z2"), "name": FORMULA_NAME, "commune": "Ajaccio"}
    s3 = {**site("S3", "Z1", days="Sun"), "name": "Antenne de Plaisance", "commune": "Plaisance"}
    doctors = []
    for i, (doctor_id, name) in enumerate(NAMES.items()):
        row = {**doctor(doctor_id), "name": name}
        row.update(email=f"emailmark{i}@example.org", phone=f"PHONEMARK{i}", rpps=f"RPPSMARK{i}")
        doctors.append(row)
    available = {"DOCIDA": [6, 7], "DOCIDB": [7, 8], "DOCIDC": [8, 9]}  # Mon 6 to Thu 9 October 2025
    return Spec(zones=zones, sites=[s1, s2, s3], doctors=doctors, available=available)


def title(doctor_id: str) -> str:
    """The doctor as the pages show them: "Dr " + name unless the name has a title."""
    name = NAMES[doctor_id]
    return name if name.startswith(("Dr ", "Dre ")) else f"Dr {name}"


def assignments(plan: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((plan / "assignments.csv").read_text(encoding="utf-8").splitlines()))


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`proposed`: a solved planning (no states.csv) with its scenario/ copy; `answered`: the same
    after answers (first two missions yes, the third no, the others unanswered)."""
    root = tmp_path_factory.mktemp("publish")
    solve_and_verify(spec().write(root / "scn"), root / "proposed")
    shutil.copytree(root / "scn", root / "proposed" / "scenario")
    shutil.copytree(root / "proposed", root / "answered")
    rows = assignments(root / "answered")
    assert len(rows) >= 4, rows
    answers = root / "answers.csv"
    words = ("oui", "oui", "non")
    answers.write_text(
        "doctor_id,date,answer\n"
        + "".join(f"{r['doctor_id']},{r['date']},{w}\n" for r, w in zip(rows, words, strict=False)),
        encoding="utf-8",
    )
    record_answers(root / "answered", answers, "test")
    return {"root": root, "proposed": root / "proposed", "answered": root / "answered"}


def missions(plans: dict[str, Path], which: str) -> list[dict[str, str]]:
    """confirmed: the first two; proposed: those after the declined third; declined: the third."""
    rows = assignments(plans["answered"])
    return {"confirmed": rows[:2], "declined": rows[2:3], "proposed": rows[3:]}[which]


def publish(plans: dict[str, Path], tmp_path: Path, *options: str, plan: str = "answered") -> Path:
    out = tmp_path / "public"
    run = run_cli("publish", str(plans[plan]), "--out", str(out), *options)
    assert run.exit_code == 0, run.output
    return out


def slots(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "creneaux.csv").read_text(encoding="utf-8"), newline="")))


def texts(out: Path) -> dict[str, str]:
    files = sorted(p for p in out.rglob("*") if p.is_file())
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in files}


def feed(out: Path, site_id: str) -> icalendar.Calendar:
    (path,) = out.glob(f"sites/{site_id.lower()}-*.ics")
    return icalendar.Calendar.from_ical(path.read_bytes())


def page(out: Path, site_id: str) -> str:
    (path,) = out.glob(f"sites/{site_id.lower()}-*.html")
    return path.read_text(encoding="utf-8")


HOURS = {"S1": (("09:00", "12:00"), ("14:00", "17:30")), "S2": (("08:30", "12:30"), ("13:30", "18:00"))}


def test_only_confirmed_missions_are_published_by_default(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path)
    confirmed = missions(plans, "confirmed")
    expected = sorted(
        (r["site_id"], r["date"], start, end) for r in confirmed for start, end in HOURS[r["site_id"]]
    )
    rows = slots(out)
    assert sorted((r["site_id"], r["date"], r["start"], r["end"]) for r in rows) == expected
    assert [(r["site_id"], r["date"], r["start"]) for r in rows] == sorted(
        (r["site_id"], r["date"], r["start"]) for r in rows
    )
    for r in confirmed:
        day = dt.date.fromisoformat(r["date"])
        assert FRENCH.date(day, weekday=True) in page(out, r["site_id"])
    for r in missions(plans, "proposed") + missions(plans, "declined"):
        if (r["site_id"], r["date"]) not in {(c["site_id"], c["date"]) for c in confirmed}:
            assert FRENCH.date(dt.date.fromisoformat(r["date"]), weekday=True) not in page(out, r["site_id"])
    assert "à confirmer" not in "".join(texts(out).values())


def test_include_proposed_adds_proposed_missions_marked_tentative_but_never_declined_ones(
    plans, tmp_path: Path
) -> None:
    out = publish(plans, tmp_path, "--include-proposed")
    published = missions(plans, "confirmed") + missions(plans, "proposed")
    expected = sorted((r["site_id"], r["date"], title(r["doctor_id"])) for r in published for _ in range(2))
    assert sorted((r["site_id"], r["date"], r["doctor"]) for r in slots(out)) == expected
    statuses = [str(e["status"]) for s in ("S1", "S2") for e in feed(out, s).walk("VEVENT")]
    assert sorted(statuses) == sorted(["CONFIRMED"] * 2 + ["TENTATIVE"] * (len(published) - 2))
    assert "à confirmer" in "".join(page(out, s) for s in ("S1", "S2"))


def test_the_pages_are_french_printable_and_name_the_doctors_with_their_title(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path, "--include-proposed")
    html = page(out, "S1")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "@media print" in html and "overflow-wrap:anywhere" in html
    assert "<title>Consultations à Maison &lt;script&gt;" in html
    assert "12 rue des Écoles, Riscle" in html
    assert "09h00–12h00, 14h00–17h30" in html
    all_pages = "".join(page(out, s) for s in ("S1", "S2"))
    for r in missions(plans, "confirmed") + missions(plans, "proposed"):
        assert title(r["doctor_id"]) in all_pages
    assert "Dr Dr" not in all_pages and "Dr Dre" not in all_pages
    site3 = page(out, "S3")
    assert "Aucune consultation prévue en octobre 2025" in site3  # a site without missions keeps its page


def test_no_names_leaves_every_doctor_name_out_of_every_file(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path, "--include-proposed", "--no-names")
    assert (out / "creneaux.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == [
        "site_id", "site", "address", "commune", "date", "start", "end",
    ]  # fmt: skip
    for name, text in texts(out).items():
        lowered = text.lower()
        assert "namemark" not in lowered and "médecin :" not in lowered, name
        assert 'class="doctor"' not in text, name
    published = missions(plans, "confirmed") + missions(plans, "proposed")
    assert len(slots(out)) == 2 * len(published)  # the same slots, without the doctor


@pytest.mark.parametrize("options", [(), ("--include-proposed",), ("--include-proposed", "--no-names")])
def test_no_contact_data_nor_doctor_id_in_any_published_file(plans, tmp_path: Path, options) -> None:
    out = publish(plans, tmp_path, *options)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == 1 + 1 + 2 + 2 * 3  # index, slots, 2 departments, a page and a feed per site
    for path in files:
        content = path.read_bytes().decode("utf-8").upper()
        assert not [s for s in SECRETS if s in content], path
        assert not [s for s in SECRETS if s in str(path.relative_to(out)).upper()], path


def test_scenario_text_is_escaped_in_html_and_never_a_formula_in_the_csv(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path, "--include-proposed")
    for name, text in texts(out).items():
        if name.endswith(".html"):
            assert "<script" not in text, name
    assert "Maison &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie" in page(out, "S1")
    department = next(t for n, t in texts(out).items() if n.startswith("departements/") and "Maison" in t)
    assert "&lt;script&gt;" in department
    sites = {r["site_id"]: r["site"] for r in slots(out)}
    assert sites["S2"] == "'" + FORMULA_NAME and sites["S1"] == SCRIPT_NAME  # a CSV cell, not HTML


def test_each_site_feed_parses_with_one_timed_event_per_mission(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path, "--include-proposed")
    published = missions(plans, "confirmed") + missions(plans, "proposed")
    uids = set()
    for site_id, ((start, _), (_, end)) in HOURS.items():
        calendar = feed(out, site_id)
        events = list(calendar.walk("VEVENT"))
        mine = [r for r in published if r["site_id"] == site_id]
        assert len(events) == len(mine)
        assert sorted(e.decoded("dtstart").date().isoformat() for e in events) == sorted(
            r["date"] for r in mine
        )
        for e in events:
            begin, finish = e.decoded("dtstart"), e.decoded("dtend")
            assert str(begin.tzinfo) == "Europe/Paris" and begin.strftime("%H:%M") == start
            assert finish.strftime("%H:%M") == end and finish.date() == begin.date()
            assert str(e["summary"]).startswith("Consultation — ")
            uids.add(str(e["uid"]))
        assert len(list(calendar.walk("VTIMEZONE"))) == 1
    s1 = feed(out, "S1").walk("VEVENT")[0]
    assert str(s1["summary"]) == f"Consultation — {SCRIPT_NAME}"
    assert str(s1["location"]) == "12 rue des Écoles, Riscle"
    assert len(uids) == len(published)
    empty = feed(out, "S3")
    assert list(empty.walk("VEVENT")) == [] and len(list(empty.walk("VTIMEZONE"))) == 1


def test_a_second_publication_is_byte_identical_and_keeps_the_first_as_prev(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path)
    first = {name: (out / name).read_bytes() for name in texts(out)}
    publish(plans, tmp_path)  # over an earlier publication: no --force needed
    assert {name: (out / name).read_bytes() for name in texts(out)} == first
    assert (out.with_name("public.prev") / "index.html").is_file()


def test_department_index_and_links_resolve_to_published_files(plans, tmp_path: Path) -> None:
    out = publish(plans, tmp_path)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Gers (32)" in index and "Corse-du-Sud (2A)" in index
    assert sorted(p.name for p in (out / "departements").iterdir()) == ["2a.html", "32.html"]
    links = 0
    for path in out.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', path.read_text(encoding="utf-8")):
            assert "://" not in href and (path.parent / href).resolve().is_file(), (path, href)
            links += 1
    gers = (out / "departements" / "32.html").read_text(encoding="utf-8")
    assert gers.count('href="../sites/') == 2 and "Antenne de Plaisance" in gers
    assert links > 10


def test_a_planning_without_states_publishes_nothing_unless_proposed_are_included(
    plans, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    run = run_cli("publish", str(plans["proposed"]), "--out", str(out))
    assert run.exit_code == 0, run.output
    assert "has no states.csv" in flat(run.output) and "nothing was published" in flat(run.output)
    assert not out.exists()
    publish(plans, tmp_path, "--include-proposed", plan="proposed")
    assert len(slots(out)) == 2 * len(assignments(plans["proposed"]))


def test_a_folder_roster_did_not_write_is_refused_unless_force(plans, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    run = run_cli("publish", str(plans["answered"]), "--out", str(out))
    assert run.exit_code == 2 and "neither empty nor a publication" in flat(run.output)
    assert [p.name for p in out.iterdir()] == ["mine.txt"] and not out.with_name("public.prev").exists()
    publish(plans, tmp_path, "--force")
    assert (out / "index.html").is_file()
    assert (out.with_name("public.prev") / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_bad_input_exits_2_and_writes_nothing(plans, tmp_path: Path) -> None:
    out = tmp_path / "public"
    cases = {
        "missing": (tmp_path / "nowhere", "not a planning folder"),
        "no scenario": (tmp_path / "bare", "has no scenario/ folder"),
        "bad rows": (tmp_path / "broken", "assignments.csv:2"),
    }
    shutil.copytree(plans["answered"], tmp_path / "bare", ignore=shutil.ignore_patterns("scenario"))
    shutil.copytree(plans["answered"], tmp_path / "broken")
    text = (tmp_path / "broken" / "assignments.csv").read_text(encoding="utf-8").splitlines()
    text[1] = "not-a-date," + text[1].split(",", 1)[1]
    (tmp_path / "broken" / "assignments.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    for name, (folder, message) in cases.items():
        run = run_cli("publish", str(folder), "--out", str(out))
        assert run.exit_code == 2, (name, run.output)
        assert message in flat(run.output), (name, run.output)
        assert not out.exists(), name
    run = run_cli("publish", str(plans["answered"]), "--out", str(plans["answered"]))
    assert run.exit_code == 2 and "is or contains the planning folder" in flat(run.output)


def test_a_planning_that_fails_verification_is_never_published(plans, tmp_path: Path) -> None:
    plan = tmp_path / "edited"
    shutil.copytree(plans["answered"], plan)
    rows = (plan / "assignments.csv").read_text(encoding="utf-8").splitlines()
    (plan / "assignments.csv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")  # summary now stale
    out = tmp_path / "public"
    for options in ((), ("--force",)):
        run = run_cli("publish", str(plan), "--out", str(out), *options)
        assert run.exit_code == 1, run.output
        assert "nothing was written" in flat(run.output) and "and try again" in flat(run.output)
        assert not out.exists()
