"""Run the Kazakhstan–Türkiye Partnership Atlas: ``python app.py [options]`` (``--help`` lists them).

Serves with gunicorn (several worker processes with threads) unless ``--dev`` or ``--debug`` asks
for Flask's development server. Every option also has an ``ATLAS_*`` environment variable; see
README.md and docs/DEPLOY.md.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from dashboard import create_app
from dashboard.config import Settings, SettingsError, default_workers
from dashboard.serve import serve


def parse_settings(argv: list[str] | None = None) -> Settings:
    """Settings from the environment, overridden by the command line; raises SettingsError."""
    base = Settings.from_env()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default=base.host, help=f"interface to bind (default {base.host}; ATLAS_HOST)")
    ap.add_argument("--port", type=int, default=base.port, help=f"port (default {base.port}; ATLAS_PORT)")
    ap.add_argument("--data-dir", default=str(base.data_dir), help="folder with the data files (default geodata/)")
    ap.add_argument("--workers", type=int, default=base.workers,
                    help=f"gunicorn worker processes (default: cores, at least 2 = {default_workers()} here; "
                         "ATLAS_WORKERS)")
    ap.add_argument("--threads", type=int, default=base.threads,
                    help=f"threads per worker (default {base.threads}; ATLAS_THREADS)")
    ap.add_argument("--base-path", default=base.base_path,
                    help="URL path the Atlas is served under, e.g. /atlas/ (default /; ATLAS_BASE_PATH)")
    ap.add_argument("--trusted-proxies", type=int, default=base.trusted_proxies,
                    help="reverse proxies in front whose X-Forwarded-* headers are believed (default 0; "
                         "ATLAS_TRUSTED_PROXIES)")
    ap.add_argument("--dev", action="store_true", default=base.dev,
                    help="Flask's development server instead of gunicorn (ATLAS_DEV)")
    ap.add_argument("--debug", action="store_true", default=base.debug,
                    help="Dash debug mode on the development server; loopback hosts only (ATLAS_DEBUG)")
    a = ap.parse_args(argv)
    return replace(base, host=a.host, port=a.port, data_dir=Path(a.data_dir), workers=a.workers, threads=a.threads,
                   base_path=a.base_path, trusted_proxies=a.trusted_proxies, dev=a.dev, debug=a.debug)


def main(argv: list[str] | None = None) -> int:
    try:
        settings = parse_settings(argv)
    except SettingsError as exc:
        print(f"The Atlas cannot start: {exc}", file=sys.stderr)
        return 2
    return serve(settings, create_app)


if __name__ == "__main__":
    sys.exit(main())
