"""Terminal output: live progress, tables and error listings (rich)."""
