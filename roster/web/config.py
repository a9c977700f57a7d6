"""How the web app runs: data folder, access token, upload and job limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


@dataclass(frozen=True)
class ServeConfig:
    """Settings of one server; `token` None means no token is asked (loopback only)."""

    data_dir: Path
    token: str | None = None
    max_upload_mb: float = 50.0
    jobs: int = 1
    max_zip_files: int = 200
    max_unzipped_mb: float = 500.0
    default_time_limit_s: float = 60.0
    max_time_limit_s: float = 3600.0
    solver_workers: int = 1  # CP-SAT workers per solve
    stop_grace_s: float = 20.0  # on shutdown: time a stopped solve has to write its planning
    trusted_hosts: tuple[str, ...] | None = None  # Host header check (DNS rebinding); None: any

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1024 * 1024)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = host.strip()
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
