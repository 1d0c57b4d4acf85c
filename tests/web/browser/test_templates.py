"""The GC Design System web components in a real browser: rendered on every public page
in both languages, under the page's Content-Security-Policy, with nothing loaded from
another host; and the plain-HTML header, footer and date modified with JavaScript off."""

from __future__ import annotations

import pytest

from browser_support import PUBLIC, PageWatch, screenshot, wait_for_components
from postcheck.engine import CODES, default_engine

pytestmark = pytest.mark.browser

CHROME = ["gcds-header", "gcds-top-nav", "gcds-nav-link", "gcds-footer", "gcds-date-modified"]
OTHER = {"en": "fr", "fr": "en"}
DATE_MODIFIED = {"en": "Date modified:", "fr": "Date de modification :"}
PARTISAN = "Vote NDP on Monday! #VoteNDP"


def path_in(name: str, lang: str) -> str:
    en, fr = PUBLIC[name]
    return en if lang == "en" else fr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_components_render_on_every_public_page(page, live_server, lang):
    watch = PageWatch(page, live_server.url)
    for name in PUBLIC:
        path = path_in(name, lang)
        page.goto(live_server.url + path)
        wait_for_components(page)
        state = page.evaluate(
            """(names) => names.map((n) => {
                const el = document.querySelector(n);
                return [n, !!customElements.get(n), !!(el && el.shadowRoot
                        && el.shadowRoot.childElementCount), !!(el && el.classList.contains('hydrated'))];
            })""",
            CHROME,
        )
        assert state == [[n, True, True, True] for n in CHROME], (name, lang, state)
        header = page.locator("gcds-header")
        assert header.is_visible() and page.locator("gcds-footer").is_visible()
        # the fallback is out of sight and out of the accessibility tree
        assert page.locator(".pc-nojs").count() >= 3
        for fallback in page.locator(".pc-nojs").all():
            assert fallback.evaluate("(el) => getComputedStyle(el).display") == "none"
        assert page.get_by_role("banner").count() == 1
        assert page.get_by_role("contentinfo").count() == 1
        # the header's own language toggle, skip link and date modified
        toggle = page.locator("gcds-header gcds-lang-toggle gcds-link")
        assert toggle.get_attribute("lang") == OTHER[lang]
        assert toggle.locator("a").get_attribute("href") == path_in(name, OTHER[lang])
        skip = page.locator("gcds-header .gcds-header__skip-to-nav a")
        assert skip.get_attribute("href") == "#main-content"
        modified = page.locator("gcds-date-modified")
        assert modified.text_content().strip() == str(default_engine().guidance.date_modified)
        label = modified.evaluate("(el) => el.shadowRoot.querySelector('dt').textContent")
        assert label.strip() == DATE_MODIFIED[lang]
        crumbs = page.locator("gcds-header gcds-breadcrumbs-item a")
        if name == "home":
            assert crumbs.count() == 0
        else:  # the trail starts at postcheck's home, not Canada.ca
            assert crumbs.first.is_visible()
            assert crumbs.first.get_attribute("href") == path_in("home", lang)
        assert watch.problems() == {"console": [], "csp": [], "outside": []}, (name, lang)
    screenshot(page, f"gcds-learn-{lang}")


def test_components_render_on_the_result_page_without_problems(page, live_server):
    watch = PageWatch(page, live_server.url)
    page.goto(live_server.url + "/fr/verifier/")
    page.fill("#id_text", PARTISAN)
    page.click("form.pc-form button.pc-button:not(.pc-button--secondary)")
    page.wait_for_selector("#result")
    wait_for_components(page)
    assert "PS01" in page.inner_text("#result")
    assert page.locator("gcds-header").is_visible()
    assert watch.problems() == {"console": [], "csp": [], "outside": []}


@pytest.mark.parametrize(
    ("start", "other"), [("/en/learn/", "/fr/apprendre/"), ("/fr/verifier/", "/en/check/")]
)
def test_the_gcds_header_language_toggle_keeps_the_page(page, live_server, start, other):
    page.goto(live_server.url + start)
    wait_for_components(page)
    page.click("gcds-header gcds-lang-toggle a")
    page.wait_for_url(live_server.url + other)
    wait_for_components(page)
    assert page.evaluate("document.documentElement.lang") == other[1:3]
    page.click("gcds-header gcds-lang-toggle a")
    page.wait_for_url(live_server.url + start)


def test_the_page_nonce_reaches_stencils_style_and_stays_hidden(page, live_server):
    """Stencil's <style> carries this response's nonce; the nonce is not readable from
    the DOM attribute (the browser hides it), so CSS cannot leak it."""
    response = page.goto(live_server.url + "/en/")
    wait_for_components(page)
    csp = response.headers["content-security-policy"]
    style_src = next(d for d in csp.split(";") if d.strip().startswith("style-src"))
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in csp
    assert script_src.split() == ["script-src", "'self'"]
    nonce = page.evaluate("document.querySelector('meta[name=pc-csp-nonce]').nonce")
    assert nonce and f"'nonce-{nonce}'" in style_src
    assert (
        page.evaluate("document.querySelector('meta[name=pc-csp-nonce]').getAttribute('nonce')")
        == ""
    )
    styles = page.evaluate(
        "() => Array.from(document.querySelectorAll('head style'), (s) => s.nonce)"
    )
    assert styles and all(n == nonce for n in styles)
    # a new response, a new nonce
    page.reload()
    assert page.evaluate("document.querySelector('meta[name=pc-csp-nonce]').nonce") != nonce


def test_page_watch_sees_a_csp_violation_and_an_outside_request(page, live_server):
    """Guard: the checks above would notice an inline style, an inline script and a
    request to another host."""
    watch = PageWatch(page, live_server.url)
    page.goto(live_server.url + "/en/")
    wait_for_components(page)
    page.evaluate(
        """() => {
            const style = document.createElement('style');
            style.textContent = 'body { color: red; }';
            document.head.append(style);
            const script = document.createElement('script');
            script.textContent = 'window.x = 1;';
            document.head.append(script);
        }"""
    )
    page.wait_for_function("() => window.__pcViolations.length >= 2")
    problems = watch.problems()
    assert {v.split()[0] for v in problems["csp"]} >= {"style-src-elem", "script-src-elem"}
    assert any("Content Security Policy" in m for m in problems["console"])
    # a page without our CSP asks another host (127.0.0.2: loopback, but not the app;
    # the watch aborts the request in the browser and lists it)
    page.goto("about:blank")
    page.set_content(
        "<html lang='en'><body><img src='http://127.0.0.2:9/x.png' alt=''></body></html>"
    )
    page.wait_for_timeout(300)
    assert watch.problems()["outside"] == ["http://127.0.0.2:9/x.png"]


@pytest.mark.parametrize(
    ("lang", "check", "other", "result_word"),
    [
        ("en", "/en/check/", "/fr/verifier/", "Result"),
        ("fr", "/fr/verifier/", "/en/check/", "Résultat"),
    ],
)
def test_with_javascript_off_the_plain_header_footer_and_check_work(
    browser, live_server, lang, check, other, result_word
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + check)
        # the components stay hidden; the plain-HTML versions show
        for name in ("gcds-header", "gcds-footer", "gcds-date-modified"):
            assert not page.locator(name).is_visible(), name
        assert page.locator("header.pc-header").is_visible()
        assert page.locator("header.pc-header img.pc-signature").is_visible()
        assert page.locator("nav.pc-nav").is_visible()
        assert page.locator("footer.pc-footer").is_visible()
        assert page.locator("dl.pc-date-modified").is_visible()
        assert str(default_engine().guidance.date_modified) in page.inner_text(
            "dl.pc-date-modified"
        )
        assert page.get_by_role("banner").count() == 1
        assert page.get_by_role("contentinfo").count() == 1
        toggle = page.locator("#lang-toggle")
        assert toggle.is_visible() and toggle.get_attribute("href") == other
        screenshot(page, f"check-no-javascript-{lang}")

        page.fill("#id_text", PARTISAN)
        page.check("#id_election_period")
        page.click("form.pc-form button.pc-button:not(.pc-button--secondary)")
        page.wait_for_selector("#result")
        assert page.inner_text("#result-title").startswith(result_word)
        assert "PS01" in page.inner_text("#result")
        assert page.locator("footer.pc-footer").is_visible()

        page.click("#lang-toggle")
        page.wait_for_url(live_server.url + other)
        assert page.locator("header.pc-header").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_cards_and_details_on_the_home_and_learn_pages(page, live_server, lang):
    watch = PageWatch(page, live_server.url)
    page.goto(live_server.url + path_in("home", lang))
    wait_for_components(page)
    cards = page.locator("gcds-card")
    assert cards.count() == 4
    check = path_in("check", lang)
    assert cards.first.locator(".gcds-card__title a").get_attribute("href") == check
    assert cards.first.locator("h2.gcds-card__title").is_visible()
    assert not page.locator("ul.pc-cards.pc-nojs").is_visible()
    cards.first.locator(".gcds-card__title a").click()
    page.wait_for_url(live_server.url + check)

    page.goto(live_server.url + path_in("learn", lang))
    wait_for_components(page)
    assert page.locator("gcds-card").count() >= 1
    details = page.locator("gcds-details")
    assert details.count() == len(CODES)
    first = details.first
    assert first.get_attribute("details-title").startswith("PS")
    body = first.locator("p").first  # slotted content, shown when the details open
    assert not body.is_visible()
    first.locator("button.details__summary").click()
    first.locator("button.details__summary[aria-expanded=true]").wait_for()
    assert body.is_visible()
    assert not page.locator("details.pc-details").first.is_visible()
    assert watch.problems() == {"console": [], "csp": [], "outside": []}
    screenshot(page, f"gcds-learn-open-{lang}")


def test_with_javascript_off_the_cards_and_details_are_plain_html(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/fr/")
        assert not page.locator("gcds-card").first.is_visible()
        assert page.locator("ul.pc-cards.pc-nojs li").count() == 4
        page.click("ul.pc-cards.pc-nojs a[href='/fr/apprendre/']")
        page.wait_for_url(live_server.url + "/fr/apprendre/")
        assert not page.locator("gcds-details").first.is_visible()
        native = page.locator("details.pc-details").first
        assert native.is_visible()
        native.locator("summary").click()
        assert native.locator("p").first.is_visible()
    finally:
        context.close()
