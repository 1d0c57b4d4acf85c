"""Browser setup for the page frame: the shared Playwright + Chromium fixtures
(tests/browser_support.py)."""

from __future__ import annotations

import os

from browser_support import browser, page  # noqa: F401

# The live server runs in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
