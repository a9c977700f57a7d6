"""Report tables: subtotals per department and region, who goes where and when (sortable
without script), locum days, and each person's days, lodging nights and km."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import Planning, Scenario
from roster.report.outlines import department_names


@dataclass
class _Totals:
    zones: int = 0
    demand: int = 0
    assigned: int = 0
    shortfall: int = 0
    km: float = 0.0
    nights: int = 0
    volunteers: set[str] = field(default_factory=set)

    def add(self, other: _Totals) -> None:
        self.zones += other.zones
        self.demand += other.demand
        self.assigned += other.assigned
        self.shortfall += other.shortfall
        self.km += other.km
        self.nights += other.nights
        self.volunteers |= other.volunteers


def _far(scenario: Scenario, km: float) -> bool:
    return km > scenario.settings.day_trip_max_km + 1e-9


def scroll_table(css_class: str, head: tuple[str, ...], rows: list[str]) -> str:
    """A table (header cells `head`, body rows already written) that scrolls sideways on
    a narrow screen."""
    return (
        f'<div class="scroll"><table class="{css_class}"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def subtotals_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    """Zones, demand, assigned days, shortfall, km and lodging nights per department, per region."""
    names = department_names()
    zone_dept = {z.zone_id: z.department for z in scenario.zones}
    per_dept: dict[str, _Totals] = defaultdict(_Totals)
    days = Counter(a.zone_id for a in planning.assignments)
    for z in scenario.zones:
        t = per_dept[z.department]
        t.zones += 1
        t.demand += z.demand_days
        t.assigned += days[z.zone_id]
        t.shortfall += max(0, z.demand_days - days[z.zone_id])
    for a in planning.assignments:
        t = per_dept[zone_dept.get(a.zone_id, "")]
        t.km += a.km
        t.nights += _far(scenario, a.km)
        t.volunteers.add(a.doctor_id)
    per_region: dict[str, list[str]] = defaultdict(list)
    for code in per_dept:
        per_region[names.get(code, (code, "?"))[1]].append(code)
    n = lang.number

    def cells(label: str, t: _Totals, css: str) -> str:
        return (
            f'<tr class="{css}"><td>{label}</td><td class="num">{t.zones}</td>'
            f'<td class="num">{n(t.demand)}</td>'
            f'<td class="num">{n(t.assigned)}</td><td class="num{" red" if t.shortfall else ""}">'
            f'{n(t.shortfall)}</td><td class="num">{len(t.volunteers)}</td>'
            f'<td class="num">{n(t.nights)}</td><td class="num">{n(t.km, 1)}</td></tr>'
        )

    rows, total = [], _Totals()
    for region in sorted(per_region):
        sub = _Totals()
        for code in sorted(per_region[region]):
            name = names.get(code, (code, ""))[0]
            rows.append(
                cells(f"{escape(name)} <span class='sub'>({escape(code)})</span>", per_dept[code], "dept")
            )
            sub.add(per_dept[code])
        rows.append(cells(f"{lang.pick('Total', 'Total')} {escape(region)}", sub, "region"))
        total.add(sub)
    rows.append(cells(lang.pick("Total général", "Grand total"), total, "total"))
    p = lang.pick
    head = (
        p("Département", "Department"),
        p("Zones", "Zones"),
        p("Demande", "Demand"),
        p("Attribués", "Assigned"),
        p("Manque", "Shortfall"),
        p("Volontaires", "Volunteers"),
        p("Nuits", "Nights"),
        p("Km (aller)", "Km (one-way)"),
    )
    return (
        f'<section id="subtotals"><h2>{p("Sous-totaux par département et par région", "Subtotals")}</h2>'
        + scroll_table("subtotals", head, rows)
        + "</section>"
    )


SORT_KEYS = ("date", "doctor", "site", "zone", "dept", "km")


def _ranks(values: list[tuple]) -> list[int]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0] * len(values)
    for rank, i in enumerate(order, start=1):
        ranks[i] = rank
    return ranks


def missions_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    """Every mission day (who, where, when, km, lodging), sortable by column with CSS only:
    each row carries its rank for every key, a radio button picks which one sets `order`."""
    doctors = {d.doctor_id: d.name for d in scenario.doctors}
    sites = {s.site_id: s.name for s in scenario.sites}
    zones = {z.zone_id: z for z in scenario.zones}
    rows = sorted(planning.assignments, key=lambda a: (a.date, a.doctor_id))
    keys = {
        "date": [(a.date, doctors.get(a.doctor_id, a.doctor_id)) for a in rows],
        "doctor": [(doctors.get(a.doctor_id, a.doctor_id), a.date) for a in rows],
        "site": [(sites.get(a.site_id, a.site_id), a.date) for a in rows],
        "zone": [(zones[a.zone_id].name if a.zone_id in zones else a.zone_id, a.date) for a in rows],
        "dept": [(zones[a.zone_id].department if a.zone_id in zones else "", a.date) for a in rows],
        "km": [(-a.km, a.date) for a in rows],
    }
    ranks = {k: _ranks(v) for k, v in keys.items()}
    p = lang.pick
    labels = {
        "date": p("Date", "Date"),
        "doctor": p("Médecin", "Doctor"),
        "site": p("Lieu", "Site"),
        "zone": p("Zone", "Zone"),
        "dept": p("Dép.", "Dept"),
        "km": p("Km (aller)", "Km (one-way)"),
    }
    night = p("Nuit la veille", "Night before")
    radios = "".join(
        f'<input type="radio" name="sort-missions" id="sort-{k}" class="sort-radio"'
        f"{' checked' if k == 'date' else ''}>"
        for k in SORT_KEYS
    )
    buttons = (
        f'<div class="sort-buttons"><span>{p("Trier par :", "Sort by:")}</span>'
        + "".join(f'<label for="sort-{k}">{escape(labels[k])}</label>' for k in SORT_KEYS)
        + "</div>"
    )
    head = (
        '<div class="mrow head" role="row">'
        + "".join(f'<span role="columnheader">{escape(labels[k])}</span>' for k in SORT_KEYS)
        + f'<span role="columnheader">{escape(night)}</span></div>'
    )
    body = []
    for i, a in enumerate(rows):
        zone = zones.get(a.zone_id)
        style = ";".join(f"--o-{k}:{ranks[k][i]}" for k in SORT_KEYS)
        values = (
            lang.date(a.date, weekday=True),
            doctors.get(a.doctor_id, a.doctor_id),
            sites.get(a.site_id, a.site_id),
            zone.name if zone else a.zone_id,
            zone.department if zone else "",
            lang.number(a.km, 1),
        )
        cells = "".join(
            f'<span role="cell" data-label="{escape(labels[k])}"{" class=num" if k == "km" else ""}>'
            f"{escape(v)}</span>"
            for k, v in zip(SORT_KEYS, values, strict=True)
        )
        lodging = p("oui", "yes") if _far(scenario, a.km) else ""
        body.append(
            f'<div class="mrow" role="row" style="{style}" data-doctor="{escape(a.doctor_id)}" '
            f'data-site="{escape(a.site_id)}" data-date="{a.date.isoformat()}">{cells}'
            f'<span role="cell" data-label="{escape(night)}">{lodging}</span></div>'
        )
    empty = "" if rows else f'<p class="note">{p("Aucune mission ce mois-ci.", "No mission this month.")}</p>'
    title = p("Qui va où, et quand", "Who goes where, and when")
    return (
        f'<section id="missions"><h2>{title} '
        f'<span class="sub">({len(rows)} {p("jours de mission", "mission days")})</span></h2>'
        + empty
        + f'<div class="sortable">{radios}{buttons}'
        + f'<div class="mlist" role="table">{head}{"".join(body)}</div></div>'
        + "</section>"
    )


def people_section(scenario: Scenario, planning: Planning, lang: Lang = ENGLISH) -> str:
    """Each volunteer's mission days, lodging nights and km; each locum's days and practices."""
    p, n = lang.pick, lang.number
    per_doctor: dict[str, list] = defaultdict(list)
    for a in planning.assignments:
        per_doctor[a.doctor_id].append(a)
    sites = {s.site_id: s.name for s in scenario.sites}
    vol_rows = []
    for d in sorted(scenario.doctors, key=lambda d: (-len(per_doctor[d.doctor_id]), d.name)):
        missions = per_doctor[d.doctor_id]
        places = sorted({sites.get(a.site_id, a.site_id) for a in missions})
        nights = sum(_far(scenario, a.km) for a in missions)
        css = "" if missions else ' class="idle"'
        vol_rows.append(
            f"<tr{css}><td>{escape(d.name)} <span class='sub'>{escape(d.doctor_id)}</span></td>"
            f'<td class="num">{len(missions)}</td><td class="num">{nights}</td>'
            f'<td class="num">{n(sum(a.km for a in missions), 1)}</td>'
            f"<td>{escape(', '.join(places)) or p('sans mission', 'no mission')}</td></tr>"
        )
    practices = {pr.practice_id: pr.name for pr in scenario.practices}
    per_locum: dict[str, list] = defaultdict(list)
    for r in planning.locum_days:
        per_locum[r.replacement_id].append(r)
    locum_rows = []
    for r in sorted(scenario.replacements, key=lambda r: (-len(per_locum[r.replacement_id]), r.name)):
        rows = sorted(per_locum[r.replacement_id], key=lambda x: x.date)
        where = "; ".join(
            f"{lang.short_date(x.date)} {practices.get(x.practice_id, x.practice_id)}" for x in rows
        )
        locum_rows.append(
            f"<tr><td>{escape(r.name)} <span class='sub'>{escape(r.replacement_id)}</span></td>"
            f'<td class="num">{len(rows)}</td><td>{escape(where) or p("aucun", "none")}</td></tr>'
        )
    vol_head = (
        p("Volontaire", "Volunteer"),
        p("Jours de mission", "Mission days"),
        p("Nuits d'hébergement", "Lodging nights"),
        p("Km (aller)", "Km (one-way)"),
        p("Lieux", "Sites"),
    )
    locum_head = (
        p("Remplaçant·e", "Locum"),
        p("Jours de remplacement", "Locum days"),
        p("Où et quand", "Where and when"),
    )
    return (
        f'<section id="people"><h2>{p("Volontaires et remplaçant·es", "Volunteers and locums")}</h2>'
        + scroll_table("people", vol_head, vol_rows)
        + f"<h3>{p('Jours de remplacement', 'Locum days')}</h3>"
        + scroll_table("people locums", locum_head, locum_rows)
        + "</section>"
    )


def glossary_section(lang: Lang = ENGLISH) -> str:
    """The terms a planner meets in this report."""
    p = lang.pick
    terms = [
        (p("Score de couverture", "Coverage score"),
         p("Somme, sur les zones, de la priorité × (1 + 1/2 + … + 1/n), n étant le nombre de jours-médecin "
           "attribués (au plus la demande) : le premier jour d'une zone compte le plus, chaque jour de plus "
           "un peu moins. Plus il est haut, mieux c'est.",
           "Sum over zones of priority × (1 + 1/2 + … + 1/n), n being the doctor-days assigned (at most the "
           "demand): a zone's first day counts most, each further day a little less. Higher is better.")),
        (p("Borne prouvée", "Best bound"),
         p("Valeur que le score de couverture ne peut pas dépasser, prouvée par le solveur. Score = borne : "
           "aucun planning ne couvre mieux.",
           "A value the coverage score cannot exceed, proven by the solver. Score = bound: no planning "
           "covers better.")),
        (p("Écart", "Gap"),
         p("(borne − score) / borne : ce qu'un meilleur planning pourrait au plus gagner. 0 % : optimal.",
           "(bound − score) / bound: the most a better planning could gain. 0%: optimal.")),
        (p("Manque (jours manquants)", "Shortfall"),
         p("Jours-médecin demandés par une zone et non attribués (demande − attribués).",
           "Doctor-days a zone asked for and did not get (demand − assigned).")),
        (p("Jour de remplacement", "Locum day"),
         p("Un·e remplaçant·e tient le cabinet d'un volontaire parti en mission (continuité des soins).",
           "A locum keeps a volunteer's home practice open while they are on a mission.")),
        (p("Nuit d'hébergement", "Lodging night"),
         p("Une mission au-delà de l'aller-retour dans la journée : le médecin dort sur place la veille.",
           "A mission beyond the day trip: the doctor sleeps on site the night before.")),
        (p("Statut MODIFIÉ", "Status EDITED"),
         p("Planning modifié à la main puis recalculé par `roster refresh` : règles vérifiées, optimalité "
           "non prouvée.",
           "Planning edited by hand and recomputed by `roster refresh`: rules verified, "
           "optimality not proven.")),
    ]  # fmt: skip
    items = "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in terms)
    heading = p("Glossaire", "Glossary")
    return f'<section id="glossary"><h2>{heading}</h2><dl class="glossary">{items}</dl></section>'
