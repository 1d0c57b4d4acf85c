"""Fixtures of the web-app tests (tests/web_support.py)."""

from web_support import (  # noqa: F401
    _fresh_rate_limits,
    _tallies_written_at_once,
    demo,
    django_db_setup,
    signed_in,
)
