"""The WCAG check of the browser tests: axe-core run in the page, on whatever state a test has put it in.

axe-core comes from the PyPI package ``axe-playwright-python`` (pinned in requirements-dev.txt; axe 4.12.1
bundled in the wheel, nothing downloaded at run time). ``assert_accessible(page, "where")`` fails with every
violation of impact moderate, serious or critical, each with the elements it found, so any test (a later
briefing layout, a new panel) can check the state it reaches.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

BLOCKING = ("moderate", "serious", "critical")
# WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (landmarks, headings, region, ...).
RUN_ONLY = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
_axe = Axe()

# Elements drawn by plotly.js's SVG (the map and charts; their text alternatives are the summaries and the
# data tables beside them) are not the Atlas's markup to fix; axe still checks everything around them.
EXCLUDE = [[".js-plotly-plot .main-svg"]]


def violations(page: Page, impacts: tuple[str, ...] = BLOCKING, rules: list[str] | None = None) -> list[dict]:
    """axe's violations in the page as it is now (of the given impacts; only ``rules`` if given)."""
    options: dict = {"resultTypes": ["violations"]}
    options["runOnly"] = {"type": "rule", "values": rules} if rules else RUN_ONLY
    found = _axe.run(page, context={"exclude": EXCLUDE}, options=options).response["violations"]
    return [v for v in found if v.get("impact") in impacts]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:6]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str, rules: list[str] | None = None) -> None:
    """No WCAG violation of impact moderate, serious or critical in the page's current state."""
    found = violations(page, rules=rules)
    if found:
        pytest.fail(f"accessibility violations {where}:\n{describe(found)}", pytrace=False)
