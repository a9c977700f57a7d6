"""Explanations of shortfalls, counted on the model and checked by solving again."""
