"""What every browser test shares: Debian's Chromium driven by Playwright's Python
package, and axe-core (vendored in tests/vendor) to find accessibility violations.

Tests skip, saying why, when Chromium or Playwright is missing (CI installs both and
fails on skips). Playwright never downloads a browser here. Conftests import the
fixtures below (``browser``, ``axe_source``) to use them; ``PUBLIC`` names the public pages
and ``screenshot`` keeps a picture of one in test-artifacts/screenshots/.
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
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"

# the public pages, by name: (English path, French path)
PUBLIC = {
    "home": ("/en/", "/fr/"),
    "check": ("/en/check/", "/fr/verifier/"),
    "consultation": ("/en/consultation/", "/fr/consultation/"),
    "receipt": ("/en/consultation/receipt/", "/fr/consultation/recu/"),
    "learn": ("/en/learn/", "/fr/apprendre/"),
    "guidance": ("/en/guidance/", "/fr/orientation/"),
    "feedback": ("/en/guidance/feedback/", "/fr/orientation/retroaction/"),
    "sign-in": ("/en/sign-in/", "/fr/connexion/"),
    "privacy": ("/en/privacy/", "/fr/confidentialite/"),
    "accessibility": ("/en/accessibility/", "/fr/accessibilite/"),
}

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


def wait_for_components(page) -> None:
    """Wait until the page's GC Design System components have rendered: gcds.js then
    puts the class pc-gcds on <html> and the plain-HTML fallbacks are hidden. For pages
    with JavaScript on; a page without components returns at once."""
    if page.locator("gcds-header").count():
        page.wait_for_selector("html.pc-gcds", state="attached")


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA and best practices) on the current page,
    once its components have rendered (axe looks into their shadow roots)."""
    wait_for_components(page)
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


class PageWatch:
    """What a page does that it should not: console errors and warnings, uncaught
    exceptions, Content-Security-Policy violations, and requests to anything but the
    app's own ``origin`` on this machine (those are aborted before they leave the
    browser and listed)."""

    _CSP_LISTENER = (
        "window.__pcViolations = [];"
        "document.addEventListener('securitypolicyviolation', (e) =>"
        " window.__pcViolations.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"
    )

    def __init__(self, page, origin: str) -> None:
        from urllib.parse import urlsplit

        app = urlsplit(origin)
        assert app.hostname in ("127.0.0.1", "localhost", "::1"), origin

        self.page = page
        self.console: list[str] = []
        self.outside: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.console.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.console.append(f"uncaught: {e}"))
        page.add_init_script(self._CSP_LISTENER)  # run by DevTools, before the page's scripts

        def _route(route) -> None:
            url = route.request.url
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) == (app.scheme, app.netloc):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        page.route("**/*", _route)

    def violations(self) -> list[str]:
        return self.page.evaluate("() => window.__pcViolations || []")

    def problems(self) -> dict[str, list[str]]:
        """Everything seen so far on the current document; empty lists when clean."""
        return {
            "console": list(self.console),
            "csp": self.violations(),
            "outside": list(self.outside),
        }


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot in test-artifacts/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
