"""Reddit data request: ``posts.csv`` (title + body) and ``comments.csv``.

The ``ip`` column is personal data and is dropped on reading; ``[deleted]`` and
``[removed]`` placeholders are not the person's words and are skipped. Neither file
has a language column, so the engine identifies each post's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine import Post
from .common import ImportOptions, ReadLog, basename, find_members, parse_iso
from .safezip import Container
from .tables import header, rows

PLATFORM = "reddit"
DESCRIPTION = "Reddit data request (posts.csv, comments.csv)"
CANONICAL_NAME = "posts.csv"
ADVICE = (
    "check that the data request (reddit.com/settings/data-request) holds posts.csv and "
    "comments.csv"
)
POSTS = re.compile(r"posts(?:_\d+)?\.csv", re.IGNORECASE)
COMMENTS = re.compile(r"comments(?:_\d+)?\.csv", re.IGNORECASE)
# Files only Reddit's data request has (two of them tell it): the export is there,
# without posts and comments.
OTHER_FILES = re.compile(
    r"(?:post_votes|comment_votes|saved_posts|saved_comments|statistics|user_preferences|"
    r"ip_logs)(?:_\d+)?\.csv",
    re.IGNORECASE,
)
PLACEHOLDERS = frozenset({"[deleted]", "[removed]"})


def detect(names: list[str]) -> list[str]:
    """Members this importer reads (confirmed by ``matches``)."""
    return find_members(names, POSTS) + find_members(names, COMMENTS)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True when the CSV has Reddit's ``id``/``permalink``/``body`` columns."""
    return {"id", "permalink", "body"} <= set(header(container, name))


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``posts.csv`` (a ``title`` column) or ``comments.csv`` (``link`` and ``parent``)
    among the CSVs that ``matches``; ``messages.csv`` (``thread_id``, ``from``, ``to``),
    which ``detect`` leaves out: messages are never read."""
    if not matches(container, name, options):
        return None
    cols = set(header(container, name))
    if "thread_id" in cols or {"from", "to"} <= cols:
        return "messages.csv"
    if "title" in cols:
        return CANONICAL_NAME
    return "comments.csv" if {"link", "parent"} & cols else None


def unreadable(names: list[str]) -> str | None:
    """Reddit's data request without posts.csv and comments.csv."""
    if detect(names) or len(find_members(names, OTHER_FILES)) < 2:
        return None
    return (
        "is Reddit's data request without posts.csv or comments.csv, the files of your "
        "posts and comments: review the whole zip from reddit.com/settings/data-request"
    )


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream posts (``post`` kind) and comments (``comment`` kind)."""
    for name in detect(container.names()):
        if not matches(container, name, options):
            continue
        is_post = bool(POSTS.fullmatch(basename(name)))
        for _line, row in rows(container, name, log):
            row.pop("ip", None)
            body = (row.get("body") or "").strip()
            if body in PLACEHOLDERS:
                body = ""
            if is_post:
                title = (row.get("title") or "").strip()
                title = "" if title in PLACEHOLDERS else title
                body = f"{title}\n\n{body}" if title and body else title or body
            if not body:
                continue
            yield Post(
                text=body,
                platform=PLATFORM,
                created_at=parse_iso(row.get("date")),
                url=row.get("permalink") or None,
                id=row.get("id") or None,
                kind="post" if is_post else "comment",
            )
