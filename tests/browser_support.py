"""What every browser test shares: Debian's Chromium driven by Playwright's Python
package, and axe-core (vendored in tests/vendor) to find accessibility violations.

Tests skip, saying why, when Chromium or Playwright is missing (CI installs both and
fails on skips). Playwright never downloads a browser here. Conftests import the
fixtures below (``browser``, ``axe_source``) to use them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


# Module scope, not session: Playwright's sync API runs an event loop in this thread
# while it is open, and another module's browser (or a Django test) must not run inside
# it. Each browser module starts and stops its own.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not vendored at {AXE}")
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA and best practices) on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)  # evaluated through the DevTools protocol: CSP does not apply
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )


@pytest.fixture
def page(browser):
    """A fresh browser context and page for one test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
