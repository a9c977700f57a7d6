"""Wishes as the national sign-up form gives them (`roster generate --wishes`).

Volunteers state the sites and slots they prefer on the form. A generated month gets:

* 0 to 3 wishes per volunteer (a quarter each), among the 8 sites nearest their start;
* of four kinds, equally often: a site, the zone of a site, a weekday, a site on a weekday;
* weights 1, 2 and 5 (a third each) for "I prefer", and a few (one in ten) "rather not" at -3;
* `only_wished` for one volunteer in twenty, among those with a positive wish (they then
  get no other mission).

The draws use their own random stream (seeded from the month's seed), so the rest of the
month is unchanged and the same seed gives the same bytes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from roster.scenarios.generator import GeneratedScenario
from roster.scenarios.readme_parts import with_rebuild_options

WISHES_SEED_SALT = 0x5E1F  # separates this random stream from the generator's
NEAREST_SITES = 8
WISH_COUNTS, WISH_COUNT_SHARES = (0, 1, 2, 3), (0.25, 0.25, 0.25, 0.25)
KINDS = ("site", "zone", "weekday", "site+weekday")
PREFER_WEIGHTS, RATHER_NOT, RATHER_NOT_SHARE = (1, 2, 5), -3, 0.1
ONLY_WISHED_SHARE = 0.05
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def nearest_sites(doctors: pd.DataFrame, sites: pd.DataFrame, count: int) -> np.ndarray:
    """[doctor, k]: the k-th nearest site of each doctor (by degrees, lon scaled at 46.5 N)."""
    scale = np.cos(np.radians(46.5))
    d_lat, d_lon = doctors.latitude.to_numpy(float), doctors.longitude.to_numpy(float) * scale
    s_lat, s_lon = sites.latitude.to_numpy(float), sites.longitude.to_numpy(float) * scale
    near = np.empty((len(doctors), min(count, len(sites))), dtype=np.int64)
    for start in range(0, len(doctors), 2048):  # 2,048 x sites at a time: bounded memory
        end = min(start + 2048, len(doctors))
        squared = (d_lat[start:end, None] - s_lat[None, :]) ** 2 + (
            d_lon[start:end, None] - s_lon[None, :]
        ) ** 2
        near[start:end] = np.argsort(squared, axis=1, kind="stable")[:, : near.shape[1]]
    return near


def add_wishes(scenario: GeneratedScenario, seed: int) -> GeneratedScenario:
    """Add `wishes.csv` and doctors.csv's `only_wished` to a generated month; returns it."""
    tables = scenario.tables
    doctors, sites = tables["doctors.csv"], tables["sites.csv"]
    rng = np.random.default_rng([seed, WISHES_SEED_SALT])
    n = len(doctors)
    counts = rng.choice(WISH_COUNTS, size=n, p=WISH_COUNT_SHARES) if len(sites) else np.zeros(n, np.int64)
    doctor = np.repeat(np.arange(n), counts)
    total = len(doctor)
    near = nearest_sites(doctors, sites, NEAREST_SITES) if total else np.zeros((n, 1), np.int64)
    site = near[doctor, rng.integers(0, near.shape[1], size=total)] if total else np.zeros(0, np.int64)
    kind = rng.integers(0, len(KINDS), size=total)
    weekday = rng.integers(0, 5, size=total)  # the form offers the working days
    rather_not = rng.random(total) < RATHER_NOT_SHARE
    weight = np.where(rather_not, RATHER_NOT, rng.choice(PREFER_WEIGHTS, size=total))
    site_ids, zone_ids = sites.site_id.to_numpy(), sites.zone_id.to_numpy()
    tables["wishes.csv"] = pd.DataFrame(
        {
            "doctor_id": doctors.doctor_id.to_numpy()[doctor],
            "site_id": np.where((kind == 0) | (kind == 3), site_ids[site], ""),
            "zone_id": np.where(kind == 1, zone_ids[site], ""),
            "weekday": np.where(kind >= 2, np.array(WEEKDAYS)[weekday], ""),
            "date": "",
            "weight": weight,
        }
    ).drop_duplicates(subset=["doctor_id", "site_id", "zone_id", "weekday", "date"], keep="first")
    wished = np.flatnonzero(
        doctors.doctor_id.isin(tables["wishes.csv"].doctor_id[tables["wishes.csv"].weight > 0])
    )
    only = np.zeros(n, dtype=np.int64)  # one volunteer in twenty, among those with a positive wish
    only[rng.choice(wished, size=min(len(wished), round(ONLY_WISHED_SHARE * n)), replace=False)] = 1
    tables["doctors.csv"] = doctors.assign(only_wished=only)
    scenario.readme = with_rebuild_options(scenario.readme, ["--wishes"])
    return scenario
