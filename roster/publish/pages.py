"""The public pages of a publication, in French: an index of departments, a page per department
listing its sites, and a page per site listing its consultation days with their hours.

Self-contained HTML (inline CSS, no script, no URL outside the folder), readable from a 390 px
phone to a desktop and printable on A4. Every text of the scenario is HTML-escaped."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby

from roster.i18n import FRENCH
from roster.models import Site
from roster.models.safe_text import printable
from roster.publish.consultations import Consultation, Publication, where
from roster.publish.hours import PARTS, hours_text

GENERATOR = '<meta name="generator" content="roster publish">'  # marks a publication (is_publication)

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d2733;
 background:#fff;line-height:1.45;overflow-wrap:anywhere}
header{background:#1f4e8c;color:#fff;padding:16px 20px}
header h1{margin:0;font-size:24px}header p{margin:4px 0 0}
header a{color:#fff}
nav.crumbs{font-size:14px;margin-bottom:6px;opacity:.9}
main{padding:8px 20px 32px;max-width:860px}
h2{font-size:19px;border-bottom:2px solid #e3e8ee;padding-bottom:4px;margin-top:24px}
ul.days,ul.links{list-style:none;padding:0;margin:0}
ul.days li{padding:10px 0;border-bottom:1px solid #e8ecf0}
.date{display:block;font-weight:600;font-size:17px}
.slot{display:block}.hours{font-variant-numeric:tabular-nums}
.doctor{color:#1f4e8c;font-weight:600}
.tentative{font-size:13px;border-radius:8px;padding:1px 6px;background:#fff1cc;color:#7a5200}
ul.links li{padding:8px 0;border-bottom:1px solid #e8ecf0}
ul.links a{font-weight:600;color:#1f4e8c}
.count,.where,.note{color:#4b5663;font-size:14px}
.none{font-style:italic}
footer{color:#66717e;font-size:13px;padding:0 20px 20px}
@media screen and (min-width:700px){
 header,main,footer{padding-left:32px;padding-right:32px}
 ul.days li{display:grid;grid-template-columns:17em 1fr;gap:4px 16px}
}
@media print{
 @page{size:A4;margin:14mm}
 body{font-size:11pt}
 header{background:none;color:#000;padding:0 0 6pt;border-bottom:2pt solid #000}
 header a{color:#000;text-decoration:none}
 nav.crumbs,.feed{display:none}
 main{padding:0;max-width:none}
 ul.days li{break-inside:avoid;display:grid;grid-template-columns:17em 1fr;padding:4pt 0}
 .doctor{color:#000}
 footer{padding:8pt 0 0}
}
"""


def _text(value: str) -> str:
    """Scenario text as HTML: control characters made spaces, `<>&"'` escaped."""
    return escape(printable(value), quote=True)


def _page(title: str, header: str, body: str, pub: Publication) -> str:
    month = FRENCH.month_year(pub.month)
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{GENERATOR}<title>{_text(title)}</title><style>{CSS}</style></head>\n"
        f"<body><header>{header}</header>\n<main>{body}</main>\n"
        f"<footer>Consultations de médecins solidaires, {month}. Les dates et horaires peuvent changer : "
        "cette page est mise à jour à chaque nouvelle publication.</footer></body></html>\n"
    )


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}">{_text(text)}</a>'


def _crumbs(*links: tuple[str, str]) -> str:
    return '<nav class="crumbs">' + " › ".join(_link(h, t) for h, t in links) + "</nav>"


def _days_text(count: int) -> str:
    return "aucune consultation" if count == 0 else f"{count} jour{'s' * (count > 1)} de consultation"


def _slot_line(site: Site, part: str, group: list[Consultation], names: bool) -> str:
    doctors = ", ".join(dict.fromkeys(c.doctor for c in group if c.doctor)) if names else ""
    tentative = any(not c.confirmed for c in group)
    return (
        f'<span class="slot"><span class="hours">{_text(hours_text(site, part))}</span>'
        + (f' — <span class="doctor">{_text(doctors)}</span>' if doctors else "")
        + (' <span class="tentative">à confirmer</span>' if tentative else "")
        + "</span>"
    )


def _day_items(site: Site, consultations: Iterable[Consultation], names: bool) -> str:
    items = []
    for day, of_day in groupby(consultations, key=lambda c: c.date):
        by_part = sorted(of_day, key=lambda c: PARTS.index(c.part))  # the day, then morning, afternoon
        groups = groupby(by_part, key=lambda c: c.part)
        lines = [_slot_line(site, part, list(group), names) for part, group in groups]
        date = FRENCH.date(day, weekday=True)
        items.append(f'<li><span class="date">{_text(date)}</span><span>{"".join(lines)}</span></li>')
    return "\n".join(items)


def site_page(pub: Publication, site: Site) -> str:
    """`sites/<stem>.html`: the site, where it is, and its consultation days with hours (and doctors)."""
    code = pub.department_of[site.site_id]
    stem = pub.site_stems[site.site_id]
    header = (
        _crumbs(
            ("../index.html", "Tous les départements"),
            (f"../departements/{pub.department_stems[code]}.html", pub.department_label(code)),
        )
        + f"<h1>{_text(site.name)}</h1>"
        + (f'<p class="where">{_text(where(site))}</p>' if where(site) else "")
    )
    consultations = pub.per_site[site.site_id]
    month = FRENCH.month_year(pub.month)
    listed = (
        f'<ul class="days">\n{_day_items(site, consultations, pub.names)}\n</ul>'
        if consultations
        else f'<p class="none">Aucune consultation prévue en {month} pour l\'instant.</p>'
    )
    body = (
        f"<h2>Consultations en {month}</h2>\n{listed}\n"
        f'<p class="feed">{_link(f"{stem}.ics", "Ajouter ces consultations à mon agenda (iCalendar)")}</p>'
    )
    return _page(f"Consultations à {site.name} — {month}", header, body, pub)


def department_page(pub: Publication, code: str) -> str:
    """`departements/<stem>.html`: the department's sites, each with a link and its number of days."""
    items = "\n".join(
        f"<li>{_link(f'../sites/{pub.site_stems[s.site_id]}.html', s.name)}"
        + (f'<br><span class="where">{_text(where(s))}</span> · ' if where(s) else "<br>")
        + f'<span class="count">{_days_text(pub.days(s.site_id))}</span></li>'
        for s in pub.sites_of(code)
    )
    label = pub.department_label(code)
    month = FRENCH.month_year(pub.month)
    header = _crumbs(("../index.html", "Tous les départements")) + f"<h1>{_text(label)}</h1>"
    body = f'<h2>Lieux de consultation en {month}</h2>\n<ul class="links">\n{items}\n</ul>'
    return _page(f"Consultations — {label} — {month}", header, body, pub)


def index_page(pub: Publication) -> str:
    """`index.html`: the departments, each with a link, its sites and its consultation days."""
    items = []
    for code in sorted(pub.department_stems):
        sites = pub.sites_of(code)
        days = sum(pub.days(s.site_id) for s in sites)
        link = _link(f"departements/{pub.department_stems[code]}.html", pub.department_label(code))
        count = f"{len(sites)} lieu{'x' * (len(sites) > 1)}, {_days_text(days)}"
        items.append(f'<li>{link}<br><span class="count">{count}</span></li>')
    month = FRENCH.month_year(pub.month)
    header = f"<h1>Consultations de médecins solidaires</h1><p>{month}</p>"
    body = f'<h2>Départements</h2>\n<ul class="links">\n{chr(10).join(items)}\n</ul>'
    return _page(f"Consultations de médecins solidaires — {month}", header, body, pub)
