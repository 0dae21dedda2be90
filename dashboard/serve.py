"""Run the Atlas: gunicorn in production (the default), Flask's development server on request.

:func:`serve` is what ``python app.py`` calls. The app is built (data loaded and validated) once
in the master process *before* gunicorn starts, so a broken data file stops the start with one
clear message and exit code 1, and every worker is forked with the data already in memory.
``SIGHUP`` (``systemctl reload``) re-reads the data: new workers start with it and the old ones
finish their requests; if the new data are broken the old workers keep serving and the error is
logged. ``SIGTERM`` stops gracefully: no new connections, in-flight requests finish (up to
:data:`GRACEFUL_TIMEOUT` seconds). The access log goes to stdout, one JSON object per request.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import replace

from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import DataError
from dashboard.export.render import default_renderer
from dashboard.i18n import CatalogError

log = logging.getLogger("dashboard.serve")

GRACEFUL_TIMEOUT = 120  # s: a briefing PDF of a long deck may take a minute
KEEPALIVE = 5  # s: longer than a browser waits between a page's requests, shorter than a proxy's pool


def banner(settings: Settings) -> str:
    where = f"http://{settings.host}:{settings.port}{settings.base_path}"
    if settings.server_kind == "dev":
        how = "Flask development server" + (" with Dash debug mode" if settings.debug else "")
    else:
        how = f"gunicorn, {settings.worker_count} workers × {settings.threads} threads"
    return f"Kazakhstan–Türkiye Partnership Atlas on {where} ({how})"


def access_record(status: str, method: str, path: str, query: str, sent: int | None, ms: float,
                  remote: str, request_id: str, user_agent: str) -> str:
    """One access-log line: a JSON object (so a log shipper needs no parsing rules)."""
    return json.dumps({
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "remote": remote, "method": method, "path": path,
        "query": query, "status": int(str(status).split(None, 1)[0] or 0), "bytes": sent, "ms": round(ms, 1),
        "request_id": request_id or None, "user_agent": user_agent,
    }, ensure_ascii=False)


def one_line(exc: BaseException) -> str:
    """Why the app could not be built, on one log line: each problem of the data or catalogs, '; '-separated."""
    if isinstance(exc, DataError | CatalogError):
        head = str(exc).split(":\n", 1)[0]
        return f"{head}: " + "; ".join(map(str, exc.problems))
    return f"{type(exc).__name__}: " + " ".join(str(exc).split())


def _gunicorn_classes():
    """gunicorn's application and logger classes, subclassed for the Atlas (imported only when serving)."""
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415 -- Linux/Unix only; the dev server needs none
    from gunicorn.glogging import Logger  # noqa: PLC0415

    class JsonAccessLogger(Logger):
        """gunicorn's logger with the access log written as JSON lines."""

        def access(self, resp, req, environ, request_time):
            if not self.access_log_enabled:
                return
            ms = request_time.total_seconds() * 1000
            self.access_log.info("%s", access_record(
                resp.status, environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""), getattr(resp, "sent", None), ms, environ.get("REMOTE_ADDR", "-"),
                environ.get("HTTP_X_REQUEST_ID", ""), environ.get("HTTP_USER_AGENT", "")))

    class AtlasApplication(BaseApplication):
        """gunicorn started from Python with the Atlas's settings (no config file, no command line)."""

        def __init__(self, app: Dash, settings: Settings, factory: Callable[[Settings], Dash]) -> None:
            self.app, self.settings, self.factory = app, settings, factory
            super().__init__()

        def load_config(self) -> None:
            s = self.settings
            options = {
                "bind": [f"[{s.host}]:{s.port}" if ":" in s.host else f"{s.host}:{s.port}"],
                "workers": s.worker_count,
                "threads": s.threads,
                "worker_class": "dashboard.gworker.BufferingThreadWorker",  # gthread; slow clients hold no thread
                "preload_app": True,  # the app built before start is the one every worker serves
                "graceful_timeout": GRACEFUL_TIMEOUT,
                "timeout": 60,
                "keepalive": KEEPALIVE,
                "accesslog": "-",
                "errorlog": "-",
                "logger_class": JsonAccessLogger,
                "forwarded_allow_ips": "",  # X-Forwarded-* are the app's business (ProxyFix, ATLAS_TRUSTED_PROXIES)
                "proc_name": "kz-tr-atlas",
                "control_socket_disable": True,  # managed by signals (systemd); no socket in $HOME
                "limit_request_line": 8190,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return self.app.server

        def reload(self) -> None:
            """SIGHUP: read the data again; keep serving the old data if the new are broken.

            Whatever goes wrong while building the new app, the master must survive it (an exception
            here ends gunicorn's main loop, and with it the service): one log line, the old app kept.
            """
            super().reload()
            try:
                self.app = self.factory(self.settings)
            except Exception as exc:  # noqa: BLE001 -- see above; DataError and CatalogError are the expected ones
                log.error("data not reloaded, still serving the previous data: %s", one_line(exc))
            self.callable = None  # the next worker loads the (new or kept) app

    return AtlasApplication


def _without_server_header() -> None:
    """No ``Server: gunicorn`` on the answers: it tells an attacker what to look up, and gunicorn has no setting
    for it. Its responses' fixed headers are wrapped once, in the master, before the workers fork."""
    from gunicorn.http.wsgi import Response  # noqa: PLC0415

    fixed = Response.default_headers
    if getattr(fixed, "atlas", False):
        return

    def default_headers(self) -> list[str]:
        return [h for h in fixed(self) if not h.startswith("Server:")]

    default_headers.atlas = True
    Response.default_headers = default_headers


def run_gunicorn(app: Dash, settings: Settings, factory: Callable[[Settings], Dash]) -> None:
    _without_server_header()
    default_renderer()  # made before the workers fork, so that they share one export renderer
    _gunicorn_classes()(app, settings, factory).run()


def run_dev(app: Dash, settings: Settings) -> None:
    """Flask's development server (``--dev`` / ``--debug``): one process, a thread per request."""
    # No version check: it would ask plotly's servers (the Atlas is offline; the CSP would block it anyway).
    app.run(host=settings.host, port=settings.port, debug=settings.debug, dev_tools_disable_version_check=True)


def serve(settings: Settings, factory: Callable[[Settings], Dash]) -> int:
    """Build the app with ``factory`` and serve it as ``settings`` say; the exit code of ``app.py``."""
    refusal = settings.refuse_unsafe()
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s")
    try:
        app = factory(settings)
    except (DataError, CatalogError) as exc:
        print(f"The Atlas cannot start: {exc}", file=sys.stderr)
        return 1
    if settings.server_kind == "gunicorn" and sys.platform == "win32":
        print("gunicorn does not run on Windows; serving with Flask's development server instead "
              "(not for production: deploy on Linux, see docs/DEPLOY.md).", file=sys.stderr)
        settings = replace(settings, dev=True)
    print(banner(settings), flush=True)
    if settings.server_kind == "dev":
        run_dev(app, settings)
    else:
        run_gunicorn(app, settings, factory)
    return 0
