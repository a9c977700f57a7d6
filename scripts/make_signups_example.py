"""Write `scenarios/occitanie-pilot/signups-example.csv`: a fictional sign-up form export for the pilot.

Forty volunteers (fictional names, `example.org` e-mails, phone numbers in the range
ARCEP keeps for fiction, RPPS-shaped numbers that are not real) practising in real
communes of Occitanie. Each wishes one or two of the pilot's sites near them (by name),
some weekdays, and gives available dates (JJ/MM/AAAA) on which those sites are open.
The file shows the form's variants: commune names with a department, INSEE codes, an
ambiguous name (Castres), a `+33` phone, empty optional cells, and a volunteer who
signed up twice (the later row wins).

Run it again after the pilot's sites change: `python scripts/make_signups_example.py`.
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PILOT = ROOT / "scenarios" / "occitanie-pilot"
TARGET = PILOT / "signups-example.csv"
COLUMNS = (
    "Nom", "Prénom", "Email", "Téléphone", "Numéro RPPS", "Commune d'exercice", "Lieux souhaités",
    "Créneaux souhaités", "Disponibilités", "Jours maximum", "Distance maximale (km)",
)  # fmt: skip
FIRST = ("Camille", "Julien", "Sophie", "Nicolas", "Isabelle", "Thomas", "Nathalie", "Pierre", "Élodie",
         "Antoine", "Hélène", "Mathieu", "Claire", "Sébastien", "Aurélie", "François", "Céline", "Olivier",
         "Manon", "Guillaume")  # fmt: skip
LAST = ("Arnaud", "Bousquet", "Carrère", "Delmas", "Escudié", "Fabre", "Garrigues", "Issaly", "Jammes",
        "Lacombe", "Marty", "Nougaret", "Ourliac", "Pujol", "Rouquette", "Soulié", "Tournier", "Vidal",
        "Authié", "Bonnafous")  # fmt: skip
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HOMES = ("Toulouse", "Montpellier", "Nîmes", "Perpignan", "Albi", "Auch", "Tarbes", "Rodez", "Cahors",
         "Montauban", "Carcassonne", "Mende", "Foix", "Millau", "Figeac", "Castelsarrasin", "Narbonne",
         "Béziers", "Alès", "Pamiers", "Lannemezan", "Saint-Gaudens", "Gaillac", "Villefranche-de-Rouergue",
         "Lodève", "Limoux", "Prades", "Condom", "Muret", "Castres")  # fmt: skip


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = (math.radians(v) for v in (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def example_csv(pilot: Path = PILOT, seed: int = 12) -> str:
    """The example export for the scenario at `pilot` (deterministic)."""
    sys.path.insert(0, str(ROOT))
    from roster.scenarios import load_scenario
    from roster.scenarios.geodata import communes

    scenario = load_scenario(pilot)
    rng = random.Random(seed)
    table = communes()
    occitanie = table[table.region == "76"].set_index("name")
    dates = scenario.settings.dates()
    holidays = scenario.holidays_in_month()
    rows = []
    for i in range(40):
        home = HOMES[i % len(HOMES)]
        commune = occitanie.loc[home]
        commune = commune.iloc[0] if commune.ndim > 1 else commune
        point = (float(commune.latitude), float(commune.longitude))
        near = sorted(scenario.sites, key=lambda s: (_km(point, (s.latitude, s.longitude)), s.site_id))
        reach = rng.choice((60, 80, 100, 120))
        wished = [s for s in near[:3] if _km(point, (s.latitude, s.longitude)) * 1.3 <= reach][:2] or near[:1]
        open_days = sorted({d for s in wished for d in s.open_weekdays})
        slots = sorted(rng.sample(open_days, k=min(len(open_days), rng.choice((1, 2)))))
        candidates = [d for d in dates if d.weekday() in open_days and d not in holidays]
        available = sorted(rng.sample(candidates, k=min(len(candidates), rng.randint(3, 7))))
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7 + i // 20) % len(LAST)]
        if i % 9 == 4:
            place = str(commune.insee_code)
        elif i % 7 == 3:
            place = f"{home} ({commune.department})"
        else:
            place = home
        phone = f"06 39 98 {10 + i:02d} {(37 * i) % 100:02d}"
        rows.append({
            "Nom": last.upper() if i % 5 == 0 else last,
            "Prénom": first,
            "Email": f"{first.lower()}.{last.lower()}@example.org".replace("é", "e").replace("è", "e"),
            "Téléphone": "+33 6 39 98 " + phone[9:] if i % 8 == 5 else phone,
            "Numéro RPPS": f"1009{9000000 + 137 * i:07d}",
            "Commune d'exercice": place,
            "Lieux souhaités": ", ".join(s.name for s in wished),
            "Créneaux souhaités": ", ".join(JOURS[d].capitalize() if i % 2 else JOURS[d] for d in slots),
            "Disponibilités": ", ".join(d.strftime("%d/%m/%Y") for d in available),
            "Jours maximum": "" if i % 6 == 2 else str(rng.choice((1, 2, 2, 3))),
            "Distance maximale (km)": "" if i % 10 == 7 else str(reach),
        })  # fmt: skip
    again = dict(rows[6])  # signed up twice: the later row (fewer dates) wins
    again["Disponibilités"] = ", ".join(again["Disponibilités"].split(", ")[:2])
    rows.append(again)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


if __name__ == "__main__":
    TARGET.write_text(example_csv(), encoding="utf-8")
    print(f"written {TARGET}")
