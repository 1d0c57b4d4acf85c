"""Browser setup for the page frame: the shared Playwright + Chromium fixtures
(tests/browser_support.py)."""

from __future__ import annotations

import os

import pytest

from browser_support import browser, page  # noqa: F401

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_live(live_server, transactional_db):
    """The live server with the demo organization, users and cases loaded."""
    from django.core.management import call_command

    call_command("load_demo", quiet=True)
    return live_server


@pytest.fixture
def sign_in(demo_live):
    """Sign a demo user in on ``page`` (a session cookie made by Django's client), or
    nobody for ``None``."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    def _sign_in(page, username: str | None):
        page.context.clear_cookies()
        if username is None:
            return
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": demo_live.url,
                }
            ]
        )

    return _sign_in
