"""Take the README's screenshots (the first screen at three sizes) from a running Atlas.

Usage: ``python scripts/screenshots.py http://127.0.0.1:8050`` (Debian's Chromium, no download). Writes
``docs/screenshot-<w>x<h>.png`` and prints, per size, the requests that left the origin and console errors
(both must be 0).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parents[1] / "docs"
VIEWS = [
    # size, query, what a person would have done
    ((1366, 768), "?year=2022&feature=port_kuryk", None),
    ((1920, 1080), "?year=2022&reporter=both&feature=kz_cg_istanbul", None),
    ((390, 844), "?view=31.5,39.5,2.6", "kz_cg_istanbul"),
]


def main(base: str) -> None:
    host = urlsplit(base).hostname
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for (w, h), query, tap in VIEWS:
            phone = w < 600
            page = browser.new_page(viewport={"width": w, "height": h}, is_mobile=phone, has_touch=phone)
            outside, errors = [], []
            page.on("request", lambda r, o=outside: o.append(r.url) if urlsplit(r.url).hostname not in (host, None)
                    and r.url.startswith("http") else None)
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.goto(base + "/" + query)
            page.wait_for_selector("#map .geo .scattergeo .point")
            page.wait_for_timeout(2500)
            if tap:
                spot = page.evaluate("""(fid) => { const gd = document.querySelector('#map .js-plotly-plot');
                  for (const el of gd.querySelectorAll('.point')) { const t = el.closest('.trace').__data__[0].trace;
                    if (t.customdata && t.customdata[el.__data__.i] === fid) { const r = el.getBoundingClientRect();
                      return [r.x + r.width / 2, r.y + r.height / 2]; } } return null; }""", tap)
                page.touchscreen.tap(*spot)
                page.wait_for_timeout(2000)
            out = DOCS / f"screenshot-{w}x{h}.png"
            page.screenshot(path=str(out))
            print(f"{out.name}: requests off the origin {len(outside)}, console errors {len(errors)}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8050")
