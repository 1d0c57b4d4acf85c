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
from .common import ImportOptions, ReadLog, as_dict, as_list, basename, find_members, from_epoch
from .meta import posts, synthetic_id, text
from .safezip import Container

PLATFORM = "facebook"
DESCRIPTION = "Facebook JSON export (your_posts_N.json, comments.json)"
CANONICAL_NAME = "your_posts_1.json"
POST_FILES = re.compile(r"your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json")
COMMENT_FILES = re.compile(r"comments(?:_\d+)?\.json")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: own-post files and ``comments.json``.

    ``comments.json`` alone is also Instagram-like, so it only counts next to a
    Facebook layout (a posts file or a Facebook folder name).
    """
    posts = find_members(names, POST_FILES)
    comments = [
        n
        for n in find_members(names, COMMENT_FILES)
        if posts
        or "facebook" in n
        or n.startswith(("comments/", "comments_and_reactions/"))
        or "/comments_and_reactions/" in n
    ]
    return posts + comments


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream own posts (``post`` kind) and comments (``comment`` kind)."""
    names = container.names()
    yield from posts(container, find_members(names, POST_FILES), log, ("status_updates_v2",), _post)
    comments = [n for n in detect(names) if COMMENT_FILES.fullmatch(basename(n))]
    yield from posts(container, comments, log, ("comments_v2", "comments"), _comment)


def _post(rec: Any) -> Post | None:
    if not isinstance(rec, dict):
        return None
    parts = [text(as_dict(d).get("post")) for d in as_list(rec.get("data"))]
    body = "\n".join(p for p in parts if p)
    if not body:
        # Status text can also sit in an attachment (a note or a media description).
        for att in as_list(rec.get("attachments")):
            for d in as_list(as_dict(att).get("data")):
                d = as_dict(d)
                note, media = as_dict(d.get("note")), as_dict(d.get("media"))
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
    for d in as_list(rec.get("data")):
        c = as_dict(d).get("comment")
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
