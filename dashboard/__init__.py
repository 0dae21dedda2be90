"""Kazakhstan–Türkiye Partnership Atlas: ``create_app`` builds a Dash app from validated data."""

from __future__ import annotations

import logging

from dash import Dash, set_props
from flask import has_request_context, request

from dashboard import i18n, ids
from dashboard.briefing.deck import default_deck
from dashboard.cache import BUDGET
from dashboard.config import ROOT, Settings
from dashboard.data.load import Atlas, load_atlas
from dashboard.data.schema import LAYERS, SECTORS
from dashboard.data.selectors import default_year, year_bounds
from dashboard.data.tables import features
from dashboard.i18n import _
from dashboard.server import LANG_COOKIE  # the language of the page being loaded (assets/a11y.js)
from dashboard.state import Domain, decode, default_state, with_changes

log = logging.getLogger(__name__)
TITLE = "Kazakhstan–Türkiye Partnership Atlas"
MAX_SLIDES = 50
# Dash's page, with two changes for assistive technology: the document's language (English until the view
# state says otherwise: assets/a11y.js keeps it in step with the link's ``lang=``), and the renderer's scripts
# in a plain <div> instead of a second <footer> (a second "contentinfo" landmark beside the Atlas's own footer).
# The scripts are the same as Dash's, so the Content-Security-Policy's hashes still hold.
INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts" hidden>
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


class AtlasDash(Dash):
    """Dash with the browser's preferred language written into the page (``data-first-lang``).

    Only for a first visit: assets/a11y.js adds it as ``lang=`` when the link has no ``lang=`` and the
    user never chose a language in this browser. Read here, per page request, never in a callback
    (callback answers are shared by all users through the answer cache).
    """

    def interpolate_index(self, **parts) -> str:
        page = super().interpolate_index(**parts)
        first = i18n.negotiate(request.headers.get("Accept-Language")) if has_request_context() else i18n.DEFAULT
        return page.replace('<html lang="en">', f'<html lang="en" data-first-lang="{first}">', 1)




def page_language() -> str:
    """The language the page being loaded asked for (English outside a request or for anything unsupported).

    For the layout request only: callbacks take their language from the view state in their body.
    """
    lang = request.cookies.get(LANG_COOKIE) if has_request_context() else None
    return lang if i18n.is_supported(lang) else i18n.DEFAULT


def _vary_on_language(response):
    """The page depends on Accept-Language (``data-first-lang``), the layout on the language cookie: tell caches."""
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
    elif request.path.endswith("_dash-layout"):
        response.vary.add("Cookie")
        response.headers["Cache-Control"] = "no-store"
    return response


def make_domain(atlas: Atlas) -> Domain:
    """What a valid view state may contain, derived from the loaded data."""
    return Domain(
        years=year_bounds(atlas),
        default_year=default_year(atlas),
        sectors=tuple(SECTORS),
        layers=tuple(LAYERS),
        features=frozenset(features(atlas)["id"]),
        max_slides=MAX_SLIDES,
    )


def callback_language(body: object, domain: Domain) -> str:
    """The language of a callback request: ``lang=`` of the view state (or the link) it carries in its body.

    Never a header or cookie: callback answers are shared by all users (the answer cache); English when the
    body carries neither."""
    items = []
    for key in ("inputs", "state"):
        for item in (body.get(key) or []) if isinstance(body, dict) else []:
            items.extend(item if isinstance(item, list) else [item])  # pattern-matching inputs come as lists
    for wanted in ((ids.STATE, "data"), (ids.URL, "search")):
        for item in items:
            if isinstance(item, dict) and (item.get("id"), item.get("property")) == wanted:
                value = item.get("value")
                if isinstance(value, str):
                    return decode(value, domain)[0].lang
    return i18n.DEFAULT


def callback_error_handler(domain: Domain):
    """Dash's ``on_error``: a callback that fails leaves the page as it was and says so, in the request's
    language; no traceback reaches the user."""

    def on_error(err: Exception) -> None:
        log.exception("callback failed", exc_info=err)
        body = request.get_json(silent=True) if has_request_context() else None
        with i18n.using(callback_language(body, domain)):
            set_props(ids.NOTICE, {"children": _("Something went wrong with that request; the view was left "
                                                 "unchanged.")})

    return on_error


def create_app(settings: Settings | None = None) -> Dash:
    """Load and validate the data once, build the layout, register the callbacks and exports.

    The app is served under ``settings.base_path`` and hardened for production by
    :func:`dashboard.server.harden` (headers, limits, plain errors, health check), whatever serves it.
    """
    from dashboard.callbacks import register
    from dashboard.export import ExportQueue, export_url, register_exports
    from dashboard.export.handout import SCRIPT as HANDOUT_SCRIPT
    from dashboard.layout.page import page
    from dashboard.server import harden

    settings = settings or Settings.from_env()
    BUDGET.resize(settings.cache_mb * 1024 * 1024)  # every cache of the process: one budget
    i18n.load_catalogs()  # compiled in memory; an incomplete catalog stops start-up like broken data
    atlas = load_atlas(settings.data_dir)
    domain = make_domain(atlas)
    app = AtlasDash(
        __name__,
        title=TITLE,
        assets_folder=str(ROOT / "assets"),
        compress=True,
        serve_locally=True,
        update_title=None,
        url_base_pathname=settings.base_path,
        on_error=callback_error_handler(domain),
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        index_string=INDEX,
    )
    app.server.after_request(_vary_on_language)
    state = default_state(domain)
    exports = export_url(app, "")
    mine = object()  # this app's entries in the cache budget

    def layout():
        """The page in the language of the page being loaded (the ``atlas-lang`` cookie assets/a11y.js sets
        from the link's ``lang=`` just before Dash asks for the layout); kept per language in the cache budget."""
        lang = page_language()

        def build():
            with i18n.using(lang):
                return page(atlas, with_changes(state, lang=lang), domain.years,
                            app.get_asset_url("plotly_topojson/region/"), default_deck(domain, lang), exports=exports)

        return BUDGET.remember(("layout", mine, lang), build)

    app.layout = layout
    # Dash keeps the layout a function returns (here: the English page) as a "validation layout" and writes it
    # into every page it serves; the renderer checks the callbacks against the page it loads instead.
    app.validation_layout = None
    register(app, atlas, domain, exports=exports)
    endpoints = register_exports(app, atlas, domain, data_dir=settings.data_dir,
                                 queue=ExportQueue.for_threads(settings.threads))
    harden(app, settings, data_dir=settings.data_dir, extra_scripts=[HANDOUT_SCRIPT], rate_limited=endpoints)
    return app
