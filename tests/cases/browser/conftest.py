"""Browser setup for the cases flows: the shared Playwright + Chromium + axe-core
fixtures (tests/browser_support.py), and signing in as a given user."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from browser_support import axe_source, axe_violations, browser, page  # noqa: F401


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
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return _sign_in


@pytest.fixture
def accessible(axe_source):
    """Assert the current page has zero axe-core violations."""

    def _check(page):
        violations = axe_violations(page, axe_source)
        assert violations == [], f"{page.url}: {violations}"

    return _check
