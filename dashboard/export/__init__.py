"""Exports of the Partnership Atlas: images, CSV, the data set, a printable handout and briefing PDFs.

``register_exports(app, atlas, domain)`` adds these Flask routes to ``app.server``, under the app's
base path (the query string is the view, exactly as in the app's URL; see ``docs/EXPORTS.md``).
Links to them are made with :func:`export_url`, never written out:

==============================================  ===============================================
``GET /export/<chart>.<fmt>?<view>``             chart ``map`` | ``trade`` | ``sector``, fmt ``png`` | ``svg``
                                                 (``sector`` also reads ``indicator=<option text>``)
``GET /export/shown.csv?<view>``                 what the view shows, one tidy CSV with sources
``GET /export/data.zip``                         every table as CSV, README, licences
``GET /export/handout?<view>``                   one-page printable HTML (A4 landscape)
``GET /export/briefing.pdf``                     the default briefing deck, one slide per page
``POST /export/briefing.pdf``                    a deck JSON in the body (or form field ``deck``)
``GET /export/briefing.pptx``                    the default deck as an editable PowerPoint file
``POST /export/briefing.pptx``                   a deck JSON, as for the PDF
``GET /export/briefing.html``                    the default deck as one self-contained HTML file (opens offline)
``POST /export/briefing.html``                   a deck JSON, as for the PDF
==============================================  ===============================================

No route answers 500: bad input gives 400 with a plain-text message (413 for a deck over
``MAX_DECK_BYTES``), a malformed view query falls back to the defaults (as the app does), and
image/PDF routes answer 503 with a message when Chromium is missing; CSV, ZIP and handout work
without it. Images, the handout and PDFs go through one :class:`ExportQueue` per process: one
renders at a time, a few wait, more are refused with 503 and ``Retry-After``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dash import Dash
from flask import Response, request
from werkzeug.exceptions import HTTPException

from dashboard import i18n
from dashboard.briefing.deck import MAX_DECK_BYTES, Deck, parse_deck
from dashboard.cache import BUDGET
from dashboard.data.load import Atlas
from dashboard.data.tables import known_series
from dashboard.export.annotate import annotate, filters_line, source_line
from dashboard.export.briefing import briefing_pdf, default_deck_or_none
from dashboard.export.charts import CHARTS, export_figure, feature_names, filename_stem
from dashboard.export.datazip import data_zip
from dashboard.export.handout import MAP_SIZE, TRADE_SIZE, handout_html
from dashboard.export.htmldeck import MIME as HTML_DECK_MIME
from dashboard.export.htmldeck import deck_html
from dashboard.export.pptx import MIME as PPTX_MIME
from dashboard.export.pptx import briefing_pptx
from dashboard.export.render import (
    ExportQueue,
    ExportUnavailable,
    Renderer,
    default_renderer,
    png_with_text,
    svg_with_text,
)
from dashboard.export.shown import shown_table, to_csv_bytes
from dashboard.export.slides import plain
from dashboard.figures.map import Frame, map_figure
from dashboard.figures.trade import trade_figure
from dashboard.i18n import _
from dashboard.state import Domain, ViewState, decode, encode

__all__ = ["ExportQueue", "ExportUnavailable", "Renderer", "annotate", "export_url", "filters_line",
           "register_exports", "source_line"]

log = logging.getLogger(__name__)
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
ENDPOINT = "atlas_export_"  # prefix of every endpoint this package adds
FOLDER = "export"  # the routes live in <base path>export/


def export_url(app: Dash, name: str) -> str:
    """The path of export ``name`` (e.g. ``map.png``) under the app's base path, as the browser asks for it."""
    return app.get_relative_path(f"/{FOLDER}/{name}")


def _text(message: str, status: int, **headers: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain", headers=headers)


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _guarded(view: Callable[..., Response]) -> Callable[..., Response]:
    """No traceback and no 500 reach the user: render failures are 503 with a message, and so is the rest."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs) -> Response:
        try:
            return view(*args, **kwargs)
        except ExportUnavailable as exc:
            return _text(str(exc), 503, **{"Retry-After": "60"})
        except HTTPException as exc:  # e.g. a request body werkzeug refuses: its own 4xx, as plain text
            return _text(exc.description or exc.name, exc.code or 400)
        except Exception:  # noqa: BLE001 -- logged for the maintainers, a plain message for the user
            log.exception("export failed: %s", request.full_path)
            return _text("The export could not be produced. Please try again; if it keeps failing, "
                         "report the link you used.", 503)
    return wrapper


def _query() -> str:
    return request.query_string.decode("utf-8", errors="replace")


def register_exports(app: Dash, atlas: Atlas, domain: Domain, *, renderer: Renderer | None = None,
                     data_dir: Path | None = None, today: Callable[[], date] = date.today,
                     queue: ExportQueue | None = None) -> list[str]:
    """Add the export routes to ``app.server`` (calling it twice is harmless); returns their endpoints.

    ``renderer`` defaults to the process-wide kaleido renderer; ``data_dir`` (for README and
    curation notes in ``data.zip``) to the configured data folder; ``queue`` (shared by images,
    handout and PDFs) to one export at a time with one waiting.
    """
    server = app.server
    if f"{ENDPOINT}chart" in server.view_functions:
        return [e for e in server.view_functions if e.startswith(ENDPOINT)]
    queue = queue or ExportQueue()
    if data_dir is None:
        from dashboard.config import Settings  # noqa: PLC0415 -- read at registration, not import

        data_dir = Settings.from_env().data_dir
    names = {lang: feature_names(atlas, lang) for lang in i18n.LANGUAGES}  # feature names as each language writes them
    mine = object()  # this app's entries in the cache budget

    def render() -> Renderer:
        return renderer if renderer is not None else default_renderer()

    def view_state() -> ViewState:
        return decode(_query(), domain)[0]

    def indicator(state: ViewState) -> str | None:
        """``indicator=`` of the link if it is one of the sector's series (else the first series is shown)."""
        return known_series(atlas, state.sector, request.args.get("indicator"))

    @_guarded
    def chart(chart: str, fmt: str) -> Response:
        if chart not in CHARTS or fmt not in IMAGE_FORMATS:
            return _text(f"No such export: {chart[:20]}.{fmt[:10]}. Charts: {', '.join(CHARTS)}; "
                         f"formats: {', '.join(IMAGE_FORMATS)}.", 404)
        state = view_state()
        with i18n.using(state.lang):  # the chart's own words (legend, axes, hovers) in the page's language
            export = export_figure(atlas, state, chart, today=today(), indicator=indicator(state),
                                   names=names[state.lang])
        with queue:
            data = render().render(export.figure, fmt, export.width, export.height, scale=1)
        description = f"{export.filters}. {export.source}"
        if fmt == "png":
            data = png_with_text(data, {"Title": export.title, "Source": export.source, "Description": export.filters,
                                        "Software": "Kazakhstan-Turkiye Partnership Atlas"})
        else:
            data = svg_with_text(data, export.title, description)
        return _attachment(data, IMAGE_FORMATS[fmt], f"{export.filename_stem}.{fmt}")

    @_guarded
    def shown_csv() -> Response:
        state = view_state()
        table = shown_table(atlas, state, indicator=indicator(state))
        stem = filename_stem("shown", state)
        return _attachment(to_csv_bytes(table), "text/csv", f"{stem}.csv")  # werkzeug adds "; charset=utf-8"

    @_guarded
    def full_zip() -> Response:
        day = today()
        data = BUDGET.remember(("data.zip", mine, day), lambda: data_zip(atlas, data_dir, today=day))
        return _attachment(data, "application/zip", f"kz-tr-atlas_data_{day.isoformat()}.zip")

    @_guarded
    def handout() -> Response:
        state = view_state()
        images: dict[str, bytes | None] = {"map": None, "trade": None}
        unavailable = ""
        with queue, i18n.using(state.lang):
            try:
                images["map"] = render().render(map_figure(atlas, state, Frame(*MAP_SIZE)), "svg", *MAP_SIZE)
                # without its own title, which the caption under it says (a long one is cut at the image's edge)
                images["trade"] = render().render(plain(trade_figure(atlas, state)), "svg", *TRADE_SIZE)
            except ExportUnavailable as exc:
                unavailable = _("Chart images are not available: {reason}").format(reason=_(str(exc)))
        query = encode(state, domain)
        view_url = public_origin() + app.config.requests_pathname_prefix + (f"?{query}" if query else "")
        with i18n.using(state.lang):  # the page's own words; source names and quotes as their sources write them
            page = handout_html(atlas, state, today=today(), feature_names=names[state.lang], map_svg=images["map"],
                                trade_svg=images["trade"], view_url=view_url, unavailable=unavailable)
        return Response(page, mimetype="text/html", headers={"Cache-Control": "no-store"})

    def requested_deck(lang: str) -> tuple[Deck | None, Response | None]:
        """The prepared story in ``lang`` (GET) or the posted deck as written (POST), or the response refusing it."""
        if request.method == "GET":
            deck = default_deck_or_none(domain, lang)
            if deck is None:
                return None, _text("The default briefing deck is not available on this server.", 503)
            return deck, None
        body, problem = _posted_deck()
        if problem:
            return None, _text(problem, 413 if problem == TOO_BIG else 400)
        deck, problems = parse_deck(body, domain)
        if deck is None:
            return None, _text("The deck was not accepted:\n" + "\n".join(f"- {p}" for p in problems), 400)
        return deck, None

    def deck_export(build: Callable[[Deck, str, date], bytes], mimetype: str, ext: str) -> Callable[[], Response]:
        """A briefing route answering with the file ``build(deck, lang, day)`` makes: of the prepared story in the
        link's ``lang=`` (GET) or of the posted deck (POST; every deck route refuses bad input with the same 4xx)."""
        @_guarded
        def view() -> Response:
            lang = view_state().lang  # ``lang=`` of the link: the prepared story and the file's own words in it
            deck, refused = requested_deck(lang)
            if deck is None:
                return refused
            day = today()
            with queue, i18n.using(lang):  # built in memory: all or nothing
                data = build(deck, lang, day)
            return _attachment(data, mimetype, f"kz-tr-atlas_briefing_{day.isoformat()}.{ext}")
        return view

    briefing = deck_export(lambda deck, lang, day: briefing_pdf(atlas, domain, deck, render(), today=day,
                                                                names=names[lang]), "application/pdf", "pdf")
    powerpoint = deck_export(lambda deck, lang, day: briefing_pptx(atlas, domain, deck, render(), today=day,
                                                                   names=names[lang]), PPTX_MIME, "pptx")
    # the HTML deck renders nothing, but building every slide's figures is as heavy as a chart: it queues too
    html_deck = deck_export(lambda deck, lang, day: deck_html(atlas, domain, deck, today=day, names=names[lang])
                            .encode("utf-8"), HTML_DECK_MIME, "html")

    routes = [
        ("shown.csv", "shown_csv", shown_csv, ["GET"]),
        ("data.zip", "data_zip", full_zip, ["GET"]),
        ("handout", "handout", handout, ["GET"]),
        ("briefing.pdf", "briefing", briefing, ["GET", "POST"]),
        ("briefing.pptx", "briefing_pptx", powerpoint, ["GET", "POST"]),
        ("briefing.html", "briefing_html", html_deck, ["GET", "POST"]),
        ("<chart>.<fmt>", "chart", chart, ["GET"]),
    ]
    prefix = app.config.routes_pathname_prefix
    for rule, name, func, methods in routes:
        server.add_url_rule(f"{prefix}{FOLDER}/{rule}", endpoint=ENDPOINT + name, view_func=func, methods=methods)
    return [ENDPOINT + name for _, name, _, _ in routes]


def public_origin() -> str:
    """``https://host`` as a trusted proxy names the Atlas (``X-Forwarded-Host``, believed only with
    ``--trusted-proxies``: ProxyFix then stands in front of the app), else empty: a link relative to the server,
    which the reader's browser completes with the address it used. Never the request's own ``Host`` header: anyone
    can send any."""
    behind_proxy = "werkzeug.proxy_fix.orig" in request.environ
    return request.host_url.rstrip("/") if behind_proxy and request.headers.get("X-Forwarded-Host") else ""


TOO_BIG = f"The deck is too large (more than {MAX_DECK_BYTES // 1024} KB); is it a deck exported from the Atlas?"


def _posted_deck() -> tuple[bytes | str, str]:
    """The deck text of a POST (raw JSON body, or form field / uploaded file ``deck``), or a problem."""
    if request.content_length is not None and request.content_length > MAX_DECK_BYTES:
        return b"", TOO_BIG
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        upload = request.files.get("deck")
        body: bytes | str = upload.read(MAX_DECK_BYTES + 1) if upload is not None else request.form.get("deck", "")
    else:
        body = request.stream.read(MAX_DECK_BYTES + 1)
    if len(body) > MAX_DECK_BYTES:
        return b"", TOO_BIG
    if not (body.strip() if isinstance(body, str) else body.strip()):
        return b"", ("The request has no deck. POST the deck JSON as exported by the Atlas "
                     "(body, or form field 'deck').")
    return body, ""
