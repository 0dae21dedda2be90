"""``python app.py`` as an operator runs it: gunicorn workers, start-up errors, shutdown, logs, health.

Each test starts real server processes (tests/servers.py) on free loopback ports and stops them,
whatever happens.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from dashboard.devtools import callback_key, request_body
from tests.servers import ROOT, ServerProcess, get

pytestmark = pytest.mark.serving


def _page_resources(html: str) -> list[str]:
    """Every script and stylesheet the index page asks for."""
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


# --------------------------------------------------------------------------- the bug of issue 9
def test_fresh_workers_serve_every_script_to_many_clients_at_once(client):
    """Straight after start, 4 workers x 4 threads get every script of the page from 48 clients at once.

    Dash filled its table of servable bundles on a worker's first request, and marked that done
    before doing it: the other threads of a fresh worker answered 500 ("dash" is not a registered
    library), and the page stayed blank.
    """
    resources = ["/", *_page_resources(client.get("/").get_data(as_text=True))]
    assert sum("_dash-component-suites/dash/" in r for r in resources) >= 5, resources
    server = ServerProcess("--workers", "4", "--threads", "4").start()
    try:
        server.wait_listening()  # the first requests each worker sees are these

        def fetch(path: str) -> tuple[str, int]:
            status, _, _ = get(server.url + path, timeout=120, headers={"Accept-Encoding": "gzip"})
            return path, status

        with concurrent.futures.ThreadPoolExecutor(48) as pool:
            answers = list(pool.map(fetch, resources * 8))
    finally:
        server.stop()
    failed = Counter((path, status) for path, status in answers if status != 200)
    assert not failed, f"{sum(failed.values())} of {len(answers)} requests failed: {failed}\n{server.output()}"


# --------------------------------------------------------------------------- a running server
@pytest.fixture(scope="module")
def served():
    with ServerProcess("--workers", "2", "--threads", "2") as server:
        yield server


def test_health_check_names_the_data_version_and_nothing_else(served):
    status, headers, body = get(f"{served.url}/healthz")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    health = json.loads(body)
    assert health["status"] == "ok"
    assert re.fullmatch(r"sha256:[0-9a-f]{16}", health["data_version"])
    assert len(body) < 200  # no data in it
    assert headers["Cache-Control"] == "no-store"


def test_served_by_gunicorn_with_the_workers_asked_for(served):
    banner = served.stdout().splitlines()[0]
    assert banner == (f"Kazakhstan–Türkiye Partnership Atlas on http://127.0.0.1:{served.port}/ "
                      "(gunicorn, 2 workers × 2 threads)")
    deadline = time.monotonic() + 60  # the health check may be answered before the second worker has booted
    while len(re.findall(r"Booting worker with pid", served.stderr())) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(re.findall(r"Booting worker with pid", served.stderr())) == 2, served.output()
    assert "development server" not in served.stderr().lower()


def test_access_log_is_one_json_object_per_request_on_stdout(served):
    get(f"{served.url}/?year=2016", headers={"X-Request-ID": "test-42", "User-Agent": "pytest"})
    get(f"{served.url}/no-such-page")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "no-such-page" not in served.stdout():
        time.sleep(0.1)
    records = [json.loads(line) for line in served.stdout().splitlines()[1:] if line.strip()]
    page = next(r for r in records if r["request_id"] == "test-42")
    assert page | {"time": None, "ms": None, "bytes": None} == {
        "time": None, "remote": "127.0.0.1", "method": "GET", "path": "/", "query": "year=2016", "status": 200,
        "bytes": None, "ms": None, "request_id": "test-42", "user_agent": "pytest"}
    assert page["bytes"] > 1000 and page["ms"] >= 0
    assert next(r for r in records if r["path"] == "/no-such-page")["status"] == 404


def test_every_response_carries_the_security_headers(served):
    for path in ("/", "/_dash-layout", "/assets/atlas.css", "/healthz", "/no-such-page",
                 "/export/shown.csv?year=2016"):
        status, headers, _ = get(served.url + path)
        assert status in (200, 404), path
        csp = headers.get("Content-Security-Policy", "")
        script_src = re.search(r"script-src ([^;]+)", csp).group(1)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("Referrer-Policy") == "no-referrer", path
        assert "camera=()" in headers.get("Permissions-Policy", ""), path


def test_no_response_names_the_server_software(served):
    for path in ("/", "/healthz", "/no-such-page"):
        status, headers, _ = get(served.url + path)
        assert "Server" not in headers, (path, headers.get("Server"))


def test_a_chunked_body_over_2_mb_is_refused_while_it_arrives(served):
    """No Content-Length to check up front: the cap holds while the body is read."""
    chunk = b"x" * 65536
    with socket.create_connection(("127.0.0.1", served.port), timeout=60) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        try:
            for _ in range(48):  # 3 MB
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the whole body was sent
        answer = _read_all(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"too large" in answer and b"Traceback" not in answer


def test_page_and_scripts_are_compressed(served):
    status, headers, body = get(f"{served.url}/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"


def test_any_wsgi_host_serves_wsgi_server_with_the_same_shell():
    """`gunicorn wsgi:server` as docs/DEPLOY.md writes it, settings from the environment."""
    command = [sys.executable, "-m", "gunicorn", "wsgi:server", "--bind", "127.0.0.1:{port}", "--workers", "2",
               "--threads", "2", "--worker-class", "gthread", "--preload", "--forwarded-allow-ips", "",
               "--no-control-socket"]
    with ServerProcess(command=command, env={"ATLAS_BASE_PATH": "/atlas/"}, base_path="/atlas/") as server:
        status, headers, body = get(f"{server.url}/atlas/")
        assert status == 200 and b"Kazakhst" in body
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        scripts = re.findall(r'<script src="([^"]+)"', body.decode())
        assert scripts and all(src.startswith("/atlas/") for src in scripts)
        assert all(get(server.url + src)[0] == 200 for src in scripts)
        assert get(f"{server.url}/")[0] == 404


def test_forty_slow_clients_leave_the_health_check_answering(served):
    """Issue 19: 40 connections that never finish their headers held every request thread; /healthz timed out."""
    slow = [socket.create_connection(("127.0.0.1", served.port), timeout=10) for _ in range(40)]
    try:
        for sock in slow:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and nothing more
        answered = 0
        for _ in range(5):
            began = time.monotonic()
            try:
                status = get(f"{served.url}/healthz", timeout=3)[0]
            except OSError:
                continue
            answered += status == 200 and time.monotonic() - began < 3
    finally:
        for sock in slow:
            sock.close()
    assert answered >= 4, served.output()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def _command_lines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        with contextlib.suppress(OSError):
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
    return lines


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="image export needs Chromium")
def test_the_workers_share_one_export_renderer():
    """Issue 19: each worker started its own Chromium, so export memory grew with the number of workers."""
    with ServerProcess("--workers", "2", "--threads", "4", env={"ATLAS_EXPORT_RATE": "1000/minute"}) as server:
        def export(year: int) -> int:
            return get(f"{server.url}/export/map.svg?year={year}", timeout=180)[0]

        with concurrent.futures.ThreadPoolExecutor(3) as pool:
            statuses = list(pool.map(export, range(2010, 2022)))  # new connections: both workers get some
        assert statuses.count(200) >= 4 and set(statuses) <= {200, 503}, statuses
        lines = _command_lines(_descendants(server.proc.pid))
        renderers = [line for line in lines if "renderd.py" in line]
        browsers = [line for line in lines if line.split()[0].endswith("/chromium") and "--type=" not in line]
        assert len(renderers) == 1 and len(browsers) == 1, "\n".join(lines)


# --------------------------------------------------------------------------- stopping
def test_sigterm_lets_the_request_in_flight_finish(app):
    """A callback whose body is still arriving when SIGTERM comes is answered; then the server exits 0."""
    body = json.dumps(request_body(app, callback_key(app, "headline.children"), {"view-state.data": "year=2016"},
                                   ["view-state.data"])).encode()
    with ServerProcess("--workers", "2", "--threads", "2") as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
            # A slow client: the headers and half the body now, the rest after the signal.
            head = (f"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
            sock.sendall(head + body[: len(body) // 2])
            time.sleep(1.0)
            server.terminate()
            time.sleep(2.0)
            sock.sendall(body[len(body) // 2:])
            answer = _read_all(sock)
        code = server.proc.wait(60)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert b"2016" in answer  # the callback's real answer (the year label), not an error page
    assert code == 0, server.output()


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _data_version(server: ServerProcess) -> str:
    status, _, body = get(f"{server.url}/healthz", timeout=30)
    assert status == 200
    return json.loads(body)["data_version"]


def _until(condition, what: str, server: ServerProcess, timeout: float = 120) -> None:
    """Poll ``condition`` until it holds (a slow 2-core machine: a generous deadline, a short poll)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert server.proc.poll() is None, f"the server died waiting for {what}\n{server.output()}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{server.output()}"
        time.sleep(0.1)


def _reload(server: ServerProcess) -> None:
    """SIGHUP, then wait until the workers started by the reload serve and the ones before it have left."""
    booted = server.stderr().count("Booting worker with pid")
    exited = server.stderr().count("Worker exiting")
    server.proc.send_signal(signal.SIGHUP)
    _until(lambda: server.stderr().count("Booting worker with pid") >= booted + 2
           and server.stderr().count("Worker exiting") >= exited + 2, "the workers of the reload", server)


def test_sighup_reads_the_data_again_and_broken_new_data_leave_the_old_serving(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    with ServerProcess("--workers", "2", "--threads", "2", "--data-dir", str(data)) as server:
        first = _data_version(server)
        with (data / "milestones.csv").open("a", encoding="utf-8") as f:
            f.write("\n")  # new bytes, same rows: a new data version
        _reload(server)
        second = _data_version(server)
        assert second != first, server.output()

        (data / "trade_annual.csv").write_bytes(b"\xff\xfe broken")
        _reload(server)
        assert "data not reloaded, still serving the previous data" in server.stderr(), server.output()
        assert "trade_annual.csv" in server.stderr()
        assert _data_version(server) == second
        assert get(f"{server.url}/?year=2016")[0] == 200


def _break_a_milestone_date(data: Path) -> None:
    lines = (data / "milestones.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",1991-12-16,", ",not-a-date,", 1)
    assert "not-a-date" in lines[3]
    (data / "milestones.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_sighup_with_a_malformed_milestone_date_keeps_serving_and_logs_one_line(tmp_path: Path):
    """Issue 19: the date reached the trade figure, which raised ValueError in the master: every request refused."""
    data = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    with ServerProcess("--workers", "2", "--threads", "2", "--data-dir", str(data)) as server:
        before = _data_version(server)
        _break_a_milestone_date(data)
        _reload(server)
        assert server.proc.poll() is None, server.output()
        rejected = [line for line in server.stderr().splitlines() if "data not reloaded" in line]
        assert len(rejected) == 1, server.output()
        assert ("milestones.csv, row 4, column 'date': expected a date (YYYY, YYYY-MM or YYYY-MM-DD), "
                "found 'not-a-date'") in rejected[0]
        assert "Traceback" not in server.stderr()
        assert _data_version(server) == before
        status, _, page = get(f"{server.url}/?year=2016")
        assert status == 200 and b"Kazakhst" in page


# --------------------------------------------------------------------------- refusing to start
def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    import os  # noqa: PLC0415

    return subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL)


def test_a_broken_data_file_stops_the_start_with_one_message(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    trade = data / "trade_annual.csv"
    lines = trade.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ",not-a-number,", 1)  # a row with a shifted, malformed cell
    trade.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _run("--data-dir", str(data), "--port", "1")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("The Atlas cannot start:")
    assert "trade_annual.csv" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Listening" not in done.stderr  # gunicorn never started


def test_a_malformed_milestone_date_stops_the_start_naming_file_row_and_column(tmp_path: Path):
    data = tmp_path / "geodata"
    shutil.copytree(ROOT / "geodata", data)
    _break_a_milestone_date(data)
    done = _run("--data-dir", str(data), "--port", "1")
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("The Atlas cannot start: 1 problem(s) in the data files:\n  - milestones.csv, row 4, "
                           "column 'date': expected a date (YYYY, YYYY-MM or YYYY-MM-DD), found 'not-a-date'\n")
    assert done.stdout == ""


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "::"])
def test_debug_on_a_reachable_host_is_refused(host):
    done = _run("--debug", "--host", host, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("Refusing to start: debug mode on host")
    assert "runs code sent by the browser" in done.stderr
    assert "Traceback" not in done.stderr


def test_debug_from_the_environment_on_a_reachable_host_is_refused():
    done = _run(env={"ATLAS_DEBUG": "1", "ATLAS_HOST": "0.0.0.0"}, timeout=60)
    assert done.returncode == 2 and "Refusing to start" in done.stderr


@pytest.mark.parametrize(("env", "named"), [
    ({"ATLAS_WORKERS": "many"}, "ATLAS_WORKERS"),
    ({"ATLAS_BASE_PATH": "/at las/"}, "ATLAS_BASE_PATH"),
    ({"ATLAS_PORT": "80a"}, "ATLAS_PORT"),
])
def test_a_malformed_setting_is_named_not_a_traceback(env, named):
    done = _run(env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("The Atlas cannot start:") and named in done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------------------------- reload, in the master
def test_a_reload_that_fails_in_any_way_keeps_the_app_and_logs_one_line(app, caplog):
    """Not only broken data: any exception while building the new app would end gunicorn's main loop."""
    from dashboard.config import Settings  # noqa: PLC0415
    from dashboard.serve import _gunicorn_classes  # noqa: PLC0415

    def factory(_settings):
        raise ValueError("time data 'not-a-date'\ndoes not match format")

    served = _gunicorn_classes()(app, Settings(), factory)
    with caplog.at_level("ERROR", logger="dashboard.serve"):
        served.reload()
    assert served.app is app
    assert [r.getMessage() for r in caplog.records] == [
        "data not reloaded, still serving the previous data: ValueError: time data 'not-a-date' does not match format"]
