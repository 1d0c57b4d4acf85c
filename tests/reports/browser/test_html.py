"""The HTML report in a real browser (Chromium): no console errors, no network request,
keyboard-usable filters, and zero axe-core accessibility violations, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import AXE, browser  # noqa: F401
from postcheck.cli import main

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["en", "fr"])
def report(request, tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    # Partisan posts in two years, so the year filter has something to separate.
    posts = folder / "posts.jsonl"
    posts.write_text(
        '{"id": "1", "text": "Vote NDP on Monday! #VoteNDP", "date": "2023-05-13", "lang": "en"}\n'
        '{"id": "2", "text": "Vote NDP on Monday!", "date": "2024-05-13", "lang": "en"}\n'
        '{"id": "3", "text": "Votez NPD lundi !", "date": "2024-06-01", "lang": "fr"}\n'
        '{"id": "4", "text": "Lovely walk by the river", "date": "2024-06-02", "lang": "en"}\n',
        "utf-8",
    )
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


@pytest.fixture
def page(browser, report):
    _lang, path = report
    page = browser.new_page()
    page.add_init_script(script=AXE.read_text("utf-8"))
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    yield page, errors, requests, path
    page.close()


def test_no_console_errors(page):
    _, errors, _, _ = page
    assert errors == []


def test_no_network_requests(page):
    _, _, requests, path = page
    assert requests == [path.as_uri()]


def test_axe_core_finds_no_violations(page):
    p, _, _, _ = page
    result = p.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]]
    assert violations == []


def test_filters_are_shown_and_work_with_the_keyboard(page):
    p, _, _, _ = page
    assert p.is_visible("#filters")
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


def test_skip_link_is_the_first_tab_stop(page):
    p, _, _, _ = page
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.className") == "skip"
    p.keyboard.press("Enter")
    assert p.evaluate("location.hash") == "#posts"
