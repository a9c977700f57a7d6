"""The publication's pieces without a solve: a mission's hours, doctors' titles, half-day
consultations in the slots and the feeds, the folder mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from scenario_builder import Spec, doctor, site, zone

from roster.models import Site
from roster.models.states import StateRow
from roster.publish import (
    Consultation,
    Publication,
    doctor_title,
    is_publication,
    mission_hours,
    mission_slots,
    publication,
    publication_files,
    slot_rows,
)
from roster.publish.consultations import where
from roster.publish.feeds import site_feed
from roster.publish.hours import hours_text
from roster.scenarios import load_scenario

icalendar = pytest.importorskip("icalendar")


def a_site(**fields: str) -> Site:
    row = {**site("S1", "Z"), "open_weekdays": "Mon", **fields}
    return Site.model_validate(row)


def test_a_whole_day_spans_the_morning_start_to_the_afternoon_end_in_two_slots() -> None:
    s = a_site(am_hours="9h-12h", pm_hours="13:30-24:00")
    assert mission_slots(s) == (("09:00", "12:00"), ("13:30", "24:00"))
    assert mission_hours(s) == ("09:00", "24:00")
    assert mission_slots(s, "am") == (("09:00", "12:00"),) and mission_hours(s, "pm") == ("13:30", "24:00")
    assert hours_text(a_site()) == "08h30–12h30, 13h30–18h00"
    with pytest.raises(ValueError, match="unknown part of day 'evening'"):
        mission_hours(s, "evening")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Marie Dupont", "Dr Marie Dupont"),
        ("Dr Marie Dupont", "Dr Marie Dupont"),
        ("dr. Marie  Dupont", "dr. Marie Dupont"),
        ("Docteure Lucie Petit", "Docteure Lucie Petit"),
        ("Dre Lucie Petit", "Dre Lucie Petit"),
        ("Drouet Paul", "Dr Drouet Paul"),
    ],
)
def test_doctor_title(name: str, shown: str) -> None:
    assert doctor_title(name) == shown


def test_where_says_the_commune_once() -> None:
    assert where(a_site(address="2 place du Marché, 32400 Riscle", commune="Riscle")) == (
        "2 place du Marché, 32400 Riscle"
    )
    assert where(a_site(address="2 place du Marché", commune="Riscle")) == "2 place du Marché, Riscle"
    assert where(a_site(commune="Riscle")) == "Riscle" and where(a_site()) == ""


@pytest.fixture
def scenario(tmp_path: Path):
    spec = Spec(
        zones=[zone("Z")],
        sites=[{**site("S1", "Z"), "am_hours": "09:00-12:00", "pm_hours": "14:00-17:00"}],
        doctors=[{**doctor("D1"), "name": "Anne Morel"}, {**doctor("D2"), "name": "Paul Roy"}],
        available={"D1": [7], "D2": [7]},
    )
    return load_scenario(spec.write(tmp_path / "scn"))


def test_two_doctors_the_same_day_are_two_consultations_with_stable_uids(scenario) -> None:
    day = dt.date(2025, 10, 7)
    rows = [StateRow(date=day, doctor_id=d, site_id="S1", state="confirmed") for d in ("D2", "D1")]
    pub = publication(scenario, rows)
    assert [(c.rank, c.doctor) for c in pub.consultations] == [(0, "Dr Anne Morel"), (1, "Dr Paul Roy")]
    assert len(slot_rows(pub)) == 4
    again = publication(scenario, rows, names=False)
    assert [c.uid for c in again.consultations] == [c.uid for c in pub.consultations]  # never the doctor
    assert {c.doctor for c in again.consultations} == {""}
    page = publication_files(pub)["sites/s1-site-s1.html"].decode()
    assert "mardi 7 octobre 2025" in page and "Dr Anne Morel, Dr Paul Roy" in page


def test_a_half_day_consultation_is_one_slot_and_one_short_event(scenario) -> None:
    day = dt.date(2025, 10, 7)
    morning = Consultation(date=day, site_id="S1", part="am", rank=0, doctor="Dr Anne Morel", confirmed=True)
    afternoon = Consultation(date=day, site_id="S1", part="pm", rank=0, doctor="Dr Paul Roy", confirmed=False)
    pub = Publication(scenario, (morning, afternoon), names=True)
    assert [r[4:] for r in slot_rows(pub)] == [
        ("2025-10-07", "09:00", "12:00", "Dr Anne Morel"),
        ("2025-10-07", "14:00", "17:00", "Dr Paul Roy"),
    ]
    events = icalendar.Calendar.from_ical(site_feed(pub, scenario.sites[0])).walk("VEVENT")
    times = sorted(tuple(e.decoded(key).strftime("%H:%M") for key in ("dtstart", "dtend")) for e in events)
    assert times == [("09:00", "12:00"), ("14:00", "17:00")]
    assert sorted(str(e["status"]) for e in events) == ["CONFIRMED", "TENTATIVE"]
    page = publication_files(pub)["sites/s1-site-s1.html"].decode()
    assert page.index("09h00–12h00") < page.index("Dr Anne Morel") < page.index("14h00–17h00")
    assert "13h30" not in page


def test_a_publication_is_recognised_by_its_index(scenario, tmp_path: Path) -> None:
    folder = tmp_path / "pub"
    for name, content in publication_files(publication(scenario, [])).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    assert is_publication(folder)
    (folder / "index.html").write_text("<!DOCTYPE html><title>mine</title>", encoding="utf-8")
    assert not is_publication(folder) and not is_publication(tmp_path / "nowhere")
