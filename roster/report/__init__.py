"""A planning as one self-contained HTML report: KPIs, coverage, map and site calendars."""

from roster.report.page import render_report

__all__ = ["render_report"]
