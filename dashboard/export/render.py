"""Figure -> PNG / SVG / PDF bytes through kaleido (one headless Chromium, see renderd.py).

:func:`default_renderer` is the server's :class:`SharedRenderer`: one Chromium in one small process
shared by every worker process (started on the first export, stopped when idle), so memory does
not multiply with workers. :class:`Renderer` draws in the calling process instead (tests, tools).
Both read the base-map topojson from the app's own ``assets`` folder, so an export makes no
network request.

If Chromium is missing, the renderer fails or its queue is full, ``render`` raises
:class:`ExportUnavailable` (:class:`ExportBusy`) with a message fit for the user; the routes
answer 503 with it (and ``Retry-After``).
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Mapping
from html import escape
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.config import ROOT
from dashboard.export import renderd
from dashboard.i18n import N_

log = logging.getLogger(__name__)

TOPOJSON_DIR = ROOT / "assets" / "plotly_topojson"
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
    """One persistent kaleido browser in this process, started on first use; safe to call from several threads.

    Parameters
    ----------
    browser_path : str or Path, optional
        Chromium executable; by default kaleido finds ``/usr/bin/chromium`` (or ``BROWSER_PATH``).
    topojson_dir : Path
        Folder with plotly's ``{scope}_{resolution}m.json`` base-map files.
    """

    def __init__(self, *, browser_path: str | Path | None = None, topojson_dir: Path = TOPOJSON_DIR,
                 render_timeout: float = renderd.RENDER_TIMEOUT) -> None:
        self._chromium = renderd.Chromium(topojson_dir, browser_path=str(browser_path) if browser_path else None,
                                          render_timeout=render_timeout)
        self._exit_hook = False

    def close(self) -> None:
        """Stop the browser (it starts again on the next render)."""
        self._chromium.close()

    def available(self) -> bool:
        """Start the browser if needed; whether rendering can work here."""
        ok = self._chromium.available()
        if ok and not self._exit_hook:
            # Registered after Chromium started, so it runs before the finalizers of the browser's temporary
            # profile folder (atexit runs hooks last-in first-out): the browser is closed before its folder goes.
            atexit.register(self.close)
            self._exit_hook = True
        return ok

    def render(self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as ``fmt`` (png, svg or pdf) bytes at ``width`` x ``height`` px."""
        _check_format(fmt)
        if not self.available():
            raise ExportUnavailable(NO_BROWSER)
        try:
            return self._chromium.render(json.loads(pio.to_json(fig, validate=False)), fmt, width, height, scale)
        except renderd.RenderFailed as exc:
            raise _unavailable(exc.reason) from exc


class SharedRenderer:
    """The export renderer of the whole server: one Chromium in one small process, shared by every worker.

    Created in the process that forks the workers (gunicorn's master, see :func:`dashboard.serve.serve`),
    so they all talk to the same Unix socket in a private temporary folder (mode 0700). The first
    figure starts the renderer process (``renderd.py``, which loads kaleido but not the app); it
    renders one figure at a time, lets ``waiting`` more wait and refuses any further at once
    (:class:`ExportBusy`: 503 with ``Retry-After``), and stops after :data:`renderd.IDLE_STOP`
    seconds without a figure, or when the process that created this object is gone.
    """

    def __init__(self, *, waiting: int = 8, idle: float = renderd.IDLE_STOP, topojson_dir: Path = TOPOJSON_DIR) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="atlas-render-"))
        self.socket_path = self.folder / "render.sock"
        self._owner = os.getpid()
        self._waiting, self._idle, self._topojson = waiting, idle, topojson_dir
        self._started: list[subprocess.Popen] = []  # renderer processes this process started and has not reaped
        atexit.register(self._remove)

    def _remove(self) -> None:
        if os.getpid() == self._owner:  # forked workers inherit this hook: only the creator cleans up
            shutil.rmtree(self.folder, ignore_errors=True)

    def _connect(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(renderd.START_TIMEOUT)
        try:
            sock.connect(str(self.socket_path))
        except OSError:
            sock.close()
            raise
        return sock

    def _ensure_running(self) -> socket.socket:
        """A connection to the renderer process, started first if none is running (one at a time per host)."""
        with contextlib.suppress(FileNotFoundError, ConnectionRefusedError):
            return self._connect()
        with open(self.folder / "start.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be starting it right now
            with contextlib.suppress(FileNotFoundError, ConnectionRefusedError):
                return self._connect()
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()  # left by a renderer that was killed
            self._started = [p for p in self._started if p.poll() is None]  # reap the ones that stopped when idle
            process = subprocess.Popen(
                [sys.executable, "-P", renderd.__file__, str(self.socket_path), "--owner", str(self._owner),
                 "--topojson", str(self._topojson), "--waiting", str(self._waiting), "--idle", str(self._idle)],
                stdin=subprocess.DEVNULL, close_fds=True)
            self._started.append(process)
            deadline = time.monotonic() + renderd.START_TIMEOUT
            while time.monotonic() < deadline and process.poll() is None:
                with contextlib.suppress(FileNotFoundError, ConnectionRefusedError):
                    return self._connect()
                time.sleep(0.05)
        log.warning("the export renderer process did not start")
        raise ExportUnavailable(NO_BROWSER)

    def _ask(self, head: dict, figure: bytes | None = None) -> bytes:
        try:
            with self._ensure_running() as sock:
                sock.settimeout(renderd.QUEUE_WAIT + renderd.RENDER_TIMEOUT + renderd.START_TIMEOUT)
                renderd.send_frame(sock, b"Q", json.dumps(head).encode())
                if figure is not None:
                    renderd.send_frame(sock, b"Q", figure)
                kind, payload = renderd.recv_frame(sock)
        except OSError as exc:  # timed out, or the renderer died mid-figure
            log.warning("export renderer: %s", exc)
            raise ExportUnavailable(FAILED) from exc
        if kind != b"O":
            raise _unavailable(payload.decode("ascii", "replace"))
        return payload

    def available(self) -> bool:
        """Start the renderer and its browser if needed; whether rendering can work here."""
        try:
            self._ask({"op": "available"})
        except ExportUnavailable:
            return False
        return True

    def render(self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure as ``fmt`` (png, svg or pdf) bytes at ``width`` x ``height`` px, drawn by the shared renderer."""
        _check_format(fmt)
        head = {"op": "render", "format": fmt, "width": width, "height": height, "scale": scale}
        return self._ask(head, pio.to_json(fig, validate=False).encode())


def _check_format(fmt: str) -> None:
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported format {fmt!r}")


def _unavailable(reason: str) -> ExportUnavailable:
    """The user's message for why the renderer did not draw a figure."""
    if reason == renderd.BUSY:
        return ExportBusy(BUSY)
    return ExportUnavailable(NO_BROWSER if reason == renderd.NO_BROWSER else FAILED)


_default: SharedRenderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> SharedRenderer:
    """The server's shared renderer; call it once before forking workers so that they share it."""
    global _default
    with _default_lock:
        if _default is None:
            _default = SharedRenderer()
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
