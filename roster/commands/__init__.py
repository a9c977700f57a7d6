"""The command line's commands (typer + rich): each parses its options, calls `roster.app`,
prints the result and maps refusals to exit codes (`terminal`); registered in `roster.cli`."""
