"""Real-browser fixtures: the app on a loopback port, Debian's Chromium driven by Playwright.

Every page records requests to any host but the local server, console errors and warnings, and
uncaught page errors; a test that caused any of them fails at teardown. A failed test leaves a
screenshot in ``test-artifacts/<test name>.png``.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# A condition gets 10 s to hold (Playwright's default is 5 s): on a 2-core machine busy with exports and other
# servers, a callback's answer can take longer than 5 s without anything being wrong.
expect.set_options(timeout=10_000)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]


def pytest_collection_modifyitems(config, items):
    """Everything in tests/browser is a real-browser test (``-m 'not browser'`` skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _chromium() -> str | None:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="atlas-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system (never a downloaded browser)."""
    executable = _chromium()
    if executable is None:
        message = "Chromium not found: apt-get install chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class PageProblems:
    """What a page did that a clean page must not: outside requests, console noise, errors."""

    def __init__(self) -> None:
        self.outside_requests: list[str] = []
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []

    def all(self) -> list[str]:
        return (
            [f"request to another host: {u}" for u in self.outside_requests]
            + [f"console {m}" for m in self.console]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"dialog opened: {d}" for d in self.dialogs]
        )


@pytest.fixture
def page_problems() -> PageProblems:
    """What the test's page did wrong so far (the ``page`` fixture fills it and checks it at teardown)."""
    return PageProblems()


# Chromium logs a Content-Security-Policy violation as a console error itself; this makes sure each one is
# reported, with the directive and what was blocked, in the page and in any popup it opens.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "an inline script or style"}`
                + (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ""));
});
"""


@pytest.fixture
def open_page(browser, page_problems, request):
    """Open a fresh page (1920x1080 unless other context options are given) on any server's ``base_url``; fails
    the test on outside requests or console errors (CSP violations included) of any page it opened."""
    contexts = []

    def opener(base_url: str, **context_options):
        context = browser.new_context(**{"viewport": {"width": 1920, "height": 1080}, **context_options},
                                      base_url=base_url)
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_REPORTER)
        contexts.append(context)
        pg = context.new_page()
        watch(pg, page_problems)
        return pg

    try:
        yield opener
    finally:
        call = getattr(request.node, "rep_call", None)
        for n, context in enumerate(contexts):
            if call is not None and call.failed and context.pages:
                ARTIFACTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]+", "_", request.node.name) + (f"-{n}" if n else "")
                try:
                    context.pages[0].screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                except Exception as exc:  # noqa: BLE001 -- a screenshot must never hide the real failure
                    print(f"screenshot failed: {exc}")
            context.close()
    found = page_problems.all()
    if found:
        pytest.fail("the page misbehaved:\n" + "\n".join(f"  - {p}" for p in found), pytrace=False)


def watch(pg, problems: PageProblems) -> None:
    """Record what ``pg`` does that a clean page must not."""

    def on_request(req) -> None:
        host = urlsplit(req.url).hostname
        if urlsplit(req.url).scheme in ("http", "https", "ws", "wss") and host not in LOCAL_HOSTS:
            problems.outside_requests.append(req.url)

    def on_console(msg) -> None:
        if msg.type in ("error", "warning"):
            problems.console.append(f"{msg.type}: {msg.text}")

    def on_dialog(dialog) -> None:
        problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("request", on_request)
    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    pg.on("dialog", on_dialog)


@pytest.fixture
def page(open_page, live_server):
    """A fresh 1920x1080 page on the live server; fails the test on outside requests or console errors."""
    return open_page(live_server)


@pytest.fixture
def phone(open_page, live_server):
    """A 390x844 touch screen (a phone) on the live server, checked like ``page``."""
    return open_page(live_server, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                     device_scale_factor=2)
