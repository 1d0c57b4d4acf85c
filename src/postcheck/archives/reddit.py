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
POSTS = re.compile(r"posts(?:_\d+)?\.csv", re.IGNORECASE)
COMMENTS = re.compile(r"comments(?:_\d+)?\.csv", re.IGNORECASE)
PLACEHOLDERS = frozenset({"[deleted]", "[removed]"})


def detect(names: list[str]) -> list[str]:
    """Members this importer reads (confirmed by ``matches``)."""
    return find_members(names, POSTS) + find_members(names, COMMENTS)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True when the CSV has Reddit's ``id``/``permalink``/``body`` columns."""
    return {"id", "permalink", "body"} <= set(header(container, name))


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
