"""`roster serve`: the planner's web app (FastAPI, server-side templates, no CDN)."""

from roster.web.app import create_app
from roster.web.config import ServeConfig

__all__ = ["ServeConfig", "create_app"]
