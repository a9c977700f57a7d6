"""`roster serve`: the planner's web app (FastAPI, server-side templates, no CDN): the app
(`roster.web.app.create_app`), its settings (`roster.web.config.ServeConfig`) and the
server (`roster.web.server`)."""
