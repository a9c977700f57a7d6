"""The CP-SAT model of the contract and the monthly solve."""

from roster.solvers.cpsat import Progress, SolveControl, SolveOptions, solve

__all__ = ["Progress", "SolveControl", "SolveOptions", "solve"]
