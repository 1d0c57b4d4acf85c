"""Threads (Meta) export: ``threads_and_replies.json`` with ``text_post_app_text_posts``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, find_members, from_epoch
from .meta import records, synthetic_id, text
from .safezip import Container

PLATFORM = "threads"
THREAD_FILES = re.compile(r"threads_and_replies(?:_\d+)?\.json")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads."""
    return find_members(names, THREAD_FILES)


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream threads (``post``) and replies (``reply``)."""
    for name in detect(container.names()):
        for rec in records(container, name, log, ("text_post_app_text_posts",)):
            post = _post(rec)
            if post is not None:
                yield post


def _post(rec: Any) -> Post | None:
    if not isinstance(rec, dict):
        return None
    media = [m for m in rec.get("media") or () if isinstance(m, dict)]
    first = media[0] if media else {}
    body = text(rec.get("title")) or text(first.get("title"))
    if not body:
        return None
    ts = rec.get("creation_timestamp", first.get("creation_timestamp"))
    app = first.get("text_app_post") or rec.get("text_app_post") or {}
    is_reply = isinstance(app, dict) and bool(app.get("is_reply"))
    return Post(
        text=body,
        platform=PLATFORM,
        created_at=from_epoch(ts),
        id=synthetic_id(PLATFORM, ts, body),
        kind="reply" if is_reply else "post",
    )
