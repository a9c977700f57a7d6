"""`roster serve` through its JSON API (ASGI test client): upload, solve, poll, download,
verify; hostile uploads; the access token; the queue."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_helpers import dying_worker, fake_worker, folder_zip, pilot_zip, zip_with
from typer.testing import CliRunner

from roster.cli import app as cli_app
from roster.outputs.planning_folder import PLANNING_FILES
from roster.scenarios import load_scenario
from roster.scenarios.bundled import default_scenario
from roster.verify import verify_planning
from roster.web.app import create_app
from roster.web.config import ServeConfig

DEADLINE_S = 180  # a pilot solve takes a few seconds; CI has 2 busy cores


def make_client(data: Path, **config: object) -> TestClient:
    settings = {"max_upload_mb": 5.0, "max_unzipped_mb": 20.0, "max_zip_files": 50, **config}
    return TestClient(create_app(ServeConfig(data_dir=data, **settings)), raise_server_exceptions=False)


def wait_done(client: TestClient, job: str, headers: dict[str, str] | None = None) -> dict:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        view = client.get(f"/api/jobs/{job}", headers=headers).json()
        if view["state"] in ("done", "failed"):
            return view
        time.sleep(0.2)
    raise AssertionError(f"job {job} not finished after {DEADLINE_S} s: {view}")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory):
    """One server with the pilot uploaded and solved (shared by the read-only tests)."""
    data = tmp_path_factory.mktemp("serve") / "data"
    with make_client(data) as client:
        upload = client.post("/api/scenarios", files={"file": ("pilot.zip", pilot_zip(), "application/zip")})
        assert upload.status_code == 201, upload.text
        sid = upload.json()["id"]
        accepted = client.post(f"/api/scenarios/{sid}/solve", json={"time_limit": 30})
        assert accepted.status_code == 202, accepted.text
        view = wait_done(client, accepted.json()["job"])
        yield client, sid, view, data


def test_upload_solve_poll_download_and_verify(solved, tmp_path: Path) -> None:
    client, _sid, view, _ = solved
    assert view["state"] == "done" and view["status"] == "OPTIMAL", view
    assert view["coverage_score"] == pytest.approx(view["best_bound"]) and view["gap"] == 0
    pid = view["planning"]
    copy = tmp_path / "planning"
    copy.mkdir()
    for name in PLANNING_FILES:
        response = client.get(f"/api/plannings/{pid}/files/{name}")
        assert response.status_code == 200, name
        (copy / name).write_bytes(response.content)
    verdict, problems = verify_planning(load_scenario(default_scenario()), copy)
    assert problems == [] and verdict.violations == []
    summary = json.loads((copy / "summary.json").read_text())
    assert verdict.coverage_score == pytest.approx(summary["coverage_score"])
    assert client.get(f"/api/plannings/{pid}/verify").json()["ok"] is True


def test_downloads_report_calendars_and_workbook(solved) -> None:
    client, _, view, _ = solved
    pid = view["planning"]
    report = client.get(f"/api/plannings/{pid}/files/report.html")
    assert report.headers["content-type"].startswith("text/html") and "<svg" in report.text
    calendars = client.get(f"/api/plannings/{pid}/files/calendars.zip")
    assert calendars.headers["content-disposition"].startswith("attachment")
    names = zipfile.ZipFile(io.BytesIO(calendars.content)).namelist()
    assert any(n.startswith("ics/doctor/") and n.endswith(".ics") for n in names)
    assert any(n.startswith("gcal-csv/site/") for n in names) and any(
        n.startswith("outlook-csv/zone/") for n in names
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/api/plannings/{pid}/files/planning.xlsx").content))
    missions = book["missions"]
    assert [c.value for c in missions[1]] == ["date", "doctor_id", "site_id", "zone_id", "km"]
    assert missions.max_row - 1 == view_doctor_days(client, pid)


def view_doctor_days(client: TestClient, pid: str) -> int:
    return client.get(f"/api/plannings/{pid}").json()["summary"]["doctor_days"]


def test_job_view_and_events_stream(solved) -> None:
    client, sid, view, _ = solved
    job = client.get(f"/api/jobs/{view['job']}").json()
    for key in ("state", "status", "coverage_score", "best_bound", "gap", "phase", "planning"):
        assert key in job
    with client.stream("GET", f"/api/jobs/{view['job']}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        text = "".join(stream.iter_text())
    events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
    assert events[-1]["state"] == "done" and events[-1]["planning"] == view["planning"]
    assert client.get(f"/api/scenarios/{sid}").json()["plannings"] == [view["planning"]]


def test_pages_render_in_french_and_english(solved) -> None:
    client, sid, view, _ = solved
    pid = view["planning"]
    home = client.get("/")
    assert "Déposer un scénario" in home.text and 'lang="fr"' in home.text
    english = client.get("/?lang=en")
    assert "Drop a scenario" in english.text and "roster_lang=en" in english.headers["set-cookie"]
    client.cookies.clear()
    page = client.get(f"/plannings/{pid}")
    assert (
        page.status_code == 200
        and "OPTIMAL" in page.text
        and "Toutes les règles sont respectées" in page.text
    )
    assert f"/api/plannings/{pid}/files/calendars.zip" in page.text and 'name="cancel"' in page.text
    score = f"{view['coverage_score']:.4f}"
    assert score.replace(".", ",") in page.text  # French numbers on French pages
    assert score in client.get(f"/plannings/{pid}?lang=en").text
    client.cookies.clear()
    assert client.get(f"/scenarios/{sid}").status_code == 200
    assert client.get(f"/jobs/{view['job']}").status_code == 200
    assert "<" not in client.get("/api/openapi.json").json()["info"]["title"]
    for url in ("/static/app.js", "/static/app.css"):
        assert client.get(url).status_code == 200
    assert "https://" not in home.text and "http://" not in home.text  # every asset served locally


def test_explain_compare_and_replan(solved) -> None:
    client, _, view, _ = solved
    pid = view["planning"]
    coverage = client.get(f"/api/plannings/{pid}/files/coverage.csv").text.splitlines()
    short = next(line.split(",")[0] for line in coverage[1:] if int(line.split(",")[3]) > 0)
    assert client.get(f"/api/plannings/{pid}/explain", params={"zone": short}).status_code == 404
    asked = client.post(f"/api/plannings/{pid}/explain", json={"zone": short, "time_limit": 20})
    assert asked.status_code == 202, asked.text
    explaining = wait_done(client, asked.json()["job"])
    assert explaining["state"] == "done" and explaining["url"] == f"/plannings/{pid}/explain?zone={short}"
    explained = client.get(f"/api/plannings/{pid}/explain", params={"zone": short}).json()["markdown"]
    expected = cli_explain(pid, short, client)
    assert explained == expected  # the same text as `roster explain --zone`
    page = client.get(f"/plannings/{pid}/explain", params={"zone": short})
    assert page.status_code == 200 and short in page.text and "<h2>" in page.text
    assert client.post(f"/api/plannings/{pid}/explain", json={"zone": "../x"}).status_code == 422
    assert (solved[3] / "plannings" / pid / "explain").is_dir()
    first = client.get(f"/api/plannings/{pid}/files/assignments.csv").text.splitlines()[1].split(",")
    accepted = client.post(
        f"/api/plannings/{pid}/replan", json={"cancel": [f"{first[1]}@{first[0]}"], "time_limit": 30}
    )
    assert accepted.status_code == 202, accepted.text
    replanned = wait_done(client, accepted.json()["job"])
    assert replanned["state"] == "done", replanned
    new = replanned["planning"]
    rows = client.get(f"/api/plannings/{new}/files/assignments.csv").text.splitlines()[1:]
    assert not any(r.split(",")[:2] == first[:2] for r in rows)  # the cancelled mission is gone
    changes = client.get(f"/api/plannings/{new}/files/changes.csv").text
    assert f"removed,mission,{first[0]},{first[1]}" in changes
    assert client.get(f"/api/plannings/{new}/verify").json()["ok"] is True
    assert f'href="/compare?a={pid}&amp;b={new}"' in client.get(f"/plannings/{new}").text
    compared = client.get("/api/compare", params={"a": pid, "b": new}).json()
    assert {k["key"] for k in compared["kpis"]} >= {"coverage_score", "total_km", "status"}
    assert client.get("/compare", params={"a": pid, "b": new}).status_code == 200
    bad = client.post(f"/api/plannings/{pid}/replan", json={"cancel": ["NOBODY@2025-10-01"]})
    assert bad.status_code == 422 and "unknown doctor" in bad.json()["errors"][0]["message"]
    rows = client.get(f"/api/plannings/{pid}/files/assignments.csv").text.splitlines()[1:]
    planned = {(r.split(",")[1], r.split(",")[0]) for r in rows}
    free = next(  # a doctor of the planning on a day they have no mission: refused, as the CLI does
        f"{d}@2025-10-{day:02d}"
        for d in sorted({doctor for doctor, _ in planned})
        for day in range(1, 32)
        if (d, f"2025-10-{day:02d}") not in planned
    )
    nothing = client.post(f"/api/plannings/{pid}/replan", json={"cancel": [free]})
    assert nothing.status_code == 422 and "no such mission" in nothing.json()["errors"][0]["message"]


def cli_explain(pid: str, zone: str, client: TestClient) -> str:
    """`roster explain --zone` on a copy of the planning the server wrote."""
    import shutil
    import tempfile

    folder = client.app.app.state.services.store.planning_dir(pid)
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "planning"
        shutil.copytree(folder, copy)
        out = Path(temp) / "explain.md"
        result = CliRunner().invoke(
            cli_app, ["explain", str(copy / "scenario"), str(copy), "--zone", zone, "--out", str(out),
                      "--time-limit", "20", "--workers", "1"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return out.read_text(encoding="utf-8")


def _bad_csv() -> bytes:
    zones = (default_scenario() / "zones.csv").read_text().splitlines()
    cells = zones[2].split(",")
    cells[4] = "très"  # priority
    zones[2] = ",".join(cells)
    return folder_zip(default_scenario(), edit={"zones.csv": ("\n".join(zones) + "\n").encode()})


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("s/scenario.toml", b'name = "x"\nmonth = "2025-10"\n')
        archive.writestr("s/zones.csv", b"\0" * (25 * 1024 * 1024))  # 25 MB of zeros, ~25 KB zipped
    return buffer.getvalue()


def _many() -> bytes:
    return zip_with([(f"occitanie-pilot/extra{i}.txt", b"x") for i in range(60)])


MALFORMED = {
    "not a zip": ("pilot.zip", b"zones.csv,but not a zip\n", 422, "not a zip file"),
    "empty file": ("pilot.zip", b"", 422, "empty"),
    "truncated zip": ("pilot.zip", pilot_zip()[:2000], 422, "zip"),
    "absolute path": ("pilot.zip", zip_with([("/tmp/roster-serve-slip.txt", b"x")]), 422, "absolute path"),
    "dot-dot": ("pilot.zip", zip_with([("occitanie-pilot/../../slip.txt", b"x")]), 422, "'..'"),
    "backslash": ("pilot.zip", zip_with([("..\\..\\slip.txt", b"x")]), 422, "backslash"),
    "symlink": ("pilot.zip", zip_with([], symlink="occitanie-pilot/doctors2.csv"), 422, "link"),
    "too many files": ("pilot.zip", _many(), 422, "at most 50 files"),
    "zip bomb": ("bomb.zip", _bomb(), 422, "once unpacked"),
    "no scenario.toml": (
        "pilot.zip",
        zip_with([]).replace(b"scenario.toml", b"scenario.tom_"),
        422,
        "scenario.toml",
    ),
    "bad csv cell": ("pilot.zip", _bad_csv(), 422, "priority"),
    "wrong kind of file": ("notes.txt", b"hello", 422, "expected a .zip"),
    "unreadable workbook": ("plan.xlsx", b"PK\x03\x04 not really a workbook", 422, "plan.xlsx"),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_malformed_uploads_are_refused_with_file_and_line_and_write_nothing(
    kind: str, tmp_path: Path
) -> None:
    name, content, status, needle = MALFORMED[kind]
    data = tmp_path / "data"
    with make_client(data) as client:
        response = client.post("/api/scenarios", files={"file": (name, content, "application/octet-stream")})
        page = client.post("/upload", files={"file": (name, content, "application/octet-stream")})
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"file", "line", "message"} for e in errors)
    assert any(needle in e["message"] or needle in e["file"] for e in errors), errors
    assert all(str(tmp_path) not in e["file"] + e["message"] for e in errors)  # no server path
    assert page.status_code == status and "<table" in page.text and "Traceback" not in page.text
    assert list((data / "scenarios").iterdir()) == [] and list((data / ".tmp").iterdir()) == []
    assert not Path("/tmp/roster-serve-slip.txt").exists()
    assert not (tmp_path / "slip.txt").exists() and not (tmp_path.parent / "slip.txt").exists()


def test_a_bad_csv_cell_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    with make_client(tmp_path / "data") as client:
        response = client.post("/api/scenarios", files={"file": ("pilot.zip", _bad_csv(), "application/zip")})
    errors = response.json()["errors"]
    assert {k: errors[0][k] for k in ("file", "line")} == {
        "file": "pilot.zip/occitanie-pilot/zones.csv",
        "line": 3,
    }


def test_an_upload_over_the_limit_gets_413(tmp_path: Path) -> None:
    with make_client(tmp_path / "data", max_upload_mb=0.5) as client:
        big = client.post(
            "/api/scenarios", files={"file": ("big.zip", b"PK\x03\x04" + b"x" * 600_000, "application/zip")}
        )
        chunked = client.post(
            "/api/scenarios",
            content=iter([b"x" * 300_000] * 3),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
    assert big.status_code == 413 and "0.5 MB" in big.json()["detail"]
    assert chunked.status_code == 413
    assert list((tmp_path / "data" / "scenarios").iterdir()) == []


def test_ids_from_requests_never_become_paths(solved) -> None:
    client, sid, view, _data = solved
    pid = view["planning"]
    for url in (
        "/api/plannings/..%2f..%2fetc/files/summary.json",
        f"/api/plannings/{pid}/files/..%2fscenario%2fzones.csv",
        f"/api/plannings/{pid}/files/web.json",
        f"/api/plannings/{pid}/files/scenario",
        f"/api/scenarios/{sid[:-1]}x",
        "/api/scenarios/s00000000000%2e",
        f"/api/jobs/{sid}",
        f"/api/plannings/{sid}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["errors"]
    assert client.post(f"/api/scenarios/{pid}/solve", json={}).status_code == 404


def test_bad_solve_requests_are_422_with_a_message(solved) -> None:
    client, sid, _, _ = solved
    for body in (
        {"time_limit": -1},
        {"max_days_per_doctor": 99},
        {"time_limit": "soon"},
        {"time_limit": 99999},
    ):
        response = client.post(f"/api/scenarios/{sid}/solve", json=body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["message"]
    page = client.post(f"/scenarios/{sid}/solve", data={"time_limit": "vite"})
    assert page.status_code == 422 and "time_limit : pas un nombre : &#39;vite&#39;" in page.text


def test_token_is_required_on_every_request(tmp_path: Path) -> None:
    token = "s3cret-token-for-tests"
    with make_client(tmp_path / "data", token=token) as client:
        assert client.get("/api/scenarios").status_code == 401
        assert client.get("/").status_code == 401 and "jeton d&#x27;accès requis" in client.get("/").text
        assert "access token required" in client.get("/?lang=en").text
        assert client.get("/static/app.js").status_code == 401
        assert client.get("/api/openapi.json").status_code == 401
        assert client.get("/api/scenarios", headers={"X-Roster-Token": "wrong-token"}).status_code == 401
        assert client.get("/api/scenarios", headers={"X-Roster-Token": token}).status_code == 200
        assert client.get("/api/scenarios", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        link = client.get(f"/?token={token}&lang=en", follow_redirects=False)
        assert link.status_code == 303 and link.headers["location"] == "/?lang=en"
        assert "HttpOnly" in link.headers["set-cookie"]
        assert client.get("/api/scenarios").status_code == 200  # the cookie set by the link
        client.cookies.clear()
        upload = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")})
        assert upload.status_code == 401
        assert list((tmp_path / "data" / "scenarios").iterdir()) == []


def test_cross_site_posts_and_foreign_hosts_are_refused(tmp_path: Path) -> None:
    config = {"trusted_hosts": ("localhost", "127.0.0.1", "testserver")}
    with make_client(tmp_path / "data", **config) as client:
        upload = client.post(
            "/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")},
            headers={"Origin": "http://evil.example"},
        )  # fmt: skip
        assert upload.status_code == 403
        assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400
        assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
        same = client.post("/api/scenarios", files={"file": ("p.zip", b"", "application/zip")},
                           headers={"Origin": "http://testserver"})  # fmt: skip
        assert same.status_code == 422


def test_serve_refuses_a_public_address_without_token(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path / "d")])
    assert result.exit_code == 2 and "--token" in result.output
    for bad in ("short", "has space in it", "semi;colon-token"):
        result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--token", bad])
        assert result.exit_code == 2 and "--token" in result.output
    assert not (tmp_path / "d").exists()


def test_queue_runs_one_solve_per_scenario_and_shutdown_stops_cleanly(tmp_path: Path) -> None:
    with make_client(tmp_path / "data", jobs=2) as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")}).json()[
            "id"
        ]
        other = client.post(
            "/api/scenarios", files={"file": ("q.zip", pilot_zip(), "application/zip")}
        ).json()["id"]
        client.app.app.state.services.jobs._target = fake_worker  # the queue, not the solver, is tested
        first = client.post(f"/api/scenarios/{sid}/solve", json={}).json()["job"]
        second = client.post(f"/api/scenarios/{sid}/solve", json={}).json()
        third = client.post(f"/api/scenarios/{other}/solve", json={}).json()["job"]
        assert second["position"] is not None
        deadline = time.monotonic() + 60
        while client.get(f"/api/jobs/{third}").json()["state"] != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.get(f"/api/jobs/{first}").json()["state"] == "running"
        assert client.get(f"/api/jobs/{third}").json()["state"] == "running"  # another scenario: runs too
        queued = client.get(f"/api/jobs/{second['job']}").json()
        assert queued["state"] == "queued" and queued["position"] == 1
        page = client.get(f"/scenarios/{sid}").text
        assert 'id="queue"' in page and second["job"] in page
        assert "en attente (position dans la file 1)" in page
        stopped = client.post(f"/api/jobs/{third}/stop").json()
        assert stopped["stop_requested"] is True
        assert wait_done(client, third)["state"] == "done"
        jobs = client.app.app.state.services.jobs
    # leaving the client shuts the server down: the running job is stopped, the queued one dropped
    assert jobs.get(first).state == "done" and jobs.get(first).stop_requested
    assert jobs.get(second["job"]).state == "failed" and "stopped" in jobs.get(second["job"]).message


def test_stop_keeps_the_best_planning(tmp_path: Path) -> None:
    from roster.scenarios.generator import GeneratorSpec, generate
    from roster.scenarios.writer import write_scenario

    folder = tmp_path / "month"
    spec = GeneratorSpec(region="all", zones=151, doctors=3000, practices=1500, replacements=300, seed=3)
    write_scenario(folder, generate(spec))
    with make_client(tmp_path / "data", max_upload_mb=20) as client:
        sid = client.post(
            "/api/scenarios", files={"file": ("m.zip", folder_zip(folder), "application/zip")}
        ).json()["id"]
        job = client.post(f"/api/scenarios/{sid}/solve", json={"time_limit": 120}).json()["job"]
        deadline = time.monotonic() + 120
        while (
            client.get(f"/api/jobs/{job}").json()["phase"] in ("start", None) and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        client.post(f"/api/jobs/{job}/stop")
        view = wait_done(client, job)
        assert view["state"] == "done", view
        assert client.get(f"/api/plannings/{view['planning']}/verify").json()["ok"] is True
        summary = client.get(f"/api/plannings/{view['planning']}").json()["summary"]
        assert summary["status"] in ("OPTIMAL", "FEASIBLE")
        assert summary["interrupted"] or summary["status"] == "OPTIMAL"


def test_a_failed_solve_and_a_dead_worker_are_reported_not_hidden(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with make_client(data) as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")}).json()[
            "id"
        ]
        (data / "scenarios" / sid / "scenario" / "zones.csv").unlink()  # the disk changed under the server
        failed = wait_done(client, client.post(f"/api/scenarios/{sid}/solve", json={}).json()["job"])
        assert failed["state"] == "failed" and "zones.csv" in failed["message"] and failed["planning"] is None
        assert "zones.csv" in client.get(f"/jobs/{failed['job']}").text
        client.app.app.state.services.jobs._target = dying_worker
        dead = wait_done(client, client.post(f"/api/scenarios/{sid}/solve", json={}).json()["job"])
        assert dead["state"] == "failed" and "exit code 3" in dead["message"]
    assert list((data / "plannings").iterdir()) == []


def test_an_internal_error_is_a_short_message_not_a_traceback(solved, tmp_path: Path) -> None:
    client, _, _view, data = solved
    broken = data / "plannings" / "p0123456789ab"
    broken.mkdir()
    (broken / "summary.json").write_text("{not json")
    try:
        api = client.get("/api/plannings/p0123456789ab")
        page = client.get("/plannings/p0123456789ab")
    finally:
        (broken / "summary.json").unlink()
        broken.rmdir()
    assert api.status_code == 500 and api.json()["detail"].startswith("internal error: JSONDecodeError")
    assert page.status_code == 500 and "Traceback" not in page.text
    assert "erreur interne : JSONDecodeError (détails dans le journal du serveur)" in page.text


def test_a_queued_job_can_be_stopped_before_it_starts(tmp_path: Path) -> None:
    with make_client(tmp_path / "data") as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")}).json()[
            "id"
        ]
        client.app.app.state.services.jobs._target = fake_worker
        first = client.post(f"/api/scenarios/{sid}/solve", json={}).json()["job"]
        second = client.post(f"/api/scenarios/{sid}/solve", json={}).json()["job"]
        stopped = client.post(f"/api/jobs/{second}/stop").json()
        assert stopped["state"] == "failed" and stopped["message"] == "stopped before it started"
        with client.stream("GET", f"/api/jobs/{first}/events") as stream:  # a browser that goes away
            next(stream.iter_lines())
        time.sleep(0.5)
        assert client.get(f"/api/jobs/{first}").json()["state"] in ("queued", "running")  # still going
        page = client.post(f"/jobs/{first}/stop", follow_redirects=False)  # the page's form, without JS
        assert page.status_code == 303 and page.headers["location"] == f"/jobs/{first}"
        assert wait_done(client, first)["state"] == "done"


def test_signups_and_workbooks_go_through_their_public_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roster.scenarios import ScenarioError
    from roster.scenarios.errors import Issue

    calls: list[tuple[Path, Path, object]] = []
    listed = set((default_scenario() / "availability.csv").read_text().splitlines())
    added = next(row for day in range(1, 32) if (row := f"D00001,2025-10-{day:02d}") not in listed)

    def import_signups(export: Path, scenario_dir: Path, mapping: Path | None = None) -> None:
        calls.append((export, scenario_dir, mapping))
        if b"bad" in export.read_bytes():
            raise ScenarioError([Issue(str(export), 4, "unknown date 31/02/2025")])
        with (scenario_dir / "availability.csv").open("a") as handle:
            handle.write(added + "\n")

    monkeypatch.setattr("roster.app.signups.import_signups", import_signups)
    with make_client(tmp_path / "data") as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")}).json()[
            "id"
        ]
        good = client.post(
            f"/api/scenarios/{sid}/signups", files={"file": ("inscriptions.csv", b"ok", "text/csv")}
        )
        bad = client.post(
            f"/api/scenarios/{sid}/signups", files={"file": ("inscriptions.csv", b"bad", "text/csv")}
        )
        assert good.status_code == 201, good.text
        new = client.get(f"/api/scenarios/{good.json()['id']}").json()
        assert new["parent"] == sid and new["source"] == "signups"
        assert bad.status_code == 422
        assert bad.json()["errors"] == [
            {"file": "inscriptions.csv", "line": 4, "message": "unknown date 31/02/2025"}
        ]
        original = tmp_path / "data" / "scenarios" / sid / "scenario" / "availability.csv"
        assert added not in original.read_text()  # applied to a copy only
        page = client.post(f"/scenarios/{sid}/signups", files={"file": ("i.csv", b"ok", "text/csv")},
                           follow_redirects=False)  # fmt: skip
        assert page.status_code == 303 and page.headers["location"].startswith("/scenarios/s")

        pilot = load_scenario(default_scenario())
        monkeypatch.setattr("roster.web.uploads.load_scenario", lambda path, *a: pilot)
        book = client.post(
            "/api/scenarios", files={"file": ("pilote.xlsx", b"PK\x03\x04 fake", "application/zip")}
        )
        assert book.status_code == 201
        stored = tmp_path / "data" / "scenarios" / book.json()["id"]
        assert (stored / "workbook.xlsx").read_bytes() == b"PK\x03\x04 fake"
        assert client.get(f"/api/scenarios/{book.json()['id']}").json()["source"] == "xlsx"
    assert len(calls) == 3 and all(c[2] is None for c in calls)


def test_texts_from_uploads_are_escaped_in_pages(tmp_path: Path) -> None:
    toml = (default_scenario() / "scenario.toml").read_text()
    toml = toml.replace('name = "occitanie-pilot"', 'name = "<script>alert(1)</script>"')
    content = folder_zip(default_scenario(), edit={"scenario.toml": toml.encode()})
    with make_client(tmp_path / "data") as client:
        upload = client.post("/api/scenarios", files={"file": ("<img src=x onerror=alert(1)>.zip", content)})
        assert upload.status_code == 201, upload.text
        sid = upload.json()["id"]
        pages = [client.get("/").text, client.get(f"/scenarios/{sid}").text]
        solve = client.post(f"/api/scenarios/{sid}")  # wrong method: a clean 405
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert solve.status_code == 405 and solve.json()["detail"]


def test_a_solve_request_without_a_body_uses_the_defaults(solved) -> None:
    client, sid, _, _ = solved
    accepted = client.post(f"/api/scenarios/{sid}/solve")
    assert accepted.status_code == 202, accepted.text
    view = wait_done(client, accepted.json()["job"])
    assert view["state"] == "done"
    meta = client.get(f"/api/plannings/{view['planning']}").json()
    assert meta["time_limit"] == 60.0 and meta["overrides"] == {}


def test_a_reader_crash_is_a_422_naming_the_upload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("roster.web.uploads.load_scenario", crash)
    with make_client(tmp_path / "data") as client:
        response = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"file": "p.zip/occitanie-pilot", "line": None, "message": "unreadable scenario (RuntimeError)"}
    ]


def test_loader_warnings_are_shown_on_the_scenario_page(tmp_path: Path) -> None:
    toml = (default_scenario() / "scenario.toml").read_text() + "mystery = 1\n"
    content = folder_zip(default_scenario(), edit={"scenario.toml": toml.encode()})
    with make_client(tmp_path / "data") as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", content)}).json()["id"]
        page = client.get(f"/scenarios/{sid}").text
    line = len(toml.splitlines())
    assert f"<li>scenario.toml:{line}: unknown setting &#39;mystery&#39; is ignored</li>" in page


def test_the_settings_form_applies_only_what_changed(solved) -> None:
    client, sid, _, data = solved
    form = {"max_days_per_doctor": "2", "day_trip_max_km": "80", "time_limit": "30"}
    same = client.post(f"/scenarios/{sid}/solve", data=form, follow_redirects=False)
    form = {**form, "max_days_per_doctor": "1", "day_trip_max_km": "80,0"}  # a French decimal comma
    changed = client.post(f"/scenarios/{sid}/solve", data=form, follow_redirects=False)
    views = [wait_done(client, r.headers["location"].rsplit("/", 1)[1]) for r in (same, changed)]
    metas = [client.get(f"/api/plannings/{v['planning']}").json() for v in views]
    assert metas[0]["overrides"] == {} and metas[1]["overrides"] == {"max_days_per_doctor": 1}
    solved_toml = (data / "plannings" / views[1]["planning"] / "scenario" / "scenario.toml").read_text()
    assert "max_days_per_doctor = 1\n" in solved_toml and "km_rate_eur = 0.35" in solved_toml
    assert metas[1]["summary"]["doctor_days"] <= 200  # 200 volunteers, one day each at most
    assert client.get(f"/api/plannings/{views[1]['planning']}/verify").json()["ok"] is True


def test_refusals_are_in_french_on_pages_and_on_request_in_the_api(tmp_path: Path) -> None:
    upload = {"file": ("x.zip", zip_with([("occitanie-pilot/../../slip.txt", b"x")]), "application/zip")}
    with make_client(tmp_path / "data") as client:
        page = client.post("/upload", files=upload).text
        english = client.post("/upload?lang=en", files=upload).text
        api = client.post("/api/scenarios", files=upload).json()
        api_fr = client.post("/api/scenarios?lang=fr", files=upload).json()
    assert "refusé : &#39;..&#39; dans le chemin" in page and "Le fichier a été refusé" in page
    assert "refused: &#39;..&#39; in the path" in english and "The file was refused" in english
    assert api["errors"][0]["message"] == "refused: '..' in the path"
    assert api_fr["errors"][0]["message"] == "refusé : '..' dans le chemin"
    assert api_fr["detail"] == "Le fichier a été refusé" and api["detail"] == "The file was refused"


def test_the_pilots_example_sign_up_export_imports_through_the_web_app(tmp_path: Path) -> None:
    example = (default_scenario() / "signups-example.csv").read_bytes()
    with make_client(tmp_path / "data") as client:
        sid = client.post("/api/scenarios", files={"file": ("p.zip", pilot_zip(), "application/zip")}).json()[
            "id"
        ]
        done = client.post(f"/api/scenarios/{sid}/signups", files={"file": ("inscriptions.csv", example)})
        assert done.status_code == 201, done.text
        folder = tmp_path / "data" / "scenarios" / done.json()["id"] / "scenario"
        assert load_scenario(folder).wishes  # the form's wished sites became wishes.csv rows


def test_a_solve_stopped_before_any_mission_is_no_planning_found_never_green(solved) -> None:
    """A planning with no mission, stopped (or not OPTIMAL), is "Aucun planning trouvé" on its
    page and in the list, never the rules-respected banner (its rules do hold: it is empty)."""
    client, _, view, data = solved
    source = data / "plannings" / view["planning"]
    pid = "p" + "0" * 12
    target = data / "plannings" / pid
    shutil.copytree(source, target)
    for name in ("assignments.csv", "replacements.csv"):
        header = (target / name).read_text(encoding="utf-8").splitlines()[0]
        (target / name).write_text(header + "\n", encoding="utf-8")
    summary = json.loads((target / "summary.json").read_text(encoding="utf-8"))
    summary.update(status="FEASIBLE", interrupted=True, doctor_days=0, locum_days=0, coverage_score=0.0)
    (target / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    try:
        page = client.get(f"/plannings/{pid}").text
        assert "Aucun planning trouvé" in page and "Toutes les règles sont respectées" not in page
        assert "No planning found" in client.get(f"/plannings/{pid}?lang=en").text
        client.cookies.clear()
        assert "aucun planning trouvé" in client.get("/").text
        solved_page = client.get(f"/plannings/{view['planning']}").text  # a real planning stays green
        assert "Toutes les règles sont respectées" in solved_page
        assert "Aucun planning trouvé" not in solved_page
    finally:
        shutil.rmtree(target)


def test_answers_in_the_web_app_then_the_round(solved) -> None:
    """Confirm and decline from the API and the page's buttons, "confirm all of this doctor",
    then the re-plan button runs the confirmation round: the decline is gone, never offered
    again, the confirmations stay, and the new planning keeps the states."""
    client, _, view, data = solved
    pid = "p" + "1" * 12
    shutil.copytree(data / "plannings" / view["planning"], data / "plannings" / pid)
    rows = [
        r.split(",") for r in client.get(f"/api/plannings/{pid}/files/assignments.csv").text.splitlines()[1:]
    ]
    (d1, a1), (d2, a2) = (rows[0][0], rows[0][1]), (rows[1][0], rows[1][1])
    third = next(r[1] for r in rows if r[1] not in (a1, a2))
    recorded = client.post(
        f"/api/plannings/{pid}/answers",
        json={
            "answers": [
                {"doctor_id": a1, "date": d1, "answer": "oui"},
                {"doctor_id": a2, "date": d2, "answer": "non"},
            ]
        },
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["answered"] == {"confirmed": 1, "declined": 1}
    bad = client.post(
        f"/api/plannings/{pid}/answers",
        json={"answers": [{"doctor_id": a1, "date": d1, "answer": "peut-être"}]},
    )
    assert bad.status_code == 422 and "must be oui or non" in bad.json()["errors"][0]["message"]
    page = client.post(f"/plannings/{pid}/answers", data={"answer": f"{third}:oui"}, follow_redirects=True)
    assert page.status_code == 200 and "confirmée" in page.text and "refusée" in page.text
    third_days = {r[0] for r in rows if r[1] == third}
    states = {
        (r["doctor_id"], r["date"]): r["state"]
        for r in csv.DictReader(
            (data / "plannings" / pid / "states.csv").read_text(encoding="utf-8").splitlines()
        )
    }
    assert all(states[(third, day)] == "confirmed" for day in third_days)  # "confirm all of this doctor"
    assert states[(a1, d1)] == "confirmed" and states[(a2, d2)] == "declined"
    accepted = client.post(f"/api/plannings/{pid}/replan", json={"cancel": [], "time_limit": 30})
    assert accepted.status_code == 202, accepted.text
    done = wait_done(client, accepted.json()["job"])
    assert done["state"] == "done", done
    new = data / "plannings" / done["planning"]
    after = {
        (line.split(",")[1], line.split(",")[0])
        for line in (new / "assignments.csv").read_text().splitlines()[1:]
    }
    assert (a2, d2) not in after and (a1, d1) in after
    assert all((third, day) in after for day in third_days)
    kept = (new / "states.csv").read_text(encoding="utf-8")
    assert f"{d2},{a2}," in kept and ",declined," in kept
    assert "reason" in (new / "changes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert client.get(f"/api/plannings/{done['planning']}/verify").json()["ok"] is True
    original = client.get(f"/plannings/{pid}").text  # the original says it was replaced, and by what
    assert "a été replanifié" in original and f'href="/plannings/{done["planning"]}"' in original


def test_two_replans_of_one_planning_at_once_the_second_is_refused(solved) -> None:
    """Both would keep the mission the other cancelled: the second is 409 while the first is
    unfinished, and accepted once it has ended."""
    client, _, view, _ = solved
    pid = view["planning"]
    rows = client.get(f"/api/plannings/{pid}/files/assignments.csv").text.splitlines()[1:3]
    (d1, a1), (d2, a2) = ((r.split(",")[0], r.split(",")[1]) for r in rows)
    jobs = client.app.app.state.services.jobs
    target = jobs._target
    jobs._target = fake_worker  # the queue, not the solver, is tested
    try:
        first = client.post(f"/api/plannings/{pid}/replan", json={"cancel": [f"{a1}@{d1}"]})
        assert first.status_code == 202, first.text
        second = client.post(f"/api/plannings/{pid}/replan", json={"cancel": [f"{a2}@{d2}"]})
        assert second.status_code == 409 and first.json()["job"] in second.json()["detail"]
        page = client.post(f"/plannings/{pid}/replan", data={"cancel": f"{a2}@{d2}"})
        assert page.status_code == 409 and "déjà en cours de replanification" in page.text
        client.post(f"/api/jobs/{first.json()['job']}/stop")
        wait_done(client, first.json()["job"])
        again = client.post(f"/api/plannings/{pid}/replan", json={"cancel": [f"{a2}@{d2}"]})
        assert again.status_code == 202, again.text
        client.post(f"/api/jobs/{again.json()['job']}/stop")
        wait_done(client, again.json()["job"])
    finally:
        jobs._target = target
