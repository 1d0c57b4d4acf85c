"""Browser tests: Playwright's Python package driving Debian's Chromium.

They skip, saying why, when Chromium or Playwright is missing (CI installs both and
fails on skips). Playwright never downloads a browser here.
"""

from __future__ import annotations

import os

import pytest

from browser_support import axe_source, browser, page  # noqa: F401

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def demo_live(live_server, transactional_db):
    """The live server with the demo organization and users loaded."""
    from django.core.management import call_command

    call_command("load_demo", quiet=True)
    return live_server
