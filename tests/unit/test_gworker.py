"""When the serving worker's event loop has read a request whole and may hand it to a thread (dashboard/gworker.py)."""

from __future__ import annotations

import pytest

from dashboard.gworker import BODY_BUFFER, HEAD_LIMIT, request_complete

HEAD = b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"


@pytest.mark.parametrize(("data", "complete"), [
    (b"GET / HTTP/1.1\r\nHost: x\r\n", False),  # headers still arriving (a slow client)
    (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", True),
    (HEAD + b"Content-Length: 10\r\n\r\n12345", False),  # half the body
    (HEAD + b"content-length:10\r\n\r\n1234567890", True),
    (HEAD + b"Content-Length: 5\r\n\r\n12345GET / HTTP/1.1\r\n", True),  # the next request pipelined behind it
    (HEAD + b"Transfer-Encoding: chunked\r\n\r\n", True),  # chunked bodies are read by gunicorn's own path
    (HEAD + b"Content-Length: 99999999\r\n\r\n" + b"x" * BODY_BUFFER, True),  # over the cap: the app answers 413
    (b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * (HEAD_LIMIT // 6 + 1), True),  # endless headers: the parser refuses them
])
def test_a_request_goes_to_a_thread_only_once_it_is_all_there(data, complete):
    assert request_complete(data) is complete
