"""Independent planning verifier (shares no code with `roster.solvers`)."""

from roster.verify.checks import Verdict, verify_planning

__all__ = ["Verdict", "verify_planning"]
