"""Shared test setup. In CI (POSTCHECK_STRICT_SKIPS=1) a skipped test fails the run:
a skip there means something CI should have installed is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("POSTCHECK_STRICT_SKIPS") == "1" and _skipped:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                f"POSTCHECK_STRICT_SKIPS: {len(_skipped)} test(s) skipped; in CI nothing may skip:",
                red=True,
            )
            for nodeid in _skipped[:50]:
                reporter.write_line(f"  {nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def engine():
    from postcheck.engine import Engine

    return Engine()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED}")
    return SHARED


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /fr/ page leaves French active in the test's thread (Django's
    LocaleMiddleware does not switch back): put the default language back after every
    test, so no test depends on which ran before it."""
    yield
    try:
        from django.conf import settings
        from django.utils import translation
    except ImportError:  # the engine-only install has no Django
        return
    if settings.configured:
        translation.activate(settings.LANGUAGE_CODE)
