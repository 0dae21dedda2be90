"""The Atlas as a WSGI application for any WSGI server: ``gunicorn wsgi:server``.

Settings come from the ``ATLAS_*`` environment variables (see docs/DEPLOY.md). Importing this
module loads and validates the data; a broken data file stops the import with one message.
"""

from __future__ import annotations

import sys

from dashboard import create_app
from dashboard.config import Settings, SettingsError
from dashboard.data.load import DataError
from dashboard.export.render import default_renderer
from dashboard.i18n import CatalogError

try:
    app = create_app(Settings.from_env())
except (DataError, CatalogError, SettingsError) as exc:
    print(f"The Atlas cannot start: {exc}", file=sys.stderr)
    raise SystemExit(1) from None

server = app.server
default_renderer()  # with --preload, made before the workers fork: they share one export renderer
