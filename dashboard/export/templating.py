"""The Jinja2 environment of the HTML exports (handout, HTML deck): templates in ``export/templates``, every
value autoescaped; :func:`script_json` puts data into a ``<script>`` block safely."""

from __future__ import annotations

import functools
import json
import re

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup


@functools.cache
def environment() -> Environment:
    # autoescape in .html templates: a caption, title or source name is text, never markup
    return Environment(loader=PackageLoader("dashboard.export", "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def script_json(text: str) -> Markup:
    """JSON text (already serialised) made safe inside ``<script type="application/json">``: ``<``, ``>`` and ``&``
    as JSON escapes, so no ``</script>`` or ``<!--`` in the data can end the block."""
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def script_code(code: str) -> Markup:
    """JavaScript source (the vendored plotly.js) made safe inside ``<script>``: a ``</script`` or ``<!--`` in a
    string of it would end or change the block, so they are written ``<\\/script`` and ``<\\!--`` (the same
    string to JavaScript)."""
    return Markup(re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--"))


def data_json(value: object) -> Markup:
    return script_json(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
