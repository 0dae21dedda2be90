"""Traces, shapes and annotations addressed by a stable key, never by position.

Every trace a builder makes carries ``uid=<key>``; shapes and annotations carry ``name=<key>``. Keys are
made of letters, digits, ``-`` and ``_`` only: plotly.js uses a trace's uid in CSS class names.
:class:`Keys` reads those keys off a built figure, once, and turns them into the positions a
``dash.Patch`` needs. Style functions return ``{key: {dotted path: value}}`` and
:func:`apply_style` writes that into a figure or a Patch, so reordering traces breaks nothing and
the figure builder, the patches and the tests share one registry: the figure itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

LAYOUT = "layout"
SHAPE = "shape:"
ANNOTATION = "annotation:"

Style = dict[str, dict[str, Any]]
_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Keys:
    """Position of every keyed trace, shape and annotation of one figure."""

    traces: Mapping[str, int]
    shapes: Mapping[str, int]
    annotations: Mapping[str, int]

    @classmethod
    def of(cls, fig: go.Figure | Mapping) -> Keys:
        spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
        layout = spec.get("layout", {})

        def index(items, field: str) -> dict[str, int]:
            out: dict[str, int] = {}
            for n, item in enumerate(items or []):
                key = item.get(field)
                if key and not _KEY.fullmatch(key):
                    raise ValueError(f"{field} {key!r}: use letters, digits, '-' and '_' only")
                if key:
                    if key in out:
                        raise ValueError(f"duplicate {field} {key!r} in one figure")
                    out[key] = n
            return out

        return cls(index(spec.get("data"), "uid"), index(layout.get("shapes"), "name"),
                   index(layout.get("annotations"), "name"))

    def target(self, fig, key: str):
        """The trace, shape or annotation (or the layout) of ``fig`` that ``key`` names."""
        if key == LAYOUT:
            return fig["layout"]
        if key.startswith(SHAPE):
            return fig["layout"]["shapes"][self.shapes[key.removeprefix(SHAPE)]]
        if key.startswith(ANNOTATION):
            return fig["layout"]["annotations"][self.annotations[key.removeprefix(ANNOTATION)]]
        return fig["data"][self.traces[key]]


def apply_style(fig, style: Style, keys: Keys) -> None:
    """Write ``{key: {dotted path: value}}`` into a figure, its JSON dict or a ``dash.Patch``.

    All three take the same paths, so one pure style function serves the first draw and every update.
    """
    for key, props in style.items():
        target = keys.target(fig, key)
        for path, value in props.items():
            *parents, leaf = path.split(".")
            node = target
            for p in parents:
                node = node[p]
            node[leaf] = value
