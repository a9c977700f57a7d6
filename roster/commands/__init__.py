"""CLI commands that live in their own modules; registered in `roster.cli`."""
