"""The report page: one self-contained HTML file (inline CSS and SVG, no script, no URL).

French by default from the command line (`--lang en` for English); readable from 390 px
(phone) to desktop, and printable on A4 (print stylesheet)."""

from __future__ import annotations

from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import Planning, Scenario
from roster.report.coverage import coverage_section
from roster.report.geo_map import map_section
from roster.report.kpis import kpi_section
from roster.report.month_grid import calendars_section
from roster.report.tables import (
    SORT_KEYS,
    glossary_section,
    missions_section,
    people_section,
    subtotals_section,
)

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d2733;
 background:#fff;overflow-wrap:break-word}
header{background:#1f4e8c;color:#fff;padding:18px 28px}header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85}
.unverified{background:#d62f2f;color:#fff;font-weight:700;padding:10px 28px;letter-spacing:.03em}
.unverified ul{font-weight:400;margin:6px 0 0;font-size:13px}
nav.toc{padding:8px 28px;background:#eef3f8;font-size:14px}nav.toc a{margin-right:14px;color:#1f4e8c}
main{padding:8px 28px 40px;max-width:1340px}
h2{border-bottom:2px solid #e3e8ee;padding-bottom:4px;margin-top:28px}
h3{margin:14px 0 6px;font-size:16px}
.sub{font-size:12px;color:#66717e;font-weight:normal}
.note,.legend{color:#4b5663;font-size:13px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}
.kpi{border:1px solid #dde3ea;border-radius:8px;padding:10px 12px;background:#f8fafc}
.kpi .label{font-size:12px;color:#5b6675;text-transform:uppercase;letter-spacing:.03em}
.kpi .value{font-size:20px;font-weight:600;margin-top:4px}
.status-optimal .value{color:#2e9e4f}.status-feasible .value,.status-edited .value{color:#c07a00}
.status-infeasible .value,.status-unknown .value{color:#d62f2f}
.scroll{max-width:100%;overflow-x:auto}
table.coverage,table.subtotals,table.people{border-collapse:collapse;width:100%}
table.coverage th,table.coverage td,table.subtotals th,table.subtotals td,table.people th,table.people td{
 padding:6px 8px;border-bottom:1px solid #e8ecf0;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.red{color:#d62f2f;font-weight:700}
tr.shortfall td:first-child{border-left:4px solid #d62f2f}tr.met td:first-child{border-left:4px solid #2e9e4f}
tr.region td{font-weight:600;background:#f4f7fa}tr.total td{font-weight:700;border-top:2px solid #1d2733}
tr.idle td{color:#8a939e}
td.barcell{width:42%;min-width:120px}.bar{display:flex;height:16px;background:#f1f3f5;border-radius:3px;
 overflow:hidden}
.seg{display:inline-block;height:16px;min-width:2px}.legend .seg{width:14px;height:10px;vertical-align:middle}
.seg.ok{background:#2e9e4f}.seg.short{background:#d62f2f}.seg.extra{background:#1f4e8c}
.badge{font-size:11px;border-radius:8px;padding:1px 6px;background:#fff1cc;color:#7a5200;white-space:nowrap}
.badge.proxy{background:#fde2e2;color:#8a2b2b}
.maps{display:flex;flex-direction:column;gap:14px}
svg.map{display:block;max-width:100%;height:auto;border:1px solid #dde3ea;border-radius:8px}
svg.map text{font-size:11px;fill:#1d2733;paint-order:stroke;stroke:#ffffff;stroke-width:3px;
 stroke-linejoin:round}
svg.map.inset text{font-size:13px}
svg.map text.dept-label{font-size:10px;fill:#8a96a3;stroke-width:2px;font-weight:600}
.sea{fill:#e9f0f7}.dept{fill:#fbfaf6;stroke:#9aa6b2;stroke-width:.8}
.zone{fill-opacity:.35;stroke-width:1.2;stroke-opacity:.9}
.trip,.itrip{stroke:#1f4e8c;stroke-width:1.2;stroke-opacity:.4}
.home.busy,.ihome.busy{fill:#1f4e8c}.home.idle,.ihome.idle{fill:#ffffff;stroke:#66717e;stroke-width:1.2}
.site,.isite{stroke:#ffffff;stroke-width:1.5;fill-opacity:.95}
.inset-frame{fill:none;stroke:#1d2733;stroke-width:1.5;stroke-dasharray:5 3}
ul.map-legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px}
ul.map-legend li{display:flex;align-items:center;gap:6px}svg.sw{flex:none}
.site-cals{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(420px,100%),1fr));gap:18px}
table.month{border-collapse:collapse;width:100%;table-layout:fixed}
table.month th{font-size:12px;color:#5b6675;padding:3px}
table.month td{border:1px solid #dde3ea;vertical-align:top;height:58px;padding:3px;font-size:11px}
td.outside{background:#fff;border-color:#f3f5f7}
td.closed{background:#e4e7eb;color:#8a939e}
td.holiday{background:repeating-linear-gradient(45deg,#fde8e8,#fde8e8 6px,#f8d3d3 6px,#f8d3d3 12px)}
td.staffed{background:#e6f4ea}td .num{font-weight:600}
td .tag{font-size:10px;text-transform:uppercase;color:#8a2b2b}
td.closed .tag{color:#6b7480}td .fill{float:right;font-size:10px;color:#2e6b3f}
td .doc{color:#1f4e8c;font-weight:600}.night{font-weight:400;color:#7a5200;font-size:10px}
.sort-radio{position:absolute;opacity:0;width:1px;height:1px}
.sort-buttons{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:6px 0;font-size:13px}
.sort-buttons label{border:1px solid #b9c4d0;border-radius:12px;padding:2px 10px;cursor:pointer}
.mlist{display:flex;flex-direction:column;font-size:13px}
.mrow{display:grid;grid-template-columns:12em 1.2fr 1.3fr 1.2fr 4em 6em 7em;gap:4px 10px;padding:4px 6px;
 border-bottom:1px solid #e8ecf0}
.mrow.head{order:-1;font-weight:600;color:#5b6675;border-bottom:2px solid #dde3ea}
.mrow .num{text-align:right;font-variant-numeric:tabular-nums}
dl.glossary dt{font-weight:600;margin-top:8px}dl.glossary dd{margin:2px 0 0 0;color:#3b4652}
footer{color:#8a939e;font-size:12px;padding:0 28px 20px}
@media screen and (max-width:700px){
 header,main,nav.toc,.unverified,footer{padding-left:12px;padding-right:12px}
 header h1{font-size:19px}
 .kpis{grid-template-columns:repeat(2,minmax(0,1fr))}.kpi .value{font-size:16px}
 table.coverage th:nth-child(2),table.coverage td:nth-child(2){display:none}
 td.barcell{min-width:70px;width:30%}
 table.coverage th,table.coverage td,table.subtotals th,table.subtotals td,table.people th,table.people td{
  padding:4px 4px;font-size:12px}
 table.month td{height:44px;font-size:9px;padding:1px}table.month th{font-size:10px}
 .mrow{grid-template-columns:1fr 1fr}.mrow.head{display:none}
 .mrow span::before{content:attr(data-label) " : ";color:#66717e;font-size:11px}
 .mrow span:empty{display:none}
}
@media print{
 @page{size:A4;margin:12mm}
 body{font-size:10pt}header{background:none;color:#000;padding:0 0 6pt;border-bottom:2pt solid #000}
 nav.toc,.sort-buttons{display:none}
 main{padding:0;max-width:none}
 .unverified{background:none;color:#d62f2f;border:2pt solid #d62f2f;padding:6pt}
 h2{break-after:avoid}section{break-inside:auto}
 .kpis{grid-template-columns:repeat(4,1fr)}.kpi{padding:4pt}
 .site-cal,svg.map,tr,.mrow,.kpi{break-inside:avoid}
 .site-cals{grid-template-columns:1fr 1fr}
 .mlist{font-size:8pt}.mrow{grid-template-columns:10em 1fr 1.2fr 1fr 3em 4.5em 4em;padding:2pt 0}
 table.coverage td,table.subtotals td,table.people td{padding:3pt 4pt}
 td.barcell{width:28%}table.coverage td:first-child{min-width:16em}
 .scroll{overflow:visible}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def _sort_css() -> str:
    """CSS-only sorting of the mission list: the checked radio decides which rank sets `order`."""
    return "".join(f"#sort-{k}:checked~.mlist .mrow{{order:var(--o-{k})}}" for k in SORT_KEYS) + "".join(
        f'#sort-{k}:checked~.sort-buttons label[for="sort-{k}"]{{background:#1f4e8c;color:#fff}}'
        for k in SORT_KEYS
    )


def _banner(lang: Lang, violations: tuple[str, ...]) -> str:
    text = lang.pick(
        "NON VÉRIFIÉ : ce planning enfreint des règles impératives (rapport écrit avec --force).",
        "NOT VERIFIED: this planning breaks hard rules (report written with --force).",
    )
    items = "".join(f"<li>{escape(v)}</li>" for v in violations[:20])
    more = len(violations) - 20
    if more > 0:
        items += f"<li>… +{more}</li>"
    return f'<div class="unverified" role="alert">{escape(text)}<ul>{items}</ul></div>'


def render_report(
    scenario: Scenario,
    planning: Planning,
    lang: Lang = ENGLISH,
    verified: bool = True,
    violations: tuple[str, ...] = (),
) -> str:
    """The whole report as one HTML document (deterministic for the same inputs)."""
    settings = scenario.settings
    p = lang.pick
    mark = "" if verified else p("[NON VÉRIFIÉ] ", "[NOT VERIFIED] ")
    month = lang.month_year(settings.first_day)
    title = mark + p(
        f"Planning des missions - {settings.name}, {month}", f"Roster report - {settings.name} {month}"
    )
    s = planning.summary
    status = lang.status(s.status)
    subtitle = p(
        f"{len(scenario.zones)} zones, {len(scenario.sites)} lieux, {len(scenario.doctors)} volontaires, "
        f"{len(scenario.replacements)} remplaçant·es - solveur {s.solver or 'CP-SAT'}, statut {status}",
        f"{len(scenario.zones)} zones, {len(scenario.sites)} sites, {len(scenario.doctors)} volunteers, "
        f"{len(scenario.replacements)} locums - solver {s.solver or 'CP-SAT'}, status {status}",
    )
    toc = [
        ("kpis", p("Chiffres clés", "Key figures")),
        ("coverage", p("Couverture", "Coverage")),
        ("subtotals", p("Sous-totaux", "Subtotals")),
        ("map", p("Carte", "Map")),
        ("missions", p("Qui va où", "Who goes where")),
        ("people", p("Personnes", "People")),
        ("calendars", p("Calendriers", "Calendars")),
        ("glossary", p("Glossaire", "Glossary")),
    ]
    nav = '<nav class="toc">' + "".join(f'<a href="#{i}">{escape(t)}</a>' for i, t in toc) + "</nav>"
    footer = p(
        "Produit par roster à partir des fichiers du planning ; distances routières en km, aller simple. "
        "Contours approximatifs dérivés des centres des communes (INSEE, IGN/Etalab, Licence Ouverte 2.0).",
        "Generated by roster from the planning files; distances are one-way road km. Approximate outlines "
        "derived from commune centres (INSEE, IGN/Etalab, Licence Ouverte 2.0).",
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang.code}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="roster report">'  # recognised by `report --out` (safe_file)
        f"<title>{escape(title)}</title><style>{CSS}{_sort_css()}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>"
        + ("" if verified else _banner(lang, violations))
        + nav
        + "<main>"
        + kpi_section(s, lang)
        + coverage_section(scenario, planning, lang)
        + subtotals_section(scenario, planning, lang)
        + map_section(scenario, planning, lang)
        + missions_section(scenario, planning, lang)
        + people_section(scenario, planning, lang)
        + calendars_section(scenario, planning, lang)
        + glossary_section(lang)
        + f"</main><footer>{escape(footer)}</footer></body></html>\n"
    )
