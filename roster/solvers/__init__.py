"""The CP-SAT model of the contract and the monthly solve."""

from roster.solvers.control import Progress, SolveControl, SolveOptions
from roster.solvers.monthly import solve

__all__ = ["Progress", "SolveControl", "SolveOptions", "solve"]
