"""Stays (scenario.toml `max_stay_days` >= 2): consecutive open days at one lodging site
that count as one trip.

A *link* joins a mission option (doctor d, site s, date t) to the option (d, s, p)
where p is the previous date on which s is open: c = 1 means day t continues the
stay begun before it, so day t travels 0 km and the nights from p to t are paid.
A stay is a chain of links; its first day carries the one-way km. Rules:

    stay_days_are_consecutive_at_one_site  c <= x(d,s,p), c <= x(d,s,t), and no other
                                           mission of d on a date between p and t
    stay_length_limit                      at most max_stay_days days (links per window)
    monthly_cap_stay_exception             a doctor may work up to the stay cap
                                           max(min(max_days, max_days_per_doctor),
                                           max_stay_days) (own max_days still applies)
                                           only when all their days form one stay

The verifier (`roster.verify.policy_checks`) re-derives stays from the rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from roster.solvers.data.domains import stay_cap, stay_pairs
from roster.solvers.model.layout import ModelLayout, StayLinks
from roster.solvers.model.rows import Rows


def previous_open_date(site_open: np.ndarray) -> np.ndarray:
    """[site, date] -> the previous date the site is open, or -1."""
    n_s, n_t = site_open.shape
    marks = np.where(site_open, np.arange(n_t)[None, :], -1)
    before = np.maximum.accumulate(marks, axis=1)
    out = np.full((n_s, n_t), -1, dtype=np.int64)
    out[:, 1:] = before[:, :-1]
    return out


def build_links(m: ModelLayout, new_bools: Callable[[int], np.ndarray]) -> StayLinks:
    """Every possible link of the search space, with its variable."""
    a, o = m.arrays, m.space.missions
    assert a.policy is not None
    n_s, n_t = len(a.site_ids), a.n_dates
    eligible = stay_pairs(a)[o.doctor, o.site] if len(o) else np.zeros(0, bool)
    keys = (o.doctor * n_s + o.site) * n_t + o.date
    order = np.argsort(keys, kind="stable")
    previous = previous_open_date(a.site_open)[o.site, o.date] if len(o) else np.zeros(0, np.int64)
    candidates = np.flatnonzero(eligible & (previous >= 0))
    wanted = (o.doctor[candidates] * n_s + o.site[candidates]) * n_t + previous[candidates]
    position = np.searchsorted(keys[order], wanted)
    position = np.minimum(position, max(len(order) - 1, 0))
    found = keys[order][position] == wanted if len(order) else np.zeros(0, bool)
    later = candidates[found]
    earlier = order[position[found]]
    nights = o.date[later] - o.date[earlier]
    var = new_bools(len(later))
    doctors = np.flatnonzero(stay_cap(a) > a.doctor_cap)
    return StayLinks(
        later.astype(np.int64),
        earlier.astype(np.int64),
        nights.astype(np.int64),
        var,
        doctors.astype(np.int64),
        new_bools(len(doctors)),
    )


def stay_days_are_consecutive_at_one_site(m: ModelLayout) -> Rows:
    """A link needs both days, and the doctor has no other mission between them."""
    links, o, n_t = m.stays, m.space.missions, m.arrays.n_dates
    assert links is not None
    both_days = Rows.implications(
        np.repeat(links.var, 2), np.column_stack((m.x[links.later], m.x[links.earlier])).ravel()
    )
    gaps = np.flatnonzero(links.nights >= 2)
    if not len(gaps):
        return both_days
    nothing_between: list[np.ndarray] = []
    order = np.argsort(o.doctor * n_t + o.date, kind="stable")
    sorted_keys = (o.doctor * n_t + o.date)[order]
    for k in gaps.tolist():
        first = int(o.date[links.earlier[k]])
        doctor = int(o.doctor[links.later[k]])
        between: list[int] = []
        for t in range(first + 1, first + int(links.nights[k])):
            lo, hi = np.searchsorted(sorted_keys, [doctor * n_t + t, doctor * n_t + t + 1])
            between.extend(m.x[order[lo:hi]].tolist())
        if between:
            nothing_between.append(np.array([int(links.var[k]), *between], dtype=np.int64))
    ones = [np.ones(len(v), np.int64) for v in nothing_between]
    n = len(nothing_between)
    return Rows.concat([both_days, Rows.of(nothing_between, ones, [0] * n, [1] * n)])


def link_chains(links: StayLinks) -> list[np.ndarray]:
    """Links in chains: each link's day is the next link's previous day (link indices)."""
    successor = {int(e): k for k, e in enumerate(links.earlier.tolist())}
    predecessor_exists = set(successor)  # options that are someone's earlier day
    later_options = {int(v) for v in links.later.tolist()}
    chains = []
    for k in range(len(links)):
        if int(links.earlier[k]) in later_options:
            continue  # not the first link of its chain
        chain = [k]
        while int(links.later[chain[-1]]) in predecessor_exists:
            chain.append(successor[int(links.later[chain[-1]])])
        chains.append(np.array(chain, dtype=np.int64))
    return chains


def stay_length_limit(m: ModelLayout) -> Rows:
    """A stay has at most max_stay_days days: any max_stay_days consecutive links of a
    chain hold at most max_stay_days - 1 ones."""
    links = m.stays
    assert links is not None and m.arrays.policy is not None
    length = m.arrays.policy.max_stay_days
    windows = [
        links.var[chain[start : start + length]]
        for chain in link_chains(links)
        for start in range(0, len(chain) - length + 1)
    ]
    n = len(windows)
    return Rows.of(windows, [np.ones(length, np.int64)] * n, [0] * n, [length - 1] * n)


def monthly_cap_stay_exception(m: ModelLayout) -> Rows:
    """days <= cap + (stay cap - cap) * B, and B = 1 only when every day of the doctor
    is at a stay site and days - links <= 1 (one chain: one stay)."""
    links, o, a = m.stays, m.space.missions, m.arrays
    assert links is not None and a.policy is not None
    eligible = stay_pairs(a)[o.doctor, o.site] if len(o) else np.zeros(0, bool)
    link_doctor = o.doctor[links.later]
    members_of: list[np.ndarray] = []
    coeffs_of: list[np.ndarray] = []
    low: list[int] = []
    high: list[int] = []

    def row(variables: np.ndarray, coeffs: np.ndarray, lo: int, hi: int) -> None:
        members_of.append(variables)
        coeffs_of.append(coeffs)
        low.append(int(lo))
        high.append(int(hi))

    caps = stay_cap(a)
    for d, b in zip(links.one_stay_doctor.tolist(), links.one_stay_var.tolist(), strict=True):
        members = np.flatnonzero(o.doctor == d)
        cap, longer = int(a.doctor_cap[d]), int(caps[d])
        xs = m.x[members]
        ones = np.ones(len(xs), np.int64)
        row(np.append(xs, b), np.append(ones, cap - longer), -longer, cap)
        mine = links.var[link_doctor == d]
        row(
            np.concatenate((xs, mine, [b])),
            np.concatenate((ones, -np.ones(len(mine), np.int64), [longer])),
            -len(mine) - 1,
            1 + longer,
        )
        other = m.x[members[~eligible[members]]]
        if len(other):
            row(np.append(other, b), np.append(np.ones(len(other), np.int64), longer), 0, longer)
    return Rows.of(members_of, coeffs_of, low, high)


def complete_stays(m: ModelLayout, values: np.ndarray) -> np.ndarray:
    """Set the link and one-stay variables of `values` from its missions: every possible
    link, stays cut every max_stay_days days; B where all the doctor's days form one stay."""
    links, o, a = m.stays, m.space.missions, m.arrays
    if links is None or a.policy is None:
        return values
    out = values.copy()
    chosen = out[m.x] == 1
    busy = np.zeros((len(a.doctor_ids), a.n_dates), dtype=np.int64)
    np.add.at(busy, (o.doctor[chosen], o.date[chosen]), 1)
    out[links.var] = 0
    length = a.policy.max_stay_days
    for chain in link_chains(links):
        run = 0
        for k in chain.tolist():
            later, earlier = int(links.later[k]), int(links.earlier[k])
            d = int(o.doctor[later])
            gap_free = not busy[d, int(o.date[earlier]) + 1 : int(o.date[later])].any()
            if chosen[later] and chosen[earlier] and gap_free and run < length - 1:
                out[links.var[k]] = 1
                run += 1
            else:
                run = 0
    eligible = stay_pairs(a)[o.doctor, o.site] if len(o) else np.zeros(0, bool)
    days = np.bincount(o.doctor[chosen], minlength=len(a.doctor_ids))
    linked = np.bincount(o.doctor[links.later[out[links.var] == 1]], minlength=len(a.doctor_ids))
    foreign = np.bincount(o.doctor[chosen & ~eligible], minlength=len(a.doctor_ids))
    d = links.one_stay_doctor
    out[links.one_stay_var] = ((days[d] - linked[d] <= 1) & (foreign[d] == 0) & (days[d] > 0)).astype(
        np.int64
    )
    return out


def continuation_mask(m: ModelLayout, values: np.ndarray) -> np.ndarray:
    """Per mission option: True when it continues a stay (its row travels 0 km)."""
    mask = np.zeros(len(m.space.missions), dtype=bool)
    if m.stays is not None and len(m.stays):
        mask[m.stays.later[values[m.stays.var] == 1]] = True
    return mask


def stay_nights_and_count(m: ModelLayout, values: np.ndarray) -> tuple[int, int]:
    """(nights between the days of stays, stays of 2 or more days) of a solution."""
    if m.stays is None or not len(m.stays):
        return 0, 0
    on = values[m.stays.var] == 1
    continued = set(m.stays.later[on].tolist())
    starts = sum(1 for e in m.stays.earlier[on].tolist() if e not in continued)
    return int(m.stays.nights[on].sum()), starts
