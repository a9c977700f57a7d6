"""Rebuild roster/data/*.csv.gz from the public reference data (run on demand).

Usage: python scripts/build_geodata.py ../shared/data/geo

Keeps only what the generator uses: communes (INSEE code, name, department, region,
EPCI, population, centre coordinates, DREES APL 2023 and its weight), EPCI (name,
type, region, department) and region/department names. Paris, Lyon and Marseille
get the pop_std-weighted APL of their arrondissements.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

PLM = {"75056": "751", "69123": "6938", "13055": "132"}
ARS_OCC_SEPT = "ARS Occitanie communiqué, 9 Sept. 2025"
ARS_OCC_OCT = "ARS Occitanie communiqué 'Ouverture des premiers rendez-vous', Oct. 2025"
# EPCI -> (INSEE codes of the consultation sites the sources name, what they report there)
SITES = {
    "200035632": ("32344", f"Riscle: 1 volunteer from 13 Oct. 2025 ({ARS_OCC_OCT})"),
    "200070795": ("65129", f"Castelnau-Magnoac: 3 volunteers from 13 Oct. 2025 ({ARS_OCC_OCT})"),
    "200040418": ("82117", f"Montaigu-de-Quercy: 1 volunteer from 27 Oct. 2025 ({ARS_OCC_OCT})"),
    "200066553": (
        "34293",
        "La Salvetat-sur-Agout: 2 doctors, about 20 consultation days 15 July-end Aug. 2025 "
        f"({ARS_OCC_SEPT})",
    ),
    "200042463": ("11222", f"Mas-Cabardès: 2 doctors of the MSP of Conques-sur-Orbiel ({ARS_OCC_SEPT})"),
    "243000270": ("30350", "Le Vigan: 5 volunteers (lejournaltoulousain.fr)"),
    "243200508": (
        "32233;32319",
        "Marciac and Plaisance: 2 volunteers, one from more than 120 km, 2 days a month",
    ),
    "200066637": ("15138", "CH de Murat"),
    "200073393": ("43234", "centre de santé de Saugues"),
    "200071082": ("03185", "centre de santé Bien Assis, Montluçon"),
    "240700617": ("07132", "EHPAD de Largentière"),
    "200070712": ("63430", "centre de santé départemental de Thiers"),
    "200070761": ("63003", "MSP d'Ambert"),
    "200072080": ("63338", "MSP de Saint-Éloy-les-Mines"),
    "244200820": ("42248", "maison de santé de Saint-Just-en-Chevalet"),
    "200069656": ("40227", "MSP de Pissos"),
    "200015162": ("2B143", "Linguizzetta: first consultations"),
}
# flagged matches that a further source settles (the flag stays in match_note)
CONFIRMED = {
    "200042463": f"{ARS_OCC_SEPT}: Mas-Cabardès, 'communauté de communes de la Montagne Noire, "
    "située en zone prioritaire'",
    "200066553": f"{ARS_OCC_OCT}: first consultations in 'le Tarn (Communauté de communes Haut Languedoc)'",
}
FLAGS = ("UNCERTAIN", "probable", "CONFLICT")


def priority_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The named priority EPCI with a designation, confirmations and the consultation sites named."""
    frame = frame.copy()
    frame["confirmed_by"] = frame.epci_siren.map(CONFIRMED).fillna("")
    flagged = frame.match_note.str.contains("|".join(FLAGS)) & (frame.confirmed_by == "")
    frame["designation"] = flagged.map({True: "uncertain", False: "official"})
    frame["site_insee"] = frame.epci_siren.map({k: v[0] for k, v in SITES.items()}).fillna("")
    frame["site_note"] = frame.epci_siren.map({k: v[1] for k, v in SITES.items()}).fillna("")
    return frame


def main(source: Path, target: Path) -> None:
    communes = pd.read_csv(source / "communes.csv", dtype=str, keep_default_na=False)
    apl = pd.read_csv(source / "apl_mg.csv", dtype={"insee_code": str})
    apl = apl[["insee_code", "apl_mg_2023", "pop_std_2021"]].dropna()
    rows = []
    for code, prefix in PLM.items():
        part = apl[apl.insee_code.str.startswith(prefix) & (apl.insee_code.str.len() == 5)]
        part = part[part.insee_code != code]
        weight = part.pop_std_2021.sum()
        rows.append(
            {
                "insee_code": code,
                "apl_mg_2023": (part.apl_mg_2023 * part.pop_std_2021).sum() / weight,
                "pop_std_2021": weight,
            }
        )
    apl = pd.concat([apl, pd.DataFrame(rows)], ignore_index=True).drop_duplicates("insee_code", keep="last")
    out = communes[
        ["insee_code", "name", "department", "region", "epci_siren", "population", "latitude", "longitude"]
    ].merge(apl, on="insee_code", how="left")
    out["apl_mg_2023"] = out.apl_mg_2023.map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
    out["pop_std_2021"] = out.pop_std_2021.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
    target.mkdir(parents=True, exist_ok=True)
    out.to_csv(target / "communes.csv.gz", index=False, compression={"method": "gzip", "mtime": 0})
    epci = pd.read_csv(source / "epci.csv", dtype=str, keep_default_na=False)
    epci = epci[["epci_siren", "name", "type", "main_department", "region", "population", "n_communes"]]
    epci.to_csv(target / "epci.csv.gz", index=False, compression={"method": "gzip", "mtime": 0})
    for name in ("regions.csv", "departements.csv"):
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False)
        frame.to_csv(target / (name + ".gz"), index=False, compression={"method": "gzip", "mtime": 0})
    priority = priority_list(pd.read_csv(source / "priority_epci.csv", dtype=str, keep_default_na=False))
    priority.to_csv(target / "priority_epci.csv.gz", index=False, compression={"method": "gzip", "mtime": 0})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "roster" / "data")
