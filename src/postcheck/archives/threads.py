"""Threads (Meta) export: ``threads_and_replies.json`` with ``text_post_app_text_posts``.

A thread records no language (its fields are the text, time, media and ``text_app_post``
reply settings), so the engine identifies each post's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, find_members, from_epoch
from .meta import media_post, posts, synthetic_id
from .safezip import Container

PLATFORM = "threads"
DESCRIPTION = "Threads export (threads_and_replies.json)"
CANONICAL_NAME = "threads_and_replies.json"
THREAD_FILES = re.compile(r"threads_and_replies(?:_\d+)?\.json")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads."""
    return find_members(names, THREAD_FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream threads (``post``) and replies (``reply``)."""
    yield from posts(
        container, detect(container.names()), log, ("text_post_app_text_posts",), _post
    )


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
