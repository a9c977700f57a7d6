"""Baselines the CP-SAT model is benchmarked against: a hand-style greedy and a HiGHS MILP.

Both are written from the contract alone (never from `roster.solvers`), so they also
serve as an independent second reading of the rules in tests.
"""

from roster.baselines.greedy import solve_greedy
from roster.baselines.milp import solve_milp

__all__ = ["solve_greedy", "solve_milp"]
