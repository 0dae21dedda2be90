"""Start the Atlas as a real server process (``python app.py ...``) for tests, and always stop it.

Built for a slow, busy 2-core machine: readiness is polled with a generous deadline, a process
that dies while starting fails the test with its own output, and stopping escalates from SIGTERM
to SIGKILL of the whole process group, so no worker outlives its test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0  # s: data loading and two forked workers on a loaded 2-core CI machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python app.py --port <free> *args`` (or any command with ``{port}`` in it) in its own process group."""

    def __init__(self, *args: str, command: list[str] | None = None, env: dict[str, str] | None = None,
                 base_path: str = "/") -> None:
        self.port = free_port()
        cmd = command or [sys.executable, "app.py", "--port", "{port}", *args]
        self.command = [c.replace("{port}", str(self.port)) for c in cmd]
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.base_path = base_path
        self.url = f"http://127.0.0.1:{self.port}"
        self._logs = Path(tempfile.mkdtemp(prefix="atlas-server-"))
        self._kept: dict[str, str] = {}  # the output, once the server is stopped and its files removed
        self.proc: subprocess.Popen | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> ServerProcess:
        with open(self._logs / "stdout", "wb") as out, open(self._logs / "stderr", "wb") as err:
            self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_listening(self, timeout: float = START_TIMEOUT) -> None:
        """Until the port accepts connections (gunicorn's workers may still be booting)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"server not listening after {timeout:.0f} s\n{self.output()}")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Until the health check answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            try:
                with urllib.request.urlopen(f"{self.url}{self.base_path}healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"server not ready after {timeout:.0f} s\n{self.output()}")

    def _check_alive(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"server exited with {self.proc.returncode} while starting\n{self.output()}")

    def terminate(self) -> None:
        """SIGTERM to the server (gunicorn's graceful stop)."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 60.0) -> int | None:
        """Stop gracefully, then by force (the whole process group); returns the exit code, None if killed."""
        if self.proc is None:
            return None
        code: int | None = None
        if self.proc.poll() is None:
            self.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = self.proc.wait(timeout)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # workers are in its process group
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        if not self._kept:
            self._kept = {"stdout": self.stdout(), "stderr": self.stderr()}
            shutil.rmtree(self._logs, ignore_errors=True)
        return code

    def __enter__(self) -> ServerProcess:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ output
    def _read(self, name: str) -> str:
        if name in self._kept:
            return self._kept[name]
        path = self._logs / name
        return path.read_bytes().decode("utf-8", errors="replace") if path.exists() else ""

    def stdout(self) -> str:
        return self._read("stdout")

    def stderr(self) -> str:
        return self._read("stderr")

    def output(self) -> str:
        return f"--- stdout\n{self.stdout()[-4000:]}\n--- stderr\n{self.stderr()[-4000:]}"


def get(url: str, timeout: float = 60, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are answers, not exceptions."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()
