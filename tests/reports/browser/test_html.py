"""The HTML report in a real browser (Chromium): no console error, no network request,
nothing the Content-Security-Policy blocks, keyboard-usable filters, legible charts that
never make the page scroll sideways, and zero axe-core accessibility violations (WCAG 2.1
A and AA and best practices), in both languages, with JavaScript on and off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from browser_support import axe_source, axe_violations, browser, screenshot  # noqa: F401
from postcheck.cli import main

pytestmark = pytest.mark.browser

# Flagged posts over several years (one year with none flagged, one post without a date)
# and several considerations, so both charts, the year filter and the tables have
# something to show.
POSTS = (
    '{"id": "1", "text": "Vote NDP on Monday! #VoteNDP", "date": "2019-05-13", "lang": "en"}\n'
    '{"id": "2", "text": "Vote NDP on Monday!", "date": "2021-05-13", "lang": "en"}\n'
    '{"id": "3", "text": "Votez NPD lundi !", "date": "2024-06-01", "lang": "fr"}\n'
    '{"id": "4", "text": "Lovely walk by the river", "date": "2024-06-02", "lang": "en"}\n'
    '{"id": "5", "text": "Lovely walk by the river again", "date": "2022-06-02", "lang": "en"}\n'
    '{"id": "6", "text": "My manager is an idiot and everyone at work knows it",'
    ' "date": "2023-06-02", "lang": "en"}\n'
    '{"id": "7", "text": "Here is the secret briefing note our minister has not released yet",'
    ' "date": "2023-07-02", "lang": "en"}\n'
    '{"id": "8", "text": "Vote NDP, they are the only good party", "lang": "en"}\n'
)
# Listens for what the Content-Security-Policy blocks (only with JavaScript on).
CSP_LISTENER = (
    "window.__pcViolations = [];"
    "document.addEventListener('securitypolicyviolation', (e) =>"
    " window.__pcViolations.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"
)


@pytest.fixture(scope="module", params=["en", "fr"])
def report(request, tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    posts = folder / "posts.jsonl"
    posts.write_text(POSTS, "utf-8")
    dest = folder / f"report-{request.param}.html"
    main(
        [
            "review",
            str(posts),
            "--report",
            str(dest),
            "--lang",
            request.param,
            "--min-level",
            "low",
            "--as-role",
            "executive",
            "--role-change-date",
            "2024-05-14",
            "-j",
            "1",
        ]
    )
    return request.param, dest


@dataclass
class Opened:
    """The report open in a browser tab, and what the tab did."""

    page: Any
    path: Path
    lang: str
    js: bool
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def opened(browser, report, js: bool) -> Iterator[Opened]:
    lang, path = report
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(script=CSP_LISTENER)
    tab = Opened(page, path, lang, js)
    page.on(
        "console", lambda m: tab.errors.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    page.on("request", lambda r: tab.requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def tab(request, browser, report):
    with opened(browser, report, request.param) as t:
        yield t


@pytest.fixture
def tab_js(browser, report):
    with opened(browser, report, True) as t:
        yield t


@pytest.fixture
def tab_nojs(browser, report):
    with opened(browser, report, False) as t:
        yield t


def test_no_console_errors_and_nothing_blocked(tab):
    assert tab.errors == []
    if tab.js:
        assert tab.page.evaluate("() => window.__pcViolations") == []


def test_no_network_requests(tab):
    assert tab.requests == [tab.path.as_uri()]


def test_the_style_sheet_applies_under_the_policy(tab):
    # 18px and Lato for headings come only from the report's own style sheet, allowed by hash
    assert tab.page.evaluate("getComputedStyle(document.body).fontSize") == "18px"
    h1 = tab.page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert h1.startswith("Lato")


def test_axe_core_finds_no_violations_with_javascript_on(tab_js, axe_source):
    assert tab_js.page.is_visible("#filters")
    assert axe_violations(tab_js.page, axe_source) == []


def test_axe_core_finds_no_violations_with_javascript_off(
    tab_nojs,
    browser,
    axe_source,
    tmp_path,
):
    # axe-core is JavaScript and cannot run in a tab with JavaScript off; it runs on the
    # same report without its one script, the page JavaScript-off readers get: the same
    # document, the filters hidden, as both tabs show.
    assert not tab_nojs.page.is_visible("#filters")
    bare = tmp_path / tab_nojs.path.name
    bare.write_text(
        re.sub(r"<script>.*?</script>", "", tab_nojs.path.read_text("utf-8"), flags=re.S),
        "utf-8",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(bare.as_uri())
        assert not page.is_visible("#filters")
        assert axe_violations(page, axe_source) == []
    finally:
        context.close()


def test_charts_and_their_tables_show(tab):
    for chart in ("#chart-year", "#chart-code"):
        box = tab.page.locator(f"{chart} svg[role=img]").bounding_box()
        assert box and box["height"] > 100 and box["width"] > 600, chart
        assert tab.page.locator(f"{chart} table").is_visible()
    # the bars' numbers are text in the picture, readable without a hover
    assert tab.page.locator("#chart-year svg text").count() > 10


@pytest.mark.parametrize("width", [1280, 320])
def test_the_page_never_scrolls_sideways(tab, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= width
    # every chart's text fits inside its chart: nothing is cut off at the edge
    outside = tab.page.evaluate(
        """() => [...document.querySelectorAll('.chart-svg')].flatMap(svg => {
            const edge = svg.getBoundingClientRect().right + 0.5;
            return [...svg.querySelectorAll('text')]
                .filter(t => t.getBoundingClientRect().right > edge).map(t => t.textContent);
        })"""
    )
    assert outside == []
    screenshot(tab.page, f"report-{tab.lang}-{'js' if tab.js else 'nojs'}-{width}")


def test_filters_are_shown_and_work_with_the_keyboard(tab_js):
    p = tab_js.page
    total = p.locator("ol.posts > li").count()
    assert total >= 2
    p.focus("#f-year")
    # The first option is "all"; the next is the earliest year.
    p.keyboard.press("ArrowDown")
    shown = p.locator("ol.posts > li:not([hidden])").count()
    assert 0 < shown < total
    assert str(shown) in p.inner_text("#f-status")
    p.focus("#f-reset")
    p.keyboard.press("Enter")
    assert p.locator("ol.posts > li:not([hidden])").count() == total


def test_without_javascript_every_flagged_post_shows(tab_nojs):
    posts = tab_nojs.page.locator("ol.posts > li")
    assert posts.count() > 2
    assert tab_nojs.page.locator("ol.posts > li:visible").count() == posts.count()


def test_skip_link_is_the_first_tab_stop(tab):
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.className") == "skip"
    tab.page.keyboard.press("Enter")
    assert tab.page.evaluate("location.hash") == "#posts"
