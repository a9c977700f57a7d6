"""What `summary.proof` says proved each objective, and the limits the phases share."""

from __future__ import annotations

from roster.solvers.engines.lp import PROVEN_GAP

FLOW_PROOF = "min-cost-flow relaxation (exact)"
LP_COVERAGE_PROOF = f"LP relaxation (GLOP), relative gap <= {PROVEN_GAP:g}"
LP_FLOOR_PROOF = "LP relaxation bound (GLOP), rounded down to the integer objective"
LP_DIVE_PROOF = "LP relaxation bound (GLOP), reached by CP-SAT on the LP's support"
LP_CUTS_DIVE_PROOF = "LP relaxation bound with zero-half cuts (HiGHS), reached by CP-SAT on the LP's support"
CUTS_PROOF = f"LP relaxation with zero-half cuts (HiGHS), relative gap <= {PROVEN_GAP:g}"
CP_SAT_PROOF = "CP-SAT (exact)"
CP_SAT_BOUND_PROOF = "CP-SAT bound (exact)"
LP_KM_PROOF = "LP relaxation (GLOP), relative gap <= 1e-06"
LP_KM_PROOF_HIGHS = "LP relaxation (HiGHS dual simplex), relative gap <= 1e-06"
KM_CUTS_PROOF = "LP relaxation with zero-half cuts, relative gap <= 1e-06"
CP_SAT_KM_PROOF = "CP-SAT (exact, metres)"
WISH_LP_TOLERANCE = 1e-6  # the wish LP's bound is rounded down after this relative tolerance
WISH_LP_PROOF = f"LP relaxation (HiGHS), integer wish score, relative tolerance {WISH_LP_TOLERANCE:g}"
WISH_KM_LP_PROOF = (
    "LP relaxation (GLOP) of km - K x wish score at the proven wish score, relative gap <= 1e-06"
)
WISH_CUTS_PROOF = "LP relaxation with zero-half cuts (HiGHS), integer wish score"
WISH_DIVE_PROOF = "LP relaxation bound of the wish score, reached by CP-SAT on the LP's support"
ALL_WISHES_PROOF = "every wished mission with a positive value is taken"
NO_WISH_PROOF = "no wish matches a mission the rules allow"

LP_DIVE_MAX_S = 20.0  # a CP-SAT dive on an LP's support
LP_SEARCH_MAX_S = 10.0  # CP-SAT's single LP search before its portfolio (`engines.cpsat.run_cp_sat`)
KM_PHASE_SHARE = 0.3  # share of the remaining time kept for the km phase


def km_lp_proof(engine: str) -> str:
    """The km proof of an LP solved by `engine` ("glop" or "highs")."""
    return LP_KM_PROOF_HIGHS if engine == "highs" else LP_KM_PROOF
