"""The bundled public geography: communes (with APL), EPCI, regions."""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

ATTRIBUTION = (
    "INSEE (COG, populations légales), DGCL (composition des EPCI), IGN/Etalab "
    "(API Découpage administratif, centres des communes), DREES (APL) - Licence Ouverte 2.0"
)
METROPOLITAN_REGIONS = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")


def _read(name: str) -> pd.DataFrame:
    with resources.files("roster.data").joinpath(name).open("rb") as handle:
        return pd.read_csv(handle, compression="gzip", dtype=str, keep_default_na=False)


@cache
def communes() -> pd.DataFrame:
    """Communes with numeric population, coordinates, APL (NaN where DREES has none)."""
    frame = _read("communes.csv.gz")
    frame["population"] = frame["population"].astype(np.int64)
    for column in ("latitude", "longitude"):
        frame[column] = frame[column].astype(np.float64)
    for column in ("apl_mg_2023", "pop_std_2021"):
        frame[column] = pd.to_numeric(frame[column].replace("", np.nan))
    return frame


@cache
def epcis() -> pd.DataFrame:
    """EPCI with their population-weighted APL (`apl`) over member communes."""
    frame = _read("epci.csv.gz")
    frame["population"] = frame["population"].astype(np.int64)
    c = communes()
    known = c.dropna(subset=["apl_mg_2023", "pop_std_2021"])
    weighted = (known.apl_mg_2023 * known.pop_std_2021).groupby(known.epci_siren).sum()
    weight = known.pop_std_2021.groupby(known.epci_siren).sum()
    frame["apl"] = frame.epci_siren.map(weighted / weight)
    return frame


@cache
def regions() -> pd.DataFrame:
    return _read("regions.csv.gz")


@cache
def departments() -> pd.DataFrame:
    return _read("departements.csv.gz")
