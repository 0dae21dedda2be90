"""The shared export renderer: one Chromium in one process for all workers, bounded, started and stopped on its own.

Needs Debian's Chromium (skipped without it, failed under CI=true as the other export tests).
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.export.render import ExportBusy, SharedRenderer
from dashboard.export.render import ExportUnavailable as Unavailable

FIGURE = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2]))

if not Path("/usr/bin/chromium").exists():
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("image export needs Chromium (apt-get install chromium)")
    pytest.skip("image export needs Chromium (apt-get install chromium)", allow_module_level=True)


def _until(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_full_queue_refuses_at_once_and_the_renderer_stops_when_idle():
    renderer = SharedRenderer(waiting=0, idle=2)  # one figure at a time, none waiting; stop after 2 idle seconds
    assert renderer.available()

    def one(_: int) -> str:
        try:
            return "png" if renderer.render(FIGURE, "png", 300, 200).startswith(b"\x89PNG") else "?"
        except ExportBusy:
            return "busy"

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(one, range(6)))
    assert "png" in answers and "busy" in answers, answers
    assert set(answers) <= {"png", "busy"}, answers

    assert _until(lambda: not renderer.socket_path.exists()), "the renderer did not stop when idle"
    assert renderer.render(FIGURE, "svg", 300, 200).lstrip().startswith(b"<svg")  # started again on demand


def test_an_unknown_format_is_a_programming_error_not_a_render():
    with pytest.raises(ValueError, match="unsupported format"):
        SharedRenderer().render(FIGURE, "gif", 10, 10)
    assert issubclass(ExportBusy, Unavailable)
