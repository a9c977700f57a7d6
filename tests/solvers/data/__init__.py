"""Unit tests of `roster.solvers`, one file per module (`tests/solvers/<layer>/test_<module>.py`)."""
