"""The language a page is served in."""

from __future__ import annotations

from django.utils.translation import get_language


def current_lang() -> str:
    """The language of the page being served: "en" or "fr"."""
    return "fr" if (get_language() or "en").startswith("fr") else "en"
