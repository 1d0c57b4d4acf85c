"""Facebook "Download your information" (JSON): own posts and comments.

Layouts drift (``your_facebook_activity/posts/...`` since 2024, ``posts/`` before), so
files are found by name; every string is repaired from Meta's Latin-1 mojibake.
Messages are never opened. Posts and comments record no language, so the engine
identifies each one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, as_dict, as_list, basename, find_members, from_epoch
from .meta import JSON_ADVICE, head, html_export, posts, synthetic_id, text
from .safezip import Container

PLATFORM = "facebook"
DESCRIPTION = "Facebook JSON export (your_posts_N.json, comments.json)"
CANONICAL_NAME = "your_posts_1.json"
ADVICE = JSON_ADVICE
COMMENTS_NAME = "comments_and_reactions/comments.json"
POST_FILES = re.compile(r"your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json")
COMMENT_FILES = re.compile(r"comments(?:_\d+)?\.json")
POST_KEYS = ("status_updates_v2",)
COMMENT_KEYS = ("comments_v2", "comments")
# The same export downloaded as HTML: its folders, or its posts page at any depth.
HTML_FOLDERS = ("your_facebook_activity/", "your_activity_across_facebook/")
POST_PAGES = re.compile(r"your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.html")


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


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``your_posts_1.json`` or ``comments_and_reactions/comments.json``, told by the key
    that wraps the records or by the first records' shape (``data[].post`` for a post,
    ``data[].comment`` for a comment)."""
    found = head(container, name)
    if found is None:
        return None
    if found.key in POST_KEYS:
        return CANONICAL_NAME
    kinds = [k for k in map(_kind_of, found.records) if k]
    if found.key in COMMENT_KEYS and (not found.records or COMMENTS_NAME in kinds):
        return COMMENTS_NAME
    return kinds[0] if found.key is None and kinds else None


def _kind_of(rec: Any) -> str | None:
    if not isinstance(rec, dict) or "media" in rec or "string_map_data" in rec:
        return None  # Instagram's shapes
    data = [d for d in rec.get("data") or () if isinstance(d, dict)]
    if any("comment" in d for d in data):
        return COMMENTS_NAME
    if any("post" in d or "update_timestamp" in d for d in data) or rec.get("attachments"):
        return CANONICAL_NAME
    return None


def unreadable(names: list[str]) -> str | None:
    """Facebook's export downloaded in HTML format."""
    if detect(names):
        return None
    for n in names:
        if n.endswith(".html") and (
            POST_PAGES.fullmatch(basename(n)) or any(f"/{d}" in f"/{n}" for d in HTML_FOLDERS)
        ):
            return html_export("Facebook")
    return None


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream own posts (``post`` kind) and comments (``comment`` kind)."""
    names = container.names()
    yield from posts(container, find_members(names, POST_FILES), log, POST_KEYS, _post)
    comments = [n for n in detect(names) if COMMENT_FILES.fullmatch(basename(n))]
    yield from posts(container, comments, log, COMMENT_KEYS, _comment)


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
