"""The report for its readers: French by default, a real map, names, subtotals, sortable list."""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from roster.i18n import ENGLISH, FRENCH
from roster.models import Planning, Scenario
from roster.report import render_report
from roster.report.coverage import coverage_color
from roster.report.labels import Box, place_labels, short_name
from roster.report.outlines import department_outlines, epci_outlines
from roster.scenarios import load_scenario
from roster.solvers import SolveOptions, solve
from tests.scenario_builder import Spec, doctor, site, zone

GOLDEN = Path(__file__).parent / "golden"


@cache
def solved(name: str) -> tuple[Scenario, Planning]:
    scenario = load_scenario(GOLDEN / name)
    return scenario, solve(scenario, SolveOptions(time_limit_s=10, workers=1))


@cache
def page(name: str, lang: str = "fr") -> str:
    return render_report(*solved(name), lang=FRENCH if lang == "fr" else ENGLISH)


def test_the_report_is_french_with_french_numbers_and_a_glossary() -> None:
    _, planning = solved("aura-distances")
    text = page("aura-distances")
    assert text.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert "Chiffres clés" in text and "Couverture par zone" in text and "Glossaire" in text
    for term in ("Score de couverture", "Borne prouvée", "Écart", "Manque"):
        assert f"<dt>{term}" in text
    km = FRENCH.number(planning.summary.total_km, 1)
    assert "," in km and km in text
    assert "octobre 2025" in text and ("lun." in text)
    english = page("aura-distances", "en")
    assert '<html lang="en">' in english and "Key figures" in english and "<dt>Coverage score" in english


def test_the_kpis_show_locum_days_lodging_and_costs() -> None:
    text = page("aura-distances")
    for label in ("Jours de remplacement", "Nuits d&#x27;hébergement", "Remplacements (€)", "Coût total (€)"):
        assert label in text, label
    english = page("aura-distances", "en")
    for label in ("Locum days", "Lodging nights", "Locum EUR", "Total EUR"):
        assert label in english, label


def test_the_map_draws_zone_and_department_outlines_filled_by_coverage() -> None:
    scenario, planning = solved("aura-distances")
    text = page("aura-distances")
    days = Counter(a.zone_id for a in planning.assignments)
    fills = dict(re.findall(r'<path class="zone" data-zone="([^"]+)" fill="([^"]+)"', text))
    assert set(fills) == {z.zone_id for z in scenario.zones}
    for z in scenario.zones:
        assert fills[z.zone_id] == coverage_color(z.demand_days, days[z.zone_id])
        assert epci_outlines()[z.zone_id], "outline data for every EPCI"
    depts = set(re.findall(r'<path class="dept" data-dept="([^"]+)"', text))
    assert {z.department for z in scenario.zones} <= depts
    assert len(department_outlines()) >= 96


def test_sites_are_labelled_by_name_and_named_in_their_tooltips() -> None:
    scenario, _ = solved("aura-distances")
    text = page("aura-distances")
    labels = dict(re.findall(r'<text class="site-label" data-site="([^"]+)"[^>]*>([^<]+)</text>', text))
    assert labels, "at least one site is labelled"
    names = {s.site_id: s.name for s in scenario.sites}
    for site_id, label in labels.items():
        assert html.unescape(label) == short_name(names[site_id])
    for s in scenario.sites:
        assert re.search(
            rf'<circle class="site" data-site="{s.site_id}"[^>]*><title>{re.escape(html.escape(s.name))}',
            text,
        )


def test_the_legend_counts_volunteers_with_and_without_missions() -> None:
    scenario, planning = solved("november-holidays")
    text = page("november-holidays")
    busy = len({a.doctor_id for a in planning.assignments})
    idle = len(scenario.doctors) - busy
    assert idle > 0, "the golden scenario leaves someone at home"
    assert f"volontaire sans mission ({idle})" in text and f"volontaire avec mission(s) ({busy})" in text


boxes = st.lists(
    st.tuples(
        st.floats(0, 400),
        st.floats(0, 300),
        st.floats(2, 12),
        st.text("abcdefghij ", min_size=1, max_size=30),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(points=boxes)
def test_labels_never_overlap_each_other_a_site_or_the_border(points) -> None:
    items = [(str(i), x, y, r, t) for i, (x, y, r, t) in enumerate(points)]
    bounds = Box(0, 0, 400, 300)
    placed = place_labels(items, bounds, [Box(0, 0, 50, 50)])
    rects = [p.box for p in placed.values()]
    for i, a in enumerate(rects):
        assert bounds.x0 <= a.x0 and a.x1 <= bounds.x1 and bounds.y0 <= a.y0 and a.y1 <= bounds.y1
        assert not a.overlaps(Box(0, 0, 50, 50))
        assert not any(a.overlaps(b) for b in rects[i + 1 :])
        assert not any(a.overlaps(Box(x - r, y - r, x + r, y + r)) for _, x, y, r, _ in items)


def test_a_zoomed_inset_appears_where_sites_crowd(tmp_path: Path) -> None:
    crowd = [site(f"S{i}", "Z", lat=45.0 + 0.01 * i, lon=4.0 + 0.01 * (i % 3)) for i in range(7)]
    spec = Spec(
        zones=[zone("Z", demand=3)],
        sites=[*crowd, site("FAR", "Z", lat=48.5, lon=-2.0)],
        doctors=[doctor("D", lat=45.0, lon=4.0)],
        available={"D": [1, 2]},
    )
    scenario = load_scenario(spec.write(tmp_path / "scn"))
    planning = solve(scenario, SolveOptions(time_limit_s=5, workers=1))
    text = render_report(scenario, planning, lang=FRENCH)
    assert '<svg class="map inset"' in text and 'class="inset-frame"' in text
    inset = text[text.index('<svg class="map inset"') :]
    assert len(re.findall(r'<circle class="isite"', inset[: inset.index("</svg>")])) == 7
    assert "cadre du zoom" in text
    sparse = Spec(zones=[zone("Z")], sites=[site("S", "Z")], doctors=[doctor("D")], available={"D": [1]})
    lone = load_scenario(sparse.write(tmp_path / "lone"))
    assert "map inset" not in render_report(lone, solve(lone, SolveOptions(time_limit_s=5, workers=1)))


def test_subtotals_per_department_and_region_add_up() -> None:
    scenario, _ = solved("aura-distances")
    text = page("aura-distances")
    section = text[text.index('<section id="subtotals">') : text.index('<section id="map">')]
    demand = [
        int(x)
        for x in re.findall(
            r'<tr class="dept"><td>.*?</td><td class="num">\d+</td><td class="num">(\d+)</td>', section
        )
    ]
    assert sum(demand) == sum(z.demand_days for z in scenario.zones)
    assert len(demand) == len({z.department for z in scenario.zones})
    assert "Total Auvergne-Rhône-Alpes" in section and "Total général" in section


def test_the_mission_list_names_everyone_and_sorts_by_every_column_without_script() -> None:
    scenario, planning = solved("aura-distances")
    text = page("aura-distances")
    assert "<script" not in text
    rows = re.findall(r'<div class="mrow" role="row" style="([^"]+)"', text)
    assert len(rows) == len(planning.assignments)
    for key in ("date", "doctor", "site", "zone", "dept", "km"):
        ranks = sorted(int(re.search(rf"--o-{key}:(\d+)", style).group(1)) for style in rows)
        assert ranks == list(range(1, len(rows) + 1)), key
        assert (
            f'id="sort-{key}"' in text and f"#sort-{key}:checked~.mlist .mrow{{order:var(--o-{key})}}" in text
        )
    names = {d.doctor_id: d.name for d in scenario.doctors}
    section = text[text.index('<section id="missions">') : text.index('<section id="people">')]
    for a in planning.assignments:
        assert html.escape(names[a.doctor_id]) in section


def test_proxy_zones_are_flagged() -> None:
    scenario, planning = solved("november-holidays")
    first = scenario.zones[0].model_copy(update={"designation": "proxy"})
    flagged = scenario.model_copy(update={"zones": (first, *scenario.zones[1:])})
    text = render_report(flagged, planning, lang=FRENCH)
    assert text.count('class="badge proxy"') == 1 and "approchée (proxy)" in text
    assert 'class="badge' not in page("november-holidays")
