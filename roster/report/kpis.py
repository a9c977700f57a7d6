"""The solve's key figures, from the planning's summary, in the report's language."""

from __future__ import annotations

from html import escape

from roster.i18n import ENGLISH, Lang
from roster.models import SolveSummary
from roster.report.kpi_rows import kpi_rows


def _cost_rows(s: SolveSummary, lang: Lang) -> list[tuple[str, str]]:
    p = lang.pick
    rows = [
        (p("Remplacements (€)", "Locum EUR"), lang.eur(s.locum_eur)),
        (p("Nuits d'hébergement", "Lodging nights"), lang.number(s.lodging_nights)),
        (p("Hébergement (€)", "Lodging EUR"), lang.eur(s.lodging_eur)),
        (p("Coût total (€)", "Total EUR"), lang.eur(s.total_eur)),
    ]
    if s.budget_eur is not None:
        rows.append((p("Budget (€)", "Budget EUR"), lang.eur(s.budget_eur)))
    return rows


def kpi_items(s: SolveSummary, lang: Lang = ENGLISH) -> list[tuple[str, str]]:
    """(label, value) pairs in display order: the terminal's KPI table, then the costs."""
    if not lang.fr:
        rows = kpi_rows(s)
        labels = {label for label, _ in rows}
        return rows + [(label, value) for label, value in _cost_rows(s, lang) if label not in labels]
    n = lang.number
    status = lang.status(s.status) + (" (interrompu)" if s.interrupted else "")
    return [
        ("Statut", status),
        ("Score de couverture", n(s.coverage_score, 4)),
        ("Borne prouvée", "-" if s.best_bound is None else n(s.best_bound, 4)),
        ("Écart", "-" if s.gap is None else lang.percent(s.gap, 2)),
        ("Zones atteintes", f"{s.zones_reached} / {s.zones_total}"),
        ("Jours-médecin", f"{n(s.doctor_days)} sur {n(s.demand_days)} demandés"),
        ("Jours manquants", n(s.shortfall_days)),
        ("Jours de remplacement", n(s.locum_days)),
        ("Km (aller)", n(s.total_km, 1)),
        ("Indemnités (€)", lang.eur(s.indemnity_eur)),
        ("Frais de déplacement (€)", lang.eur(s.travel_eur)),
        *_cost_rows(s, lang),
        ("Temps de calcul", f"{n(s.wall_time_s, 2)} s"),
    ]


def kpi_section(s: SolveSummary, lang: Lang = ENGLISH) -> str:
    """KPI cards; the status card is coloured by how good the status is."""
    cards = []
    status_label = lang.pick("Statut", "Status")
    for label, value in kpi_items(s, lang):
        extra = f" status-{s.status.lower()}" if label == status_label else ""
        cards.append(
            f'<div class="kpi{extra}"><div class="label">{escape(label)}</div>'
            f'<div class="value">{escape(value)}</div></div>'
        )
    title = lang.pick("Chiffres clés", "Key figures")
    return f'<section id="kpis"><h2>{title}</h2><div class="kpis">' + "".join(cards) + "</div></section>"
