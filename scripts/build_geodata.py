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
    for name in ("regions.csv", "departements.csv", "priority_epci_partial.csv"):
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False)
        frame.to_csv(target / (name + ".gz"), index=False, compression={"method": "gzip", "mtime": 0})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "roster" / "data")
