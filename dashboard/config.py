"""Settings from the environment and the command line; debug off and loopback by default.

Every setting has an ``ATLAS_*`` environment variable (read by :meth:`Settings.from_env`) and a
command-line flag of ``app.py``; the flag wins. A malformed value raises :class:`SettingsError`
with a message naming the variable, never a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_BASE_PATH = re.compile(r"^/([A-Za-z0-9._~-]+/)*$")
_RATE = re.compile(r"^\d+\s*(/|per)\s*\d*\s*(second|minute|hour|day)s?$")


class SettingsError(ValueError):
    """A setting has a value the Atlas cannot use; ``str(exc)`` says which and why."""


def default_workers() -> int:
    """Worker processes by default: one per core, at least two (one busy worker never blocks the page)."""
    return max(2, os.cpu_count() or 1)


def normalise_base_path(value: str, name: str = "ATLAS_BASE_PATH") -> str:
    """``atlas`` / ``/atlas`` / ``/atlas/`` -> ``/atlas/``; ``""`` or ``/`` -> ``/``."""
    path = "/" + value.strip().strip("/") + "/" if value.strip().strip("/") else "/"
    if not _BASE_PATH.match(path) or "/../" in path or "/./" in path:
        raise SettingsError(f"{name}={value!r} is not a usable URL path: use letters, digits and . _ ~ - "
                            "between slashes, e.g. /atlas/")
    return path


def is_loopback(host: str) -> bool:
    return host.strip().lower() in LOOPBACK or host.startswith("127.")


@dataclass(frozen=True)
class Settings:
    """How the Atlas is served.

    ``dev`` runs Flask's development server instead of gunicorn; ``debug`` (Dash's debug mode,
    implies ``dev``) is refused on any but a loopback host. ``workers`` 0 means
    :func:`default_workers`. ``trusted_proxies`` is how many reverse proxies in front of the app
    may set ``X-Forwarded-*`` headers (0: none are believed). ``export_rate`` limits image, data
    and PDF exports per client and worker process (``"20/minute"``). ``cache_mb`` bounds the
    per-process cache of callback answers (0 turns it off).
    """

    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: Path = field(default=ROOT / "geodata")
    debug: bool = False
    dev: bool = False
    workers: int = 0
    threads: int = 4
    base_path: str = "/"
    trusted_proxies: int = 0
    export_rate: str = "20/minute"
    cache_mb: int = 32

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_path", normalise_base_path(self.base_path))
        if not 0 <= self.port < 65536:
            raise SettingsError(f"port {self.port} is not a TCP port (1-65535, or 0 for any free port)")
        if self.workers < 0 or self.threads < 1:
            raise SettingsError(f"workers ({self.workers}) must be 0 (automatic) or more, threads ({self.threads}) "
                                "at least 1")
        if self.trusted_proxies < 0:
            raise SettingsError("the number of trusted proxies cannot be negative")
        if not _RATE.match(self.export_rate.strip()):
            raise SettingsError(f"export rate {self.export_rate!r} is not a rate such as 20/minute or 100 per hour")

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    @property
    def server_kind(self) -> str:
        return "dev" if self.dev or self.debug else "gunicorn"

    def refuse_unsafe(self) -> str | None:
        """Why these settings must not be served, or None."""
        if self.debug and not is_loopback(self.host):
            return (f"Refusing to start: debug mode on host {self.host!r}. Dash's debug mode runs code sent by the "
                    "browser, so anyone who can reach this address could run commands on this machine. Use debug "
                    "only with --host 127.0.0.1, or drop --debug (and ATLAS_DEBUG).")
        return None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read ``ATLAS_HOST``, ``ATLAS_PORT``, ``ATLAS_DATA_DIR``, ``ATLAS_DEBUG``, ``ATLAS_DEV``,
        ``ATLAS_WORKERS``, ``ATLAS_THREADS``, ``ATLAS_BASE_PATH``, ``ATLAS_TRUSTED_PROXIES`` and
        ``ATLAS_EXPORT_RATE`` and ``ATLAS_CACHE_MB``."""
        env = os.environ if env is None else env

        def number(name: str, default: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            if not raw.isdigit():
                raise SettingsError(f"{name}={raw!r} is not a whole number")
            return int(raw)

        def flag(name: str) -> bool:
            return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}

        return cls(
            host=env.get("ATLAS_HOST", "").strip() or cls.host,
            port=number("ATLAS_PORT", cls.port),
            data_dir=Path(env.get("ATLAS_DATA_DIR", "").strip() or ROOT / "geodata"),
            debug=flag("ATLAS_DEBUG"),
            dev=flag("ATLAS_DEV"),
            workers=number("ATLAS_WORKERS", cls.workers),
            threads=number("ATLAS_THREADS", cls.threads),
            base_path=env.get("ATLAS_BASE_PATH", cls.base_path),
            trusted_proxies=number("ATLAS_TRUSTED_PROXIES", cls.trusted_proxies),
            export_rate=env.get("ATLAS_EXPORT_RATE", "").strip() or cls.export_rate,
            cache_mb=number("ATLAS_CACHE_MB", cls.cache_mb),
        )
