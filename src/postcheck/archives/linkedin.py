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
COMMENTS_NAME = "Comments.csv"
ADVICE = (
    "check that the copy of your data (Settings → Data privacy → Get a copy of your data) "
    "holds Shares.csv and Comments.csv"
)
SHARES = re.compile(r"Shares(?:_\d+)?\.csv", re.IGNORECASE)
COMMENTS = re.compile(r"Comments(?:_\d+)?\.csv", re.IGNORECASE)
# Files only LinkedIn's export has (two of them tell it): the export is there, without
# the posts.
OTHER_FILES = re.compile(
    r"(?:Connections|Profile|Reactions|Positions|Skills|Ad_Targeting|Inferences_about_you)"
    r"(?:_\d+)?\.csv",
    re.IGNORECASE,
)


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


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``Shares.csv`` or ``Comments.csv``, whichever ``matches`` the columns; a lone file
    needs all three of the comments' (Date, Link, Message), since a CSV of one's own may
    well have a date and a message.

    ``container`` holds the one file, which opens under either name.
    """
    if matches(container, CANONICAL_NAME, options):
        return CANONICAL_NAME
    if matches(container, COMMENTS_NAME, options) and "link" in header(container, name):
        return COMMENTS_NAME
    return None


def unreadable(names: list[str]) -> str | None:
    """LinkedIn's export without the files of posts and comments."""
    if detect(names) or len(find_members(names, OTHER_FILES)) < 2:
        return None
    return (
        "is LinkedIn's export without Shares.csv or Comments.csv, the files of your posts "
        "and comments: in Settings → Data privacy → Get a copy of your data, ask for them "
        "(or for the larger archive) and review the new download"
    )


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
