"""Checking one post from the web page or the API.

The text passes through :func:`check_post` in memory and is never stored, logged or
written to the audit log; only the anonymous weekly counts are kept.
"""

from __future__ import annotations

from django.conf import settings

from postcheck.engine import Assessment, Context, InputError, Post, default_engine

from .errors import CheckRefused
from .figures import record_tally


def build_context(data: dict[str, object] | None) -> Context:
    """A :class:`Context` from form or JSON data; raises :class:`CheckRefused` when wrong."""
    try:
        return Context.from_dict(data)
    except InputError as exc:
        raise CheckRefused(str(exc)) from None


def check_post(
    text: str,
    *,
    lang: str | None = None,
    context: Context | None = None,
    platform: str | None = None,
) -> Assessment:
    """Check one post. The text stays in memory: nothing about it is stored or logged.

    Only the anonymous weekly counts (level, consideration codes) are incremented. The
    contacts are the engine's; :func:`postcheck.support.contacts.organization_contacts`
    gives them as an organization reaches them.
    """
    if not isinstance(text, str) or not text.strip():
        raise CheckRefused("the post is empty: paste the text you want to check")
    if len(text) > settings.POSTCHECK_MAX_TEXT:
        raise CheckRefused(
            f"the post is {len(text)} characters long: the limit is {settings.POSTCHECK_MAX_TEXT}"
        )
    if lang not in (None, "auto", "en", "fr"):
        raise CheckRefused(f"unknown language {lang!r}: use auto, en or fr")
    assessment = default_engine().assess(
        Post(text, lang=None if lang in (None, "auto") else lang, platform=platform or None),
        context or Context(),
    )
    record_tally(assessment.level.value, assessment.codes)
    return assessment
