"""The options of the search space as flat arrays: one entry per mission variable x, per
locum-day variable y, and per practice-date where home-practice continuity can bind."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MissionOptions:
    """One entry per mission variable x."""

    doctor: np.ndarray
    site: np.ndarray
    date: np.ndarray
    zone: np.ndarray
    km: np.ndarray

    def __len__(self) -> int:
        return len(self.doctor)

    def subset(self, keep: np.ndarray) -> MissionOptions:
        return MissionOptions(
            self.doctor[keep], self.site[keep], self.date[keep], self.zone[keep], self.km[keep]
        )


@dataclass(frozen=True)
class LocumOptions:
    """One entry per locum-day variable y."""

    locum: np.ndarray
    practice: np.ndarray
    date: np.ndarray
    km: np.ndarray

    def __len__(self) -> int:
        return len(self.locum)


@dataclass(frozen=True)
class ContinuityRows:
    """Practice-dates where rule 4 can bind: missions - locums <= slack."""

    practice: np.ndarray
    date: np.ndarray
    slack: np.ndarray  # other_doctors + volunteers - required

    def __len__(self) -> int:
        return len(self.practice)


@dataclass(frozen=True)
class SearchSpace:
    """The options, the continuity rows, and rule 4's row index, built once: the row of
    each mission option's practice-date (-1: none, the volunteer may always leave) and
    of each locum option's (a locum option exists only where a row does)."""

    missions: MissionOptions
    locums: LocumOptions
    continuity: ContinuityRows
    mission_row: np.ndarray
    locum_row: np.ndarray
