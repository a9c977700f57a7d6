"""Where each option's 0/1 variable sits in the model: what the rules read to return their rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from roster.solvers.data.arrays import ScenarioArrays
from roster.solvers.data.options import SearchSpace


@dataclass(frozen=True)
class StayLinks:
    """Stays (max_stay_days >= 2): one entry per link variable c, and the per-doctor
    "one stay" variables (`roster.solvers.model.stays`)."""

    later: np.ndarray  # mission option continuing the stay
    earlier: np.ndarray  # mission option of the previous open date of the same site
    nights: np.ndarray  # nights between the two days (dates apart)
    var: np.ndarray  # variable index of c
    one_stay_doctor: np.ndarray  # doctors whose stay cap exceeds their cap
    one_stay_var: np.ndarray  # B: all the doctor's days form one stay

    def __len__(self) -> int:
        return len(self.var)


@dataclass(frozen=True)
class ModelLayout:
    """The variable index of every option: what the rules read to return their rows."""

    arrays: ScenarioArrays
    space: SearchSpace
    x: np.ndarray  # variable index of each mission option
    y: np.ndarray  # variable index of each locum option
    pin_options: np.ndarray  # mission option of each pin (-1: none)
    stays: StayLinks | None = None  # max_stay_days >= 2: stay links
