"""The phases of the monthly solve, one module each (`roster.solvers.search.pipeline`
lists them in order)."""
