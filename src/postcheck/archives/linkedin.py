"""LinkedIn "Get a copy of your data": ``Shares.csv`` (posts) and ``Comments.csv``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine import Post
from .common import ImportOptions, ReadLog, basename, find_members, parse_iso
from .meta import synthetic_id
from .safezip import Container
from .tables import header, rows

PLATFORM = "linkedin"
DESCRIPTION = "LinkedIn export (Shares.csv, Comments.csv)"
CANONICAL_NAME = "Shares.csv"
SHARES = re.compile(r"Shares(?:_\d+)?\.csv", re.IGNORECASE)
COMMENTS = re.compile(r"Comments(?:_\d+)?\.csv", re.IGNORECASE)


def detect(names: list[str]) -> list[str]:
    """Members this importer reads (by name; Reddit's comments.csv has other columns,
    which ``matches`` tells apart)."""
    return find_members(names, SHARES) + find_members(names, COMMENTS)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True when the CSV has LinkedIn's columns."""
    cols = set(header(container, name))
    if SHARES.fullmatch(basename(name)):
        return "sharecommentary" in cols
    return {"date", "message"} <= cols and "permalink" not in cols


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream shares (``post``, or ``repost`` when there is no commentary) and comments."""
    for name in detect(container.names()):
        if not matches(container, name, options):
            continue
        is_share = bool(SHARES.fullmatch(basename(name)))
        for _line, row in rows(container, name, log):
            body = (row.get("sharecommentary") if is_share else row.get("message")) or ""
            body = body.strip()
            link = (row.get("sharelink") if is_share else row.get("link")) or None
            created = parse_iso(row.get("date"))
            if is_share and not body:
                if row.get("sharedurl") or link:
                    yield Post(
                        text="",
                        platform=PLATFORM,
                        created_at=created,
                        url=link,
                        id=link or synthetic_id(PLATFORM, row.get("date")),
                        kind="repost",
                    )
                continue
            if not body:
                continue
            yield Post(
                text=body,
                platform=PLATFORM,
                created_at=created,
                url=link,
                id=synthetic_id(PLATFORM, row.get("date"), body),
                kind="post" if is_share else "comment",
            )
