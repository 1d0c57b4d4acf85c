"""Facebook "Download your information" (JSON): own posts and comments.

Layouts drift (``your_facebook_activity/posts/...`` since 2024, ``posts/`` before), so
files are found by name; every string is repaired from Meta's Latin-1 mojibake.
Messages are never opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, find_members, from_epoch
from .meta import records, synthetic_id, text
from .safezip import Container

PLATFORM = "facebook"
POST_FILES = re.compile(r"your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json")
COMMENT_FILES = re.compile(r"comments(?:_\d+)?\.json")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: own-post files and ``comments.json``.

    ``comments.json`` alone is also Instagram-like, so it only counts next to a
    Facebook layout (a posts file or a Facebook folder name).
    """
    posts = find_members(names, POST_FILES)
    comments = [
        n for n in find_members(names, COMMENT_FILES)
        if posts or "facebook" in n or n.startswith(("comments/", "comments_and_reactions/"))
        or "/comments_and_reactions/" in n
    ]
    return posts + comments


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream own posts (``post`` kind) and comments (``comment`` kind)."""
    names = container.names()
    for name in find_members(names, POST_FILES):
        for rec in records(container, name, log, ("status_updates_v2",)):
            post = _post(rec)
            if post is not None:
                yield post
    for name in detect(names):
        if not COMMENT_FILES.fullmatch(name.rsplit("/", 1)[-1]):
            continue
        for rec in records(container, name, log, ("comments_v2", "comments")):
            post = _comment(rec)
            if post is not None:
                yield post


def _post(rec: Any) -> Post | None:
    if not isinstance(rec, dict):
        return None
    parts = [text(d.get("post")) for d in rec.get("data") or () if isinstance(d, dict)]
    body = "\n".join(p for p in parts if p)
    if not body:
        # Status text can also sit in an attachment (a note or a media description).
        for att in rec.get("attachments") or ():
            for d in (att or {}).get("data") or ():
                if isinstance(d, dict):
                    note = d.get("note") or {}
                    media = d.get("media") or {}
                    body = text(note.get("text")) or text(media.get("description"))
                    if body:
                        break
            if body:
                break
    if not body:
        return None
    ts = rec.get("timestamp")
    return Post(
        text=body,
        platform=PLATFORM,
        created_at=from_epoch(ts),
        id=synthetic_id(PLATFORM, ts, body),
        kind="post",
    )


def _comment(rec: Any) -> Post | None:
    if not isinstance(rec, dict):
        return None
    for d in rec.get("data") or ():
        c = d.get("comment") if isinstance(d, dict) else None
        if isinstance(c, dict):
            body = text(c.get("comment"))
            if body:
                ts = c.get("timestamp", rec.get("timestamp"))
                return Post(
                    text=body,
                    platform=PLATFORM,
                    created_at=from_epoch(ts),
                    id=synthetic_id(PLATFORM, "c", ts, body),
                    kind="comment",
                )
    return None
