"""The web app served by uvicorn until Ctrl-C (`roster serve`)."""

from __future__ import annotations

import contextlib

import uvicorn

from roster.web.app import create_app
from roster.web.config import ServeConfig


class Server(uvicorn.Server):
    """Ends the live event streams as soon as a stop is asked, so shutdown is not held up;
    the app's shutdown then stops running solves, which still write their plannings."""

    def handle_exit(self, sig, frame) -> None:
        inner = getattr(self.config.app, "app", None)
        if inner is not None and hasattr(inner, "state"):
            inner.state.stopping.set()
        super().handle_exit(sig, frame)


def prepared(config: ServeConfig, host: str, port: int) -> Server:
    """The server of the web app on `host:port` (OSError when the data folder cannot be used)."""
    app = create_app(config)
    return Server(uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3, lifespan="on",
    ))  # fmt: skip


def run(server: Server) -> None:
    """Serve until Ctrl-C."""
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the Ctrl-C it handled
        server.run()
