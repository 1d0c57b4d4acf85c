"""Instagram "Download your information" (JSON): post captions and own comments.

Comment keys in ``string_map_data`` are in the account's language ("Comment",
"Commentaire", "Opmerking"...), so the comment is found by shape: the first entry
with a ``value`` that is not the media owner. Captions and comments record no
language, so the engine identifies each one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import ImportOptions, ReadLog, basename, find_members, from_epoch
from .meta import JSON_ADVICE, head, html_export, media_post, posts, synthetic_id, text
from .safezip import Container

PLATFORM = "instagram"
DESCRIPTION = "Instagram JSON export (posts_N.json, post_comments_N.json)"
CANONICAL_NAME = "posts_1.json"
ADVICE = JSON_ADVICE
POST_FILES = re.compile(r"posts(?:_\d+)?\.json")
COMMENT_FILES = re.compile(r"(?:post|reels)_comments(?:_\d+)?\.json")
# The key that wraps each file's records, and the name the file has in the export.
WRAPPERS = {
    "ig_posts": CANONICAL_NAME,
    "comments_media_comments": "post_comments_1.json",
    "comments_reels_comments": "reels_comments_1.json",
}
# The same export downloaded as HTML: its folder, or its posts and comments pages.
HTML_FOLDER = "your_instagram_activity/"
HTML_PAGES = re.compile(r"(?:posts|(?:post|reels)_comments)(?:_\d+)?\.html")
# The comment's own key in a comment's ``string_map_data``, in the languages seen.
COMMENT_KEYS = frozenset({"comment", "commentaire", "opmerking"})
OWNER_KEYS = frozenset(
    {
        "media owner",
        "media-eigenaar",
        "propriétaire du contenu multimédia",
        "propriétaire du média",
        "propriétaire",
    }
)


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: ``posts_N.json`` (not Facebook's ``your_posts``)
    and ``post_comments_N.json``."""
    return find_members(names, POST_FILES) + find_members(names, COMMENT_FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``posts_1.json``, ``post_comments_1.json`` or ``reels_comments_1.json``, told by
    the key that wraps the records or by the first record's shape: a post has a ``media``
    list (Threads' also has ``text_app_post``), a comment a ``string_map_data`` with the
    comment or the media owner."""
    found = head(container, name)
    if found is None or (found.key is not None and found.key not in WRAPPERS):
        return None
    if found.key is not None and found.key != "ig_posts":
        return WRAPPERS[found.key]
    rec = next((r for r in found.records if isinstance(r, dict)), None)
    if rec is None:
        return None
    smd = rec.get("string_map_data")
    if isinstance(smd, dict):
        keys = {text(k).lower() for k in smd}
        return "post_comments_1.json" if keys & (COMMENT_KEYS | OWNER_KEYS) else None
    media = [m for m in rec.get("media") or () if isinstance(m, dict)]
    if media and not any("text_app_post" in m for m in (rec, *media)):
        return CANONICAL_NAME
    return None


def unreadable(names: list[str]) -> str | None:
    """Instagram's export downloaded in HTML format."""
    if detect(names):
        return None
    for n in names:
        if n.endswith(".html") and (
            HTML_PAGES.fullmatch(basename(n)) or f"/{HTML_FOLDER}" in f"/{n}"
        ):
            return html_export("Instagram")
    return None


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream captions (``post`` kind) and comments (``comment`` kind)."""
    names = container.names()
    yield from posts(container, find_members(names, POST_FILES), log, ("ig_posts",), _post)
    yield from posts(
        container,
        find_members(names, COMMENT_FILES),
        log,
        ("comments_media_comments", "comments_reels_comments"),
        _comment,
    )


def _post(rec: Any) -> Post | None:
    found = media_post(rec)
    if found is None:
        return None
    caption, ts, first = found
    uri = first.get("uri")
    pid = basename(uri).rsplit(".", 1)[0] if isinstance(uri, str) and uri else None
    return Post(
        text=caption,
        platform=PLATFORM,
        created_at=from_epoch(ts),
        id=pid or synthetic_id(PLATFORM, ts, caption),
        kind="post",
    )


def comment_fields(smd: dict[str, Any]) -> tuple[str, Any]:
    """(comment text, timestamp) from a localized ``string_map_data``."""
    body, ts = "", None
    for key, entry in smd.items():
        if not isinstance(entry, dict):
            continue
        if "timestamp" in entry and ts is None:
            ts = entry["timestamp"]
        elif "value" in entry and not body and text(key).lower() not in OWNER_KEYS:
            body = text(entry["value"])
    return body, ts


def _comment(rec: Any) -> Post | None:
    if not isinstance(rec, dict):
        return None
    smd = rec.get("string_map_data")
    if not isinstance(smd, dict):
        return None
    body, ts = comment_fields(smd)
    if not body:
        return None
    return Post(
        text=body,
        platform=PLATFORM,
        created_at=from_epoch(ts),
        id=synthetic_id(PLATFORM, "c", ts, body),
        kind="comment",
    )
