"""Application services shared by the command line (`roster.commands`) and the web app (`roster.web`).

Plain functions that load, check, solve, re-plan, explain, refresh and write, returning
values or raising the typed errors of `roster.app.errors`; no typer, rich or fastapi
here. Each front end parses its own options, calls these and presents the result.
"""
