"""The search: a frozen state, the phases that read it and return what they found, one
`apply` that folds a phase's findings into the state, and the pipeline of phases."""
