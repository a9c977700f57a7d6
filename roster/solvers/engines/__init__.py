"""The engines the search calls: LPs (GLOP, HiGHS), zero-half cuts, min-cost flows (the
relaxation, its repair, the km polish, the locum choice) and CP-SAT searches."""
