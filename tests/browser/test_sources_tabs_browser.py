"""Sources & checks as a reader uses it (issue 18): a tab switch never shows the previous tab's content under the
new tab's title, however long the answer takes."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_atlas
from tests.browser.test_provenance_browser import PANEL_TIMEOUT, open_sources

pytestmark = pytest.mark.browser


def test_the_previous_tabs_content_never_shows_under_the_new_tabs_title(page: Page):
    open_atlas(page)
    panel = open_sources(page)
    expect(panel.locator("#prov-content-sources")).to_be_visible(timeout=PANEL_TIMEOUT)
    held = []

    def hold_the_tab_answer(route) -> None:
        body = json.loads(route.request.post_data or "{}")
        if not held and "prov-tab-factcheck.n_clicks" in body.get("changedPropIds", []):
            held.append(route)  # answered only after the check below
        else:
            route.continue_()

    page.route(lambda u: "/_dash-update-component" in u, hold_the_tab_answer)
    tab = panel.get_by_role("tab", name="Fact-check", exact=True)
    tab.click()
    for _ in range(100):  # the route handler runs while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the tab click sent no request"
    # The answer is still out: the new tab is shown as selected, and the Sources tab's content is gone.
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(panel.locator("#prov-content-sources")).to_have_count(0)
    expect(panel.locator("#prov-panel")).to_have_attribute("aria-labelledby", "prov-tab-factcheck")
    held[0].continue_()
    expect(panel.locator("#prov-content-factcheck")).to_be_visible(timeout=PANEL_TIMEOUT)
    expect(panel.locator("#prov-content-sources")).to_have_count(0)
