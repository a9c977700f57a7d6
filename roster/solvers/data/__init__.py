"""Problem data: a scenario as index arrays, the policy's knobs, the domain rules and the
search space (every option the domain rules allow). Imports nothing of the model above."""
