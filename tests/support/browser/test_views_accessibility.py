"""Every page, in both languages, in a real browser: zero axe-core violations, and a
screenshot of each main page in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from browser_support import PUBLIC, axe_violations, screenshot

pytestmark = pytest.mark.browser


def sign_in(page, base: str, lang: str, username: str) -> None:
    page.goto(f"{base}/{lang}/{'sign-in' if lang == 'en' else 'connexion'}/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass-2026")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_public_pages_have_no_accessibility_violations(page, live_server, axe_source, lang):
    for name, paths in PUBLIC.items():
        path = paths[0] if lang == "en" else paths[1]
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.lang") == lang
        assert axe_violations(page, axe_source) == [], f"{name} ({lang})"
        screenshot(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_result_and_consultation_pages_have_no_accessibility_violations(
    page, demo_live, axe_source, lang
):
    base = demo_live.url
    check = "/en/check/" if lang == "en" else "/fr/verifier/"
    page.goto(base + check)
    page.fill("#id_text", "Vote NDP on Monday! #VoteNDP")
    page.check("#id_election_period")
    page.click("form[action$='/'] button.pc-button:not(.pc-button--secondary)")
    page.wait_for_selector("#result")
    assert axe_violations(page, axe_source) == [], f"check result ({lang})"
    screenshot(page, f"check-result-{lang}")

    # ask about this result, anonymously
    page.click("#result button[type=submit]")
    page.wait_for_selector("#id_question")
    assert axe_violations(page, axe_source) == [], f"consultation from result ({lang})"
    page.check("input[name=recipient_role][value=values_ethics]")
    page.fill("#id_question", "Is this fine during the campaign?")
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("#receipt-code")
    assert axe_violations(page, axe_source) == [], f"receipt shown ({lang})"
    screenshot(page, f"consultation-sent-{lang}")
    code = page.inner_text("#receipt-code")

    receipt = "/en/consultation/receipt/" if lang == "en" else "/fr/consultation/recu/"
    page.goto(base + receipt)
    page.fill("#id_code", code)
    page.click("form.pc-form button[type=submit]")
    page.wait_for_selector("ol.pc-thread")
    assert axe_violations(page, axe_source) == [], f"receipt thread ({lang})"

    sign_in(page, base, lang, "demo-ethics")
    inbox = "/en/inbox/" if lang == "en" else "/fr/boite-de-reception/"
    page.goto(base + inbox)
    assert axe_violations(page, axe_source) == [], f"inbox ({lang})"
    screenshot(page, f"inbox-{lang}")
    page.click("table.pc-table tbody a")
    page.wait_for_selector("ol.pc-thread")
    assert axe_violations(page, axe_source) == [], f"thread ({lang})"
    screenshot(page, f"thread-{lang}")
    page.goto(
        base + ("/en/consultation/mine/" if lang == "en" else "/fr/consultation/les-miennes/")
    )
    assert axe_violations(page, axe_source) == [], f"my consultations ({lang})"

    sign_in_as_admin = "demo-admin"
    page.click("form.pc-signout button:visible")  # sign out
    page.wait_for_load_state()
    sign_in(page, base, lang, sign_in_as_admin)
    page.goto(base + ("/en/figures/" if lang == "en" else "/fr/chiffres/"))
    assert axe_violations(page, axe_source) == [], f"figures ({lang})"
    screenshot(page, f"figures-{lang}")


def test_axe_check_reports_a_real_violation(page, axe_source):
    """Guard against a silent axe run: a page with known faults must fail."""
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    ids = {v["id"] for v in axe_violations(page, axe_source)}
    assert {"image-alt", "html-has-lang"} <= ids
