"""The main menu in a real browser: the roles that handle cases follow its link to the
cases pages, in both languages; nobody else is shown it."""

from __future__ import annotations

import pytest

from browser_support import wait_for_components

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASES = {"en": ("/en/cases/", "Cases"), "fr": ("/fr/dossiers/", "Dossiers")}
# the demo users whose roles handle cases (cases.access.CASE_ROLES), and the others
WITH_CASES = ["demo-manager", "demo-ethics", "demo-coi", "demo-ombud"]
WITHOUT_CASES = [None, "demo-employee", "demo-admin", "demo-auditor"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_roles_with_cases_follow_the_menu_to_the_cases(page, demo_live, sign_in, lang):
    url, label = CASES[lang]
    for username in WITH_CASES:
        sign_in(page, username)
        page.goto(f"{demo_live.url}/{lang}/")
        wait_for_components(page)
        page.locator("gcds-top-nav").get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(demo_live.url + url)
        assert page.locator("main h1").inner_text() == label, username


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_other_roles_are_not_shown_the_cases_link(page, demo_live, sign_in, lang):
    url, label = CASES[lang]
    for username in WITHOUT_CASES:
        sign_in(page, username)
        page.goto(f"{demo_live.url}/{lang}/")
        wait_for_components(page)
        assert page.locator(f'a[href="{url}"], gcds-nav-link[href="{url}"]').count() == 0, username
        assert page.get_by_role("link", name=label, exact=True).count() == 0, username
