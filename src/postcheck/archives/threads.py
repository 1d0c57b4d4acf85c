"""Threads (Meta) export: ``threads_and_replies.json`` with ``text_post_app_text_posts``.

A thread records no language (its fields are the text, time, media and ``text_app_post``
reply settings), so the engine identifies each post's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, basename, find_members, from_epoch
from .meta import JSON_ADVICE, head, html_export, media_post, posts, synthetic_id
from .safezip import Container

PLATFORM = "threads"
DESCRIPTION = "Threads export (threads_and_replies.json)"
CANONICAL_NAME = "threads_and_replies.json"
ADVICE = JSON_ADVICE
THREAD_FILES = re.compile(r"threads_and_replies(?:_\d+)?\.json")
KEY = "text_post_app_text_posts"
HTML_FOLDER = "your_threads_activity/"
HTML_PAGES = re.compile(r"threads_and_replies(?:_\d+)?\.html")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads."""
    return find_members(names, THREAD_FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``threads_and_replies.json``: records wrapped in ``text_post_app_text_posts``, or a
    list whose first record has Threads' ``text_app_post``."""
    found = head(container, name)
    if found is None:
        return None
    if found.key == KEY:
        return CANONICAL_NAME
    rec = next((r for r in found.records if isinstance(r, dict)), None)
    if found.key is not None or rec is None:
        return None
    media = [m for m in rec.get("media") or () if isinstance(m, dict)]
    return CANONICAL_NAME if any("text_app_post" in m for m in (rec, *media)) else None


def unreadable(names: list[str]) -> str | None:
    """Threads' export downloaded in HTML format."""
    if detect(names):
        return None
    for n in names:
        if n.endswith(".html") and (
            HTML_PAGES.fullmatch(basename(n)) or f"/{HTML_FOLDER}" in f"/{n}"
        ):
            return html_export("Threads")
    return None


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream threads (``post``) and replies (``reply``)."""
    yield from posts(container, detect(container.names()), log, (KEY,), _post)


def _post(rec: Any) -> Post | None:
    found = media_post(rec)
    if found is None:
        return None
    body, ts, first = found
    app = first.get("text_app_post") or rec.get("text_app_post") or {}
    is_reply = isinstance(app, dict) and bool(app.get("is_reply"))
    return Post(
        text=body,
        platform=PLATFORM,
        created_at=from_epoch(ts),
        id=synthetic_id(PLATFORM, ts, body),
        kind="reply" if is_reply else "post",
    )
