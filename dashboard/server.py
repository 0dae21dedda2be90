"""The HTTP shell around the Dash app: what every response carries, whoever serves it.

:func:`harden` is the last step of :func:`dashboard.create_app`, so gunicorn (``python app.py``),
``gunicorn wsgi:server``, Flask's development server and the tests all serve the same thing:

- Dash's table of servable script bundles is filled before the first request (:func:`prime_dash`):
  Dash fills it lazily, on a worker's first request, and a second thread of a fresh worker used to
  be refused its bundles (HTTP 500 ``"dash" is not a registered library``) while the first was
  still filling it.
- Security headers on every response, from one place: a Content-Security-Policy without
  ``'unsafe-inline'`` for scripts (every inline script the pages carry is allowed by its hash),
  ``frame-ancestors 'none'``, ``nosniff``, ``Referrer-Policy: no-referrer``, a restrictive
  ``Permissions-Policy``.
- Request bodies capped at :data:`MAX_BODY` (413 with a message); export routes rate-limited per
  client (Flask-Limiter, in memory per worker process).
- Errors as short plain text in the reader's language (the page's ``atlas-lang`` cookie, else the
  browser's ``Accept-Language``): no traceback, no HTML error page, 404 for any unknown path (Dash
  itself would answer every unknown path with the page).
- Identical callback requests answered from the process's cache budget (:func:`cache_answers`):
  every callback of the Atlas is a pure function of its request (inputs and state travel in the
  body; the data are loaded once), and every visitor's first page load sends the same ones.
- Versioned assets (``/assets/...?m=<modification time>``, as the page links them) cached for a year.
- ``healthz``: 200 with the data version, for load balancers and monitoring.
- ``X-Forwarded-*`` headers believed only when the operator says how many proxies are in front
  (``ATLAS_TRUSTED_PROXIES``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, g, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import i18n
from dashboard.cache import BUDGET
from dashboard.config import Settings
from dashboard.i18n import _

log = logging.getLogger(__name__)

MAX_BODY = 2 * 1024 * 1024  # bytes: a callback is a few kB, the largest deck JSON well under 1 MB
HEALTH = "healthz"
IMMUTABLE = "public, max-age=31536000, immutable"  # a year: an address whose content never changes
DATA_SUFFIXES = {".csv", ".geojson", ".gpkg", ".json"}

PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
        "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking")),  # features Chromium knows (others warn)
     "fullscreen=(self)",  # briefing mode's "Full screen" button
     "clipboard-write=(self)"]  # "Share link" copies the address
)


def script_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(app: Dash, extra_scripts: Iterable[str] = ()) -> str:
    """The policy of every response: own origin only; inline scripts by hash (Dash's and ``extra_scripts``).

    Styles may be inline (Plotly and React set them); scripts may not, nor may they evaluate strings.
    """
    hashes = [*app.csp_hashes("sha256"), *(script_hash(s) for s in extra_scripts)]
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *dict.fromkeys(hashes)]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def security_headers(app: Dash, extra_scripts: Iterable[str] = ()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(app, extra_scripts),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def data_version(data_dir: Path) -> str:
    """A short fingerprint of the data files served (names and contents), e.g. ``sha256:1a2b3c4d5e6f``."""
    digest = hashlib.sha256()
    root = Path(data_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return "sha256:" + digest.hexdigest()[:16]


def prime_dash(app: Dash) -> None:
    """Do now, once, what Dash otherwise does on a worker's first request.

    Dash's ``_setup_server`` (a ``before_request`` hook) marks itself done *before* it walks the
    assets and fills ``registered_paths``, the table of script bundles the server may send. A
    second thread of a fresh worker therefore skipped it and had its bundle requests refused
    (HTTP 500, ``"dash" is not a registered library``) until the first thread finished. Running
    it here, before the app serves anything (and before gunicorn forks its workers), leaves the
    hook nothing to do; the table is only read afterwards. Dash has no public method for this.
    """
    app._setup_server()  # noqa: SLF001 -- see the docstring; covered by tests/app/test_serving.py


def cache_answers(app: Dash) -> None:
    """Serve repeated identical callback requests of ``app`` from the process's cache budget
    (:data:`dashboard.cache.BUDGET`): the uncompressed answer (body and mimetype) by the request's digest.

    Dash callbacks of the Atlas read nothing but their request body (inputs and state) and data that never
    change while the process runs, so an identical request deserves the identical answer. Compression still
    follows the browser's Accept-Encoding.
    """
    dispatch = f"{app.config.routes_pathname_prefix}_dash-update-component"
    server = app.server
    mine = object()  # another app in the same process (tests) answers the same body differently

    @server.before_request
    def _cached_answer():
        if request.method != "POST" or request.path != dispatch:
            return None
        key = answer_key(mine, request.get_data(cache=True))
        hit = BUDGET.get(key)
        if hit is not None:
            return Response(hit[0], mimetype=hit[1])
        g.atlas_answer_key = key
        return None

    @server.after_request  # registered after Flask-Compress's hook, so it runs before it: uncompressed bodies
    def _keep_answer(response: Response) -> Response:
        key = g.pop("atlas_answer_key", None)
        if (key is not None and response.status_code == 200 and not response.direct_passthrough
                and "Set-Cookie" not in response.headers):
            body = response.get_data()
            BUDGET.put(key, (body, response.mimetype), len(body))
        return response

    server.extensions["atlas_answers"] = mine


def answer_key(app_token: object, body: bytes) -> tuple:
    """The cache key of a callback request's answer: its app and the digest of its body."""
    return ("answer", app_token, hashlib.blake2b(body, digest_size=20).digest())


def malformed(body: object, callbacks: dict) -> str | None:
    """Why a parsed callback request does not fit any callback of the page (None if it fits): its ``output`` must
    name a callback, its ``outputs``, ``inputs`` and ``state`` must match that callback's, item by item."""
    if not isinstance(body, dict):
        return "not a JSON object"
    key = body.get("output")
    spec = callbacks.get(key) if isinstance(key, str) else None
    if spec is None:
        return "no callback has this output"
    outputs = body.get("outputs")
    n_outputs = len(key.strip(".").split("...")) if key.startswith("..") else 1
    if not (isinstance(outputs, dict) and n_outputs == 1 or isinstance(outputs, list) and len(outputs) == n_outputs
            and all(isinstance(o, dict | list) for o in outputs)):
        return "outputs do not match the callback"
    for part in ("inputs", "state"):
        given, wanted = body.get(part, []), spec[part]
        if not isinstance(given, list) or len(given) != len(wanted):
            return f"{part} do not match the callback"
        for item, want in zip(given, wanted, strict=True):
            pattern = want["id"].startswith("{")  # a pattern-matching id: one item per matching component
            items = item if pattern and isinstance(item, list) else [item]
            if not all(isinstance(i, dict) and i.get("property") == want["property"]
                       and (pattern or i.get("id") == want["id"]) for i in items):
                return f"{part} do not match the callback"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    return None


def refuse_malformed_callbacks(app: Dash) -> None:
    """Answer a callback request that is not JSON, or fits no callback of the page, with a short 400 before Dash
    sees it (Dash answers it with a 500 and a traceback), and log one line with its first 200 characters."""
    dispatch = f"{app.config.routes_pathname_prefix}_dash-update-component"

    @app.server.before_request
    def _refuse_malformed():
        if request.method != "POST" or request.path != dispatch:
            return None
        raw = request.get_data(cache=True)
        try:
            problem = malformed(json.loads(raw), app.callback_map)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            problem = "not JSON"
        if problem is None:
            return None
        log.warning("refused callback request (%s): %r", problem, raw[:200].decode("utf-8", errors="replace"))
        with i18n.using(reader_language()):
            return _plain(_("The Atlas could not read this request. Reload the page and try again."), 400)


LANG_COOKIE = "atlas-lang"  # the language of the reader's page (assets/a11y.js sets it from the link's lang=)


def reader_language() -> str:
    """The language of an error message: the reader's page (its cookie), else the browser's preferred one.

    For error responses only: they are never shared through the callback answer cache."""
    lang = request.cookies.get(LANG_COOKIE)
    return lang if i18n.is_supported(lang) else i18n.negotiate(request.headers.get("Accept-Language"))


def _plain(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers=headers or {})
    response.headers["Content-Language"] = i18n.get_lang()
    response.vary.update(("Cookie", "Accept-Language"))
    return response


def harden(app: Dash, settings: Settings, *, data_dir: Path, extra_scripts: Iterable[str] = (),
           rate_limited: Iterable[str] = ()) -> None:
    """Apply everything in this module's docstring to ``app`` (call once, after every callback is registered).

    ``rate_limited`` names the endpoints limited to ``settings.export_rate`` per client.
    """
    server = app.server
    prefix = app.config.routes_pathname_prefix
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    prime_dash(app)
    headers = security_headers(app, extra_scripts)
    version = data_version(data_dir)

    @server.before_request
    def _refuse_large_bodies():
        if request.content_length is not None:
            if request.content_length > MAX_BODY:
                raise RequestEntityTooLarge()
        elif "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            # No length to check up front, and werkzeug would silently cut the body at the cap: read it (up to
            # the cap) now; a stream that reached the cap had more to send.
            request.get_data(cache=True)
            if getattr(request.stream, "is_exhausted", False):
                raise RequestEntityTooLarge()

    cache_answers(app)
    refuse_malformed_callbacks(app)  # after the cache: an answer it holds was to a well-formed request

    assets = f"{prefix}{app.config.assets_url_path.strip('/')}/"

    @server.after_request
    def _secure(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if request.path.startswith(assets) and "m" in request.args and response.status_code in (200, 304):
            # the page names each asset with its modification time (?m=): a changed file gets a new address
            response.headers["Cache-Control"] = IMMUTABLE
        return response

    def health() -> Response:
        response = jsonify(status="ok", data_version=version)
        response.headers["Cache-Control"] = "no-store"
        return response

    server.add_url_rule(f"{prefix}{HEALTH}", endpoint="atlas_health", view_func=health)
    if prefix != "/":  # load balancers probe the backend itself, whatever path the public sees
        server.add_url_rule(f"/{HEALTH}", endpoint="atlas_health_root", view_func=health)

    # Dash answers every unknown path with the page; the Atlas is one page, so anything else is not found.
    catchall = f"{prefix}<path:path>"
    if catchall in server.view_functions:
        def not_found(**_kwargs):
            raise NotFound()

        server.view_functions[catchall] = not_found

    home = app.config.requests_pathname_prefix
    messages = {  # formatted in the reader's language
        404: lambda _exc: _("Not found. The Atlas is at {path}").format(path=home),
        413: lambda _exc: _("The request is too large (more than {size} MB). A briefing deck exported from the "
                            "Atlas is far smaller: is this the right file?").format(size=MAX_BODY // (1024 * 1024)),
        # TRANSLATORS: {limit} is the limit as the server states it, in English ("10 per 1 minute").
        429: lambda exc: _("Too many requests from your address ({limit}). Please wait a minute and try "
                           "again.").format(limit=exc.description),
    }

    @server.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = exc.code or 500
        if code < 400:  # redirects (e.g. a missing trailing slash) keep werkzeug's response
            return exc
        extra = {"Retry-After": exc.response.headers["Retry-After"]} if (
            exc.response is not None and "Retry-After" in exc.response.headers) else None
        with i18n.using(reader_language()):
            return _plain(messages[code](exc) if code in messages else (exc.description or exc.name), code, extra)

    @server.errorhandler(InternalServerError)
    def _server_error(_exc):
        with i18n.using(reader_language()):
            return _plain(_("Something went wrong on the server; it was logged. Please try again."), 500)

    @server.errorhandler(DependencyException)
    def _unknown_bundle(exc):
        with i18n.using(reader_language()):
            return _plain(messages[404](exc), 404)

    if rate_limited:
        limiter = Limiter(get_remote_address, app=server, storage_uri="memory://", headers_enabled=True,
                          strategy="moving-window", key_prefix=f"atlas{prefix}")
        for endpoint in rate_limited:
            server.view_functions[endpoint] = limiter.limit(settings.export_rate)(server.view_functions[endpoint])

    if settings.trusted_proxies:
        n = settings.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
