"""One headless Chromium (kaleido) for image and PDF export, in-process or as one small process per host.

:class:`Chromium` starts kaleido 1.5 lazily on the first figure and keeps it: an export costs about
a quarter of a second once warm instead of a cold start each time. It runs kaleido's asyncio API
on a private event-loop thread and serialises calls with a lock; a failed or timed-out render
closes the browser, which starts again on the next figure. MathJax is disabled and the base-map
topojson is read from a local folder, so rendering makes no network request.

:func:`serve` puts one :class:`Chromium` behind a Unix socket with a small bounded queue: the
export renderer that every worker process of a server shares (``dashboard.export.render.SharedRenderer``
starts it on first use; it stops when idle or when the server that started it is gone), so memory
does not multiply with workers. This file imports only the standard library and kaleido, and runs
as a script (``python renderd.py SOCKET --owner PID``): the renderer process does not load the app.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import socket
import socketserver
import struct
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger("dashboard.export.renderd")

START_TIMEOUT = 60.0  # s to start Chromium
RENDER_TIMEOUT = 45.0  # s for one figure
RETRY_AFTER = 60.0  # s before trying to start Chromium again after a failure
IDLE_STOP = 300.0  # s without a figure before the shared renderer (and its Chromium) stops
QUEUE_WAIT = 90.0  # s a figure may wait for its turn in the shared renderer
NO_BROWSER, FAILED, BUSY = "no-browser", "failed", "busy"  # why a figure was not rendered (RenderFailed.reason)
_FRAME = struct.Struct(">cI")  # kind (O ok, E error, Q request), payload length


class RenderFailed(RuntimeError):
    """A figure was not rendered; ``reason`` is :data:`NO_BROWSER`, :data:`FAILED` or :data:`BUSY`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


class Chromium:
    """One persistent kaleido browser, started on first use; safe to call from several threads."""

    def __init__(self, topojson_dir: Path, *, browser_path: str | None = None,
                 render_timeout: float = RENDER_TIMEOUT) -> None:
        self._browser_path = browser_path
        self._topojson = Path(topojson_dir).resolve().as_uri().rstrip("/") + "/"
        self._render_timeout = render_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._failed_at: float | None = None

    def _start(self):
        if self._kaleido is not None:
            return self._kaleido
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            raise RenderFailed(NO_BROWSER)
        began = time.monotonic()
        try:
            import kaleido  # noqa: PLC0415 -- imported on first export only
            from choreographer.errors import BrowserFailedError, ChromeNotFoundError  # noqa: PLC0415
        except ImportError as exc:
            self._fail("kaleido is not installed")
            raise RenderFailed(NO_BROWSER) from exc
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
            self._fail(f"Chromium not found or failed to start: {exc}")
            raise RenderFailed(NO_BROWSER) from exc
        except Exception as exc:  # noqa: BLE001 -- any start failure is "unavailable", never a 500
            self._stop_loop(loop, thread)
            self._fail(f"kaleido failed to start: {exc!r}")
            raise RenderFailed(NO_BROWSER) from exc
        self._loop, self._thread, self._kaleido = loop, thread, k
        self._failed_at = None
        log.info("kaleido started in %.1f s", time.monotonic() - began)
        return k

    def _fail(self, detail: str) -> None:
        log.warning("image export unavailable: %s", detail)
        self._failed_at = time.monotonic()

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
            except RenderFailed:
                return False
            return True

    def render(self, spec: dict, fmt: str, width: int, height: int, scale: float = 1) -> bytes:
        """The figure ``spec`` (a plotly figure as a dict) as ``fmt`` bytes at ``width`` x ``height`` px."""
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
                raise RenderFailed(FAILED) from exc
            except Exception as exc:  # noqa: BLE001 -- a crashed browser is restarted, never a 500
                log.exception("kaleido render failed; restarting the browser on the next export")
                self._shutdown()
                raise RenderFailed(FAILED) from exc
        if not isinstance(data, bytes | bytearray) or not data:
            raise RenderFailed(FAILED)
        return bytes(data)


# --------------------------------------------------------------------------- the wire: length-prefixed frames
def send_frame(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    sock.sendall(_FRAME.pack(kind, len(payload)) + payload)


def recv_frame(sock: socket.socket) -> tuple[bytes, bytes]:
    def exactly(n: int) -> bytes:
        chunks, left = [], n
        while left:
            chunk = sock.recv(min(left, 1 << 20))
            if not chunk:
                raise ConnectionError("the other side closed the connection")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    kind, length = _FRAME.unpack(exactly(_FRAME.size))
    return kind, exactly(length)


# --------------------------------------------------------------------------- the shared renderer process
class _Service(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path: str, chromium: Chromium, waiting: int) -> None:
        self.chromium = chromium
        self.admitted = threading.BoundedSemaphore(1 + waiting)  # one renders (Chromium serialises), some wait
        self.last_used = time.monotonic()
        self.in_flight = 0
        self.count_lock = threading.Lock()
        super().__init__(path, _Handler)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: _Service = self.server  # type: ignore[assignment]
        with contextlib.suppress(ConnectionError, OSError, ValueError, struct.error):
            _, head = recv_frame(self.request)
            request = json.loads(head)
            figure = recv_frame(self.request)[1] if request.get("op") == "render" else b""
            with server.count_lock:
                server.in_flight += 1
            try:
                send_frame(self.request, *self._answer(server, request, figure))
            finally:
                with server.count_lock:
                    server.in_flight -= 1
                    server.last_used = time.monotonic()

    @staticmethod
    def _answer(server: _Service, request: dict, figure: bytes) -> tuple[bytes, bytes]:
        if request.get("op") == "available":
            return (b"O", b"") if server.chromium.available() else (b"E", NO_BROWSER.encode())
        if not server.admitted.acquire(blocking=False):
            return b"E", BUSY.encode()
        try:
            data = server.chromium.render(json.loads(figure), request["format"], int(request["width"]),
                                          int(request["height"]), float(request.get("scale", 1)))
            return b"O", data
        except RenderFailed as exc:
            return b"E", exc.reason.encode()
        finally:
            server.admitted.release()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve(path: str, *, owner: int, topojson_dir: Path, waiting: int = 8, idle: float = IDLE_STOP,
          browser_path: str | None = None) -> None:
    """Render figures sent to the Unix socket ``path`` until idle for ``idle`` s or process ``owner`` is gone."""
    chromium = Chromium(topojson_dir, browser_path=browser_path)
    service = _Service(path, chromium, waiting)
    threading.Thread(target=service.serve_forever, name="atlas-renderd", daemon=True).start()
    log.info("export renderer %d listening on %s", os.getpid(), path)
    try:
        while _alive(owner):
            time.sleep(1.0)
            with service.count_lock:
                if not service.in_flight and time.monotonic() - service.last_used > idle:
                    break
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # new workers' figures start a new renderer from here on
        service.shutdown()
        chromium.close()
        service.server_close()
        log.info("export renderer %d stopped", os.getpid())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="The Atlas's shared export renderer (started by the app, not by hand).")
    ap.add_argument("socket")
    ap.add_argument("--owner", type=int, required=True, help="stop when this process is gone")
    ap.add_argument("--topojson", required=True, help="folder with plotly's base-map topojson files")
    ap.add_argument("--waiting", type=int, default=8)
    ap.add_argument("--idle", type=float, default=IDLE_STOP)
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s")
    for chatty in ("kaleido", "choreographer", "logistro"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    serve(a.socket, owner=a.owner, topojson_dir=Path(a.topojson), waiting=a.waiting, idle=a.idle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
