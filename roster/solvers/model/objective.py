"""The contract's objective: priority-weighted harmonic coverage, then km.

CP-SAT needs integer coefficients. Day k in zone z is worth priority_z / k; with
L = lcm of the denominators of every such fraction, L * priority_z / k is an exact
integer, so integer objective values rank plannings exactly as their coverage
scores do. When L is too large for exact 53-bit arithmetic (very large demands
with unusual priorities), the weights are rounded at a resolution reported in
the summary (`coverage_exact_scaling = false`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from roster.solvers.model.budget import cost_terms
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.rows import IMPLICATION, LINEAR, Rows, group_starts

EXACT_LIMIT = 2**53  # integer objective values stay exact in a double
KM_SCALE = 1000  # km -> metres in the travel objective


@dataclass(frozen=True)
class CoverageWeights:
    """Integer weight of day k (1-based) in each zone, for k <= days_cap[z]."""

    zone: np.ndarray
    k: np.ndarray
    weight: np.ndarray
    scale: int  # weight ~= scale * priority / k (exactly when `exact`)
    exact: bool


def harmonic_score(priorities: list[Fraction], days: np.ndarray, demand: np.ndarray) -> float:
    """The exact coverage score sum_z p_z * H(min(d_z, demand_z)), as the nearest float."""
    total = Fraction(0)
    for p, d, dem in zip(priorities, days.tolist(), demand.tolist(), strict=True):
        for k in range(1, min(d, dem) + 1):
            total += p / k
    return float(total)


def coverage_weights(priorities: list[Fraction], days_cap: np.ndarray) -> CoverageWeights:
    """Integer weights of each (zone, k) unit of coverage, exact when they fit."""
    zone = np.repeat(np.arange(len(priorities)), days_cap)
    k = np.concatenate([np.arange(1, c + 1) for c in days_cap.tolist()] or [np.zeros(0)])
    k = k.astype(np.int64)
    fractions = [priorities[z] / kk for z, kk in zip(zone.tolist(), k.tolist(), strict=True)]
    best = sum(fractions, Fraction(0))
    scale = 1
    for f in fractions:
        scale = math.lcm(scale, f.denominator)
        if scale * best > EXACT_LIMIT:
            break
    if fractions and scale * best <= EXACT_LIMIT:
        weight = np.array([int(f * scale) for f in fractions], dtype=np.int64)
        return CoverageWeights(zone, k, weight, scale, True)
    scale = max(1, int(2**50 / max(float(best), 1e-12)))
    weight = np.array([max(1, round(float(f) * scale)) for f in fractions], dtype=np.int64)
    return CoverageWeights(zone, k, weight, scale, not fractions)


def coverage_rows(m: ModelLayout, u: np.ndarray, days_cap: np.ndarray) -> Rows:
    """Link the coverage units `u` (zone z gets its k-th day, `coverage_weights` order) to
    the missions: days in z == units of z taken, taken in order k = 1, 2, ..."""
    o = m.space.missions
    first_unit = np.concatenate(([0], np.cumsum(days_cap)))
    pinned_zones = set(o.zone[m.pin_options[m.pin_options >= 0]].tolist())
    order, starts, ends = group_starts(o.zone)
    members_of: list[np.ndarray] = []
    coeffs_of: list[np.ndarray] = []
    low: list[int] = []
    high: list[int] = []
    kind: list[int] = []
    implication = np.array([1, -1], np.int64)
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        members = order[s:e]
        zone = int(o.zone[members[0]])
        units = u[first_unit[zone] : first_unit[zone + 1]]
        members_of.append(np.concatenate((m.x[members], units)))
        coeffs_of.append(np.concatenate((np.ones(e - s, np.int64), -np.ones(len(units), np.int64))))
        # days beyond the useful units never help, except when pins impose them
        low.append(0)
        high.append(e - s if zone in pinned_zones else 0)
        kind.append(LINEAR)
        for later, earlier in zip(units[1:].tolist(), units[:-1].tolist(), strict=True):
            members_of.append(np.array([later, earlier], np.int64))
            coeffs_of.append(implication)
            low.append(-1)
            high.append(0)
            kind.append(IMPLICATION)
    return Rows.of(members_of, coeffs_of, low, high, kind)


def travel_cost(m: ModelLayout) -> tuple[np.ndarray, np.ndarray]:
    """The second objective as (variables, integer coefficients), minimised: the mission
    variables and their one-way road distance in integer metres.

    The contract's total km is the volunteers' travel (assignments.csv); locum
    travel is reported but ranked only as a later tie-break (`roster.solvers.engines.locums`).
    With a policy, the policy's second objective: metres of the volunteers' travel (a
    stay's later days travel 0) or, with secondary = "cost", the month's total cost in cents.
    """
    metres = np.rint(m.space.missions.km * KM_SCALE).astype(np.int64)
    policy = m.arrays.policy
    if policy is None:
        return m.x, metres
    if policy.secondary == "cost":
        return cost_terms(m)
    if m.stays is None or not len(m.stays.var):
        return m.x, metres
    return (
        np.concatenate((m.x, m.stays.var)),
        np.concatenate((metres, -metres[m.stays.later])),
    )
