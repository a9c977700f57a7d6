"""The policy's hard rules (scenario.toml: budget, stays), one named function each.

Without a policy (`ScenarioArrays.policy` None) there are none, and the model is the
contract's. With one, the layout gains the stay links' variables
(`roster.solvers.model.stays`) and the rows of each rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from roster.solvers.model import budget, stays
from roster.solvers.model.layout import ModelLayout
from roster.solvers.model.rows import Rows


def policy_rules(
    m: ModelLayout, new_bools: Callable[[int], np.ndarray]
) -> tuple[ModelLayout, dict[str, Rows]]:
    """The layout with the stay links' variables (`new_bools` makes them) and the rows
    of each policy rule, in the order the model holds them."""
    rules: dict[str, Rows] = {}
    if m.arrays.policy is None:
        return m, rules
    if m.arrays.policy.stays:
        m = replace(m, stays=stays.build_links(m, new_bools))
        rules["stay_days_are_consecutive_at_one_site"] = stays.stay_days_are_consecutive_at_one_site(m)
        rules["stay_length_limit"] = stays.stay_length_limit(m)
        rules["monthly_cap_stay_exception"] = stays.monthly_cap_stay_exception(m)
    rules["total_cost_within_budget"] = budget.total_cost_within_budget(m)
    return m, rules
