"""The CP-SAT model of the contract and the monthly solve (`roster.solvers.monthly`).

Layers, each importing only those below it: `control` (options, progress, stop switch),
`data/` (the scenario as arrays, domains, search space), `model/` (rows, rules,
objectives, the frozen `MissionModel`), `engines/` (LP, flows, CP-SAT), `search/`
(state, phases, pipeline), then `summary` and `monthly`, which compose them.
"""

from roster.solvers.control import Progress, SolveControl, SolveOptions
from roster.solvers.monthly import solve

__all__ = ["Progress", "SolveControl", "SolveOptions", "solve"]
