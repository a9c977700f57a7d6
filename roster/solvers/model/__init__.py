"""The model: the rows each hard rule returns, the objectives, the CP-SAT model and its
LP relaxation built from them once (`MissionModel`), and plannings as variable values."""
