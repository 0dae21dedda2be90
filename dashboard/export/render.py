"""Figure -> PNG / SVG / PDF bytes through kaleido, behind one small thread-safe wrapper.

:class:`Renderer` starts one headless Chromium (kaleido 1.5) lazily on the first export and keeps
it for the life of the process, so an export costs about a quarter of a second once warm instead
of a cold start each time. It runs kaleido's asyncio API on a private event-loop thread and
serialises calls with a lock, so Flask's threaded server can call it from any request thread.
MathJax is disabled and the base-map topojson is read from the app's own ``assets`` folder, so
an export makes no network request.

If Chromium is missing or the renderer fails, :meth:`Renderer.render` raises
:class:`ExportUnavailable` with a message fit for the user; the routes answer 503 with it.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import logging
import re
import struct
import threading
import time
import zlib
from collections.abc import Mapping
from html import escape
from pathlib import Path

import plotly.graph_objects as go

from dashboard.config import ROOT
from dashboard.i18n import N_

log = logging.getLogger(__name__)

TOPOJSON_DIR = ROOT / "assets" / "plotly_topojson"
START_TIMEOUT = 60.0  # s to start Chromium
RENDER_TIMEOUT = 45.0  # s for one figure
RETRY_AFTER = 60.0  # s before trying to start Chromium again after a failure
# The messages for the user are English where they are raised (the plain-text 503 answers); the handout, a page in
# the view's language, shows them translated.
NO_BROWSER = N_("Image and PDF export is not available on this server: it needs Chromium "
                "(Debian: apt-get install chromium), which was not found. CSV, ZIP and handout exports still work.")
FAILED = N_("Image export failed on the server; please try again in a minute. CSV and ZIP exports still work.")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ExportUnavailable(RuntimeError):
    """Raised when a figure cannot be rendered; ``str(exc)`` is a message for the user."""


class ExportBusy(ExportUnavailable):
    """Raised when the export queue of this process is full; the routes answer 503 with Retry-After."""


BUSY = N_("The server is busy with other image and PDF exports. Please try again in a minute; "
          "CSV and ZIP exports still work.")


class ExportQueue:
    """Bounded admission to the heavy exports of one process: a queue, not one Chromium per request.

    At most ``running`` exports render at once (one persistent Chromium per process serialises
    them anyway) and at most ``waiting`` more wait for their turn, each for ``wait`` seconds at
    most; any further request is refused at once with :class:`ExportBusy`. This keeps most of a
    worker's threads free for the page itself however many exports are asked for.
    """

    def __init__(self, running: int = 1, waiting: int = 1, wait: float = 90.0) -> None:
        if running < 1 or waiting < 0:
            raise ValueError("an export queue needs at least one running slot")
        self._running = threading.BoundedSemaphore(running)
        self._admitted = threading.BoundedSemaphore(running + waiting)
        self._wait = wait

    @classmethod
    def for_threads(cls, threads: int) -> ExportQueue:
        """One export at a time; with ``threads`` request threads, all but one may wait for it (at least one)."""
        return cls(running=1, waiting=max(1, threads - 2))

    def __enter__(self) -> ExportQueue:
        if not self._admitted.acquire(blocking=False):
            raise ExportBusy(BUSY)
        if not self._running.acquire(timeout=self._wait):
            self._admitted.release()
            raise ExportBusy(BUSY)
        return self

    def __exit__(self, *_exc) -> None:
        self._running.release()
        self._admitted.release()


class Renderer:
    """One persistent kaleido browser, started on first use; safe to call from several threads.

    Parameters
    ----------
    browser_path : str or Path, optional
        Chromium executable; by default kaleido finds ``/usr/bin/chromium`` (or ``BROWSER_PATH``).
    topojson_dir : Path
        Folder with plotly's ``{scope}_{resolution}m.json`` base-map files.
    """

    def __init__(self, *, browser_path: str | Path | None = None, topojson_dir: Path = TOPOJSON_DIR,
                 render_timeout: float = RENDER_TIMEOUT) -> None:
        self._browser_path = str(browser_path) if browser_path else None
        self._topojson = topojson_dir.resolve().as_uri().rstrip("/") + "/"
        self._render_timeout = render_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._failed_at: float | None = None
        self._failure = NO_BROWSER
        self.last_start_seconds: float | None = None
        self._exit_hook = False

    # ------------------------------------------------------------------ lifecycle
    def _start(self):
        if self._kaleido is not None:
            return self._kaleido
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            raise ExportUnavailable(self._failure)
        began = time.monotonic()
        try:
            import kaleido  # noqa: PLC0415 -- imported on first export only
            from choreographer.errors import BrowserFailedError, ChromeNotFoundError  # noqa: PLC0415
        except ImportError as exc:
            self._fail("kaleido is not installed", NO_BROWSER)
            raise ExportUnavailable(NO_BROWSER) from exc
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="atlas-kaleido", daemon=True)
        thread.start()
        options = {"n": 1, "timeout": self._render_timeout, "mathjax": False}
        if self._browser_path:
            options["path"] = self._browser_path

        async def _open():
            return await kaleido.Kaleido(**options)

        try:
            k = asyncio.run_coroutine_threadsafe(_open(), loop).result(START_TIMEOUT)
        except (ChromeNotFoundError, BrowserFailedError, FileNotFoundError) as exc:
            self._stop_loop(loop, thread)
            self._fail(f"Chromium not found or failed to start: {exc}", NO_BROWSER)
            raise ExportUnavailable(NO_BROWSER) from exc
        except Exception as exc:  # noqa: BLE001 -- any start failure is "unavailable", never a 500
            self._stop_loop(loop, thread)
            self._fail(f"kaleido failed to start: {exc!r}", NO_BROWSER)
            raise ExportUnavailable(NO_BROWSER) from exc
        self._loop, self._thread, self._kaleido = loop, thread, k
        self._failed_at = None
        if not self._exit_hook:
            # Registered after Chromium started, so it runs before the finalizers of the browser's temporary
            # profile folder (atexit runs hooks last-in first-out): the browser is closed before its folder goes.
            atexit.register(self.close)
            self._exit_hook = True
        self.last_start_seconds = time.monotonic() - began
        log.info("kaleido started in %.1f s", self.last_start_seconds)
        return k

    def _fail(self, detail: str, message: str) -> None:
        log.warning("image export unavailable: %s", detail)
        self._failed_at, self._failure = time.monotonic(), message

    @staticmethod
    def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()

    def _shutdown(self) -> None:
        """Close the browser and the loop (lock held by the caller)."""
        k, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None or thread is None:
            return
        if k is not None:
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:  # noqa: BLE001 -- best effort on the way out
                log.warning("kaleido did not close cleanly", exc_info=True)
        self._stop_loop(loop, thread)

    def close(self) -> None:
        """Stop the browser (it starts again on the next render)."""
        with self._lock:
            self._shutdown()

    def available(self) -> bool:
        """Start the browser if needed; whether rendering can work here."""
        with self._lock:
            try:
                self._start()
            except ExportUnavailable:
                return False
            return True

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    # ------------------------------------------------------------------ rendering
    def render(self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as ``fmt`` (png, svg or pdf) bytes at ``width`` x ``height`` px."""
        if fmt not in ("png", "svg", "pdf"):
            raise ValueError(f"unsupported format {fmt!r}")
        spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
        with self._lock:
            k = self._start()
            assert self._loop is not None
            coro = k.calc_fig(spec, opts={"format": fmt, "width": width, "height": height, "scale": scale},
                              topojson=self._topojson)
            future = asyncio.run_coroutine_threadsafe(coro, self._loop)
            try:
                data = future.result(self._render_timeout + 15)
            except concurrent.futures.TimeoutError as exc:
                future.cancel()
                log.error("kaleido render timed out; restarting the browser on the next export")
                self._shutdown()
                raise ExportUnavailable(FAILED) from exc
            except Exception as exc:  # noqa: BLE001 -- a crashed browser is restarted, never a 500
                log.exception("kaleido render failed; restarting the browser on the next export")
                self._shutdown()
                raise ExportUnavailable(FAILED) from exc
        if not isinstance(data, bytes | bytearray) or not data:
            raise ExportUnavailable(FAILED)
        return bytes(data)


_default: Renderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> Renderer:
    """The process-wide renderer (one Chromium per process, started on first use, closed at exit)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Renderer()
        return _default


# --------------------------------------------------------------------------- metadata
def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_text(png: bytes, texts: Mapping[str, str]) -> bytes:
    """``png`` with one uncompressed UTF-8 ``iTXt`` chunk per item, right after ``IHDR``.

    Keywords must be Latin-1, 1-79 characters (``Title``, ``Source``, ``Description`` ...).
    """
    if png[:8] != PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    end_ihdr = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    extra = b"".join(
        _chunk(b"iTXt", key.encode("latin-1")[:79] + b"\x00\x00\x00" + b"\x00" + b"\x00" + value.encode("utf-8"))
        for key, value in texts.items()
    )
    return png[:end_ihdr] + extra + png[end_ihdr:]


def png_text(png: bytes) -> dict[str, str]:
    """The ``tEXt`` / ``iTXt`` (uncompressed) items of a PNG: keyword -> text."""
    out: dict[str, str] = {}
    pos = 8
    while pos + 8 <= len(png):
        length = struct.unpack(">I", png[pos:pos + 4])[0]
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\x00")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = data.partition(b"\x00")
            if rest[:1] == b"\x00":  # uncompressed
                _lang, _, rest = rest[2:].partition(b"\x00")
                _translated, _, value = rest.partition(b"\x00")
                out[key.decode("latin-1")] = value.decode("utf-8", errors="replace")
        if kind == b"IEND":
            break
        pos += 12 + length
    return out


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def svg_with_text(svg: bytes, title: str, description: str) -> bytes:
    """``svg`` with ``<title>`` and ``<desc>`` (title; filters and sources) as its first children."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        return svg
    meta = (f"<title>{escape(title, quote=False)}</title><desc>{escape(description, quote=False)}</desc>"
            ).encode()
    return svg[:match.end()] + meta + svg[match.end():]
