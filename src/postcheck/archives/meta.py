"""Helpers shared by the Meta exports (Facebook, Instagram, Threads): every string in
their JSON carries the Latin-1 mojibake, and records are lists inside optional wrappers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..engine import Post
from .common import (
    JsonHead,
    ReadLog,
    as_list,
    fix_mojibake,
    head_of,
    iter_json,
    json_bytes,
    json_head,
    top_level_array_path,
)
from .errors import MalformedFileError
from .safezip import Container

# Where Meta's exports (Facebook, Instagram, Threads) are requested; postcheck needs the
# JSON format, and HTML is the other choice there.
DOWNLOAD = "Accounts Center → Your information and permissions → Download your information"
JSON_ADVICE = (
    "check that you downloaded your information in JSON format, with your posts and "
    f"comments ({DOWNLOAD}, Format: JSON)"
)


def html_export(platform: str) -> str:
    """What to say of one of Meta's exports downloaded in HTML format."""
    return (
        f"is {platform}'s export in HTML format; postcheck reads the JSON format: in "
        f"{DOWNLOAD}, choose Format: JSON, then review the new download"
    )


def head(container: Container, name: str) -> JsonHead | None:
    """The start of a Meta JSON file's list of records (see ``common.json_head``)."""
    return json_head(head_of(container, name))


def records(
    container: Container, name: str, log: ReadLog, keys: tuple[str, ...] = ()
) -> Iterator[Any]:
    """Stream the records of a Meta JSON file (bare list or ``{"key": [...]}``);
    a broken file is noted in ``log`` and what was read before the damage is kept."""
    try:
        with container.open(name) as fh:
            path = top_level_array_path(fh, name, keys)
            stream = json_bytes(fh, name, log)
            yield from iter_json(stream, path, name)
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))


def posts(
    container: Container,
    names: Iterable[str],
    log: ReadLog,
    keys: tuple[str, ...],
    convert: Callable[[Any], Post | None],
) -> Iterator[Post]:
    """The posts ``convert`` makes of the records of these files (None: not a post)."""
    for name in names:
        for rec in records(container, name, log, keys):
            post = convert(rec)
            if post is not None:
                yield post


def media_post(rec: Any) -> tuple[str, Any, dict[str, Any]] | None:
    """(text, timestamp, first media item) of an Instagram or Threads post record, from
    the record or its first media item; None when it has no text."""
    if not isinstance(rec, dict):
        return None
    media = [m for m in as_list(rec.get("media")) if isinstance(m, dict)]
    first = media[0] if media else {}
    body = text(rec.get("title")) or text(first.get("title"))
    if not body:
        return None
    return body, rec.get("creation_timestamp", first.get("creation_timestamp")), first


def text(value: Any) -> str:
    """A Meta string with the mojibake undone; '' for anything else."""
    return fix_mojibake(value).strip() if isinstance(value, str) else ""


def synthetic_id(platform: str, *parts: Any) -> str:
    """Meta exports carry no post ids: derive a stable one from time and text."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{platform}-{digest[:16]}"
