"""The main flows in a real browser: keyboard only, without JavaScript, both languages."""

from __future__ import annotations

import pytest

from browser_support import screenshot

pytestmark = pytest.mark.browser

PARTISAN = "Vote NDP on Monday! #VoteNDP"


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key")


@pytest.mark.parametrize(
    ("lang", "path", "level_word"),
    [
        ("en", "/en/check/", "Result"),
        ("fr", "/fr/verifier/", "Résultat"),
    ],
)
def test_check_flow_with_the_keyboard_only(page, live_server, lang, path, level_word):
    page.goto(live_server.url + path)
    tab_to(page, "#id_text")
    page.keyboard.type(PARTISAN)
    tab_to(page, "#id_followers")
    page.keyboard.press("Control+A")
    page.keyboard.type("2500")
    tab_to(page, "#id_identifiable")
    page.keyboard.press("Space")
    tab_to(page, "#id_election_period")
    page.keyboard.press("Space")
    tab_to(page, "form.pc-form button.pc-button:not(.pc-button--secondary)")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result")
    heading = page.inner_text("#result-title")
    assert heading.startswith(level_word)
    assert "PS01" in page.inner_text("#result")
    assert page.locator("#result mark").count() >= 1
    # the result takes the focus, so a screen reader reads it next
    assert page.evaluate("document.activeElement.id") == "result"
    screenshot(page, f"check-keyboard-{lang}")


def test_check_works_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/check/")
        page.fill("#id_text", PARTISAN)
        page.click("form.pc-form button.pc-button:not(.pc-button--secondary)")
        page.wait_for_selector("#result")
        assert "PS01" in page.inner_text("#result")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_anonymous_consultation_round_trip(page, demo_live, lang):
    base = demo_live.url
    consult = "/en/consultation/" if lang == "en" else "/fr/consultation/"
    page.goto(base + consult)
    page.check("input[name=recipient_role][value=ombud]")
    page.fill("#id_question", "Someone keeps posting about me at work.")
    page.click("form.pc-form button[type=submit]")
    code = page.inner_text("#receipt-code")

    page.goto(base + ("/en/sign-in/" if lang == "en" else "/fr/connexion/"))
    page.fill("#id_username", "demo-ombud")
    page.fill("#id_password", "demo-ombud-pass-2026")
    page.click("form.pc-form button[type=submit]")
    page.goto(base + ("/en/inbox/" if lang == "en" else "/fr/boite-de-reception/"))
    page.click("table.pc-table tbody a")
    page.fill("#id_body", "Thank you for reaching out; let's talk.")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("ol.pc-thread li:nth-child(2)")
    page.click("form.pc-signout button:visible")  # sign out

    page.goto(base + ("/en/consultation/receipt/" if lang == "en" else "/fr/consultation/recu/"))
    page.fill("#id_code", code)
    page.click("form.pc-form button[type=submit]")
    thread = page.inner_text("ol.pc-thread")
    assert "Someone keeps posting about me at work." in thread
    assert "let's talk" in thread


def test_manager_cannot_open_the_ombuds_consultations(page, demo_live):
    base = demo_live.url
    page.goto(base + "/en/consultation/")
    page.check("input[name=recipient_role][value=ombud]")
    page.fill("#id_question", "confidential to the Ombud")
    page.click("form.pc-form button[type=submit]")
    page.goto(base + "/en/sign-in/")
    page.fill("#id_username", "demo-manager")
    page.fill("#id_password", "demo-manager-pass-2026")
    page.click("form.pc-form button[type=submit]")
    page.goto(base + "/en/inbox/")
    assert "confidential to the Ombud" not in page.content()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_e_mail_link_leads_through_sign_in_to_the_consultation(
    page, demo_live, settings, mailoutbox, lang
):
    settings.SITE_URL = demo_live.url
    page.goto(demo_live.url + f"/{lang}/consultation/")
    page.check("input[name=recipient_role][value=values_ethics]")
    page.fill("#id_question", "Can I share my team's news on LinkedIn?")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("#receipt-code")
    (message,) = mailoutbox
    (link,) = [w for w in message.body.split() if w.startswith(f"{demo_live.url}/{lang}/")]
    page.goto(link)
    page.fill("#id_username", "demo-ethics")
    page.fill("#id_password", "demo-ethics-pass-2026")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("ol.pc-thread")
    assert page.url == link
    assert "Can I share my team's news on LinkedIn?" in page.inner_text("ol.pc-thread")
