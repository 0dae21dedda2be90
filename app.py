"""Run the Kazakhstan–Türkiye Partnership Atlas: ``python app.py [--host H] [--port N] [--debug]``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from dashboard import create_app
from dashboard.config import Settings
from dashboard.data.load import DataError


def main(argv: list[str] | None = None) -> int:
    base = Settings.from_env()
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--host", default=base.host, help=f"interface to bind (default {base.host})")
    ap.add_argument("--port", type=int, default=base.port, help=f"port (default {base.port})")
    ap.add_argument("--data-dir", default=str(base.data_dir), help="folder with the data files (default geodata/)")
    ap.add_argument("--debug", action="store_true", help="Dash debug mode (off by default)")
    a = ap.parse_args(argv)
    settings = replace(
        base, host=a.host, port=a.port, data_dir=type(base.data_dir)(a.data_dir), debug=a.debug or base.debug
    )
    try:
        app = create_app(settings)
    except DataError as exc:
        print(f"The Atlas cannot start: {exc}", file=sys.stderr)
        return 1
    print(f"Kazakhstan–Türkiye Partnership Atlas on http://{settings.host}:{settings.port}/", flush=True)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


if __name__ == "__main__":
    sys.exit(main())
