"""Browser setup for the cases flows: the web branch's fixtures (Playwright + Debian's
Chromium + axe-core) when present, else the same setup here. Tests skip, saying why,
when Chromium or Playwright is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

try:  # reuse the web branch's browser setup (Chromium path and flags, axe-core runner)
    from web.browser.conftest import ARGS, AXE, CHROMIUM, axe_violations
except ImportError:  # pragma: no cover - before the web branch's browser tests exist
    CHROMIUM = "/usr/bin/chromium"
    ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"]
    AXE = Path(__file__).resolve().parents[2] / "vendor" / "axe.min.js"

    def axe_violations(page, axe_source: str) -> list[dict]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        return page.evaluate(
            """async () => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values:
                    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
            }"""
        )


# Module scope, not session: Playwright's sync API allows one running instance per
# thread, and the web tests start their own session-wide one later in the run. Ours is
# closed when this module is done, before theirs starts.
@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: pip install -e '.[dev]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not vendored at {AXE}")
    return AXE.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/cases/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def sign_in(page, live_server):
    """Sign ``user`` in by giving the browser a session cookie made by Django's client."""
    from django.test import Client

    def _sign_in(user):
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])
        return page

    return _sign_in


@pytest.fixture
def accessible(axe_source):
    """Assert the current page has zero axe-core violations."""

    def _check(page):
        violations = axe_violations(page, axe_source)
        assert violations == [], f"{page.url}: {violations}"

    return _check
