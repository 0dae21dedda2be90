"""gunicorn's threaded worker, with each request read whole by the worker's event loop before a thread gets it.

gunicorn's ``gthread`` worker hands a connection to a request thread as soon as its first byte
arrives, and the thread then blocks reading the rest: 40 clients trickling their headers one byte
every 2 s hold every thread of every worker, and ``/healthz`` times out (issue 19). Here the
worker's main loop (already a ``selectors`` loop over idle keep-alive connections) reads the
headers, and a body with a ``Content-Length`` up to :data:`BODY_BUFFER`, without blocking; a
thread gets the connection only once the request is all there, so a slow client costs a socket,
not a thread. A request not complete after :data:`READ_TIMEOUT` seconds is dropped.

Measured with ``bench/slowclients.py`` against gunicorn's ``gevent`` worker, which also survives
slow clients but served the page's callbacks at a third of the rate of threads under load
(``bench/load.py``; figures in docs/DEPLOY.md). Chunked bodies and TLS (the Atlas is served
behind a proxy that terminates it) are left to gunicorn's own path.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import ThreadWorker

READ_TIMEOUT = 30.0  # s to send one request (nginx allows 60 s for headers, 60 s between body reads)
HEAD_LIMIT = 64 * 1024  # bytes of headers; more is handed on for gunicorn's parser to refuse
BODY_BUFFER = 2 * 1024 * 1024 + 1  # the app refuses bodies over 2 MB (413): no need to buffer more than that
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:", re.IGNORECASE | re.MULTILINE)


def request_complete(data: bytes | bytearray) -> bool:
    """Whether ``data`` holds a request's headers and its body (as far as it is buffered here)."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data) > HEAD_LIMIT
    head = bytes(data[:end])
    if _CHUNKED.search(head):
        return True
    length = _LENGTH.search(head)
    body = min(int(length.group(1)), BODY_BUFFER) if length else 0
    return len(data) - end - 4 >= body


class BufferingThreadWorker(ThreadWorker):
    """``gthread`` that reads each request in its event loop first (see the module's docstring)."""

    def init_process(self) -> None:
        self.reading: dict[object, float] = {}  # connection -> deadline to have sent its request
        super().init_process()

    def enqueue_req(self, conn) -> None:
        if (self.cfg.is_ssl or getattr(conn, "atlas_read", False)
                or (conn.parser is not None and conn.parser.unreader.buf.getvalue())):
            conn.atlas_read = False  # read whole (or pipelined bytes already held): a thread answers it
            return super().enqueue_req(conn)
        conn.atlas_inbox = bytearray()
        conn.sock.setblocking(False)
        self.reading[conn] = time.monotonic() + READ_TIMEOUT
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_some, conn))
        self._read_some(conn, conn.sock)  # a kept-alive connection's request is usually there already

    def _read_some(self, conn, _sock) -> None:
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        conn.atlas_inbox += data
        if not request_complete(conn.atlas_inbox):
            return
        self.poller.unregister(conn.sock)
        del self.reading[conn]
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(conn.atlas_inbox))
        conn.atlas_inbox = None
        conn.data_ready = conn.atlas_read = True
        self.enqueue_req(conn)

    def _drop(self, conn) -> None:
        self.reading.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError, OSError):
            self.poller.unregister(conn.sock)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c, deadline in self.reading.items() if deadline < now]:
            self._drop(conn)
