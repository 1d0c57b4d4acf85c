"""Any CSV or JSONL of posts, with a column mapping (``--text-column`` ...).

Without a mapping, common column names are tried (text, full_text, content, body...).
It reads a lone file the person made, or inside an archive only the files named with
``--file`` (``ImportOptions.files``): never every table of an export it does not know.
A file whose columns are a message's (``private.looks_like_messages``) is refused.
A ``lang`` or ``language`` column (``es``, ``fr-CA``) is the post's language tag, trusted
like a platform's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from ..engine import Post
from ..engine.model import POST_KINDS
from .common import (
    ImportOptions,
    ReadLog,
    basename,
    find_members,
    lines,
    open_text,
    parse_any_date,
    post_lang,
)
from .errors import MalformedFileError
from .safezip import Container
from .tables import column_key, header, rows

PLATFORM = "generic"
DESCRIPTION = "any CSV or JSONL with a text column (--text-column ...)"
CANONICAL_NAME = "posts.jsonl"
ADVICE = "check that the file has a column of your posts' text (name it with --text-column)"
FILES = re.compile(r".+\.(?:csv|jsonl|ndjson)", re.IGNORECASE)
TEXT_NAMES = ("text", "full_text", "content", "body", "message", "post", "caption")
DATE_NAMES = ("date", "created_at", "timestamp", "time", "published", "datetime")
ID_NAMES = ("id", "post_id", "id_str")
URL_NAMES = ("url", "link", "permalink", "href")
LANG_NAMES = ("lang", "language")


def detect(names: list[str]) -> list[str]:
    """CSV and JSONL members (a fallback: tried after every platform format)."""
    return find_members(names, FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True when a text column can be found in the file."""
    return _pick(columns(container, name), options.text_column, TEXT_NAMES) is not None


def columns(container: Container, name: str) -> list[str]:
    """The column names of a CSV member, or the keys of a JSONL member's first record."""
    if name.lower().endswith(".csv"):
        return header(container, name)
    first = _first_jsonl(container, name)
    return list(first) if isinstance(first, dict) else []


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``name`` itself, or ``posts.jsonl`` or ``posts.csv`` for a file named otherwise,
    when a text column is found (asked only when ``--format-hint generic`` is given: this
    is the fallback for anything with a text column).

    ``container`` holds the one file, which opens under any name.
    """
    tried = [name] if detect([name]) else [CANONICAL_NAME, "posts.csv"]
    return next((n for n in tried if matches(container, n, options)), None)


def unreadable(names: list[str]) -> str | None:
    """None: a file of one's own has no other form to point to."""
    return None


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream one post per row or line of the files named in ``options.files`` (by
    default every CSV and JSONL, which is the lone file given)."""
    for name in options.files or detect(container.names()):
        if name.lower().endswith(".csv"):
            yield from _read_csv(container, name, log, options)
        else:
            yield from _read_jsonl(container, name, log, options)


def _pick(cols: list[str], wanted: str | None, defaults: tuple[str, ...]) -> str | None:
    """The column named ``wanted`` (or the first of ``defaults``), by ``column_key``:
    ``--text-column "Full Text"`` finds ``full_text``."""
    by_key = {column_key(c): c for c in cols}
    if wanted is not None:
        return by_key.get(column_key(wanted))
    return next((by_key[k] for k in map(column_key, defaults) if k in by_key), None)


def _mapping(cols: list[str], options: ImportOptions, name: str) -> dict[str, str | None]:
    text = _pick(cols, options.text_column, TEXT_NAMES)
    if text is None:
        raise MalformedFileError(
            f"{name}: no text column (looked for {options.text_column or ', '.join(TEXT_NAMES)}; "
            f"found {', '.join(cols) or 'none'}); name it with --text-column"
        )
    return {
        "text": text,
        "date": _pick(cols, options.date_column, DATE_NAMES),
        "id": _pick(cols, options.id_column, ID_NAMES),
        "url": _pick(cols, options.url_column, URL_NAMES),
        "lang": _pick(cols, None, LANG_NAMES),
    }


def _post(rec: dict[str, Any], m: dict[str, str | None], fallback_id: str) -> Post | None:
    body = rec.get(m["text"] or "")
    if not isinstance(body, str) or not body.strip():
        return None
    kind = rec.get("kind")
    lang = rec.get(m["lang"]) if m["lang"] else None
    url = rec.get(m["url"]) if m["url"] else None
    rid = rec.get(m["id"]) if m["id"] else None
    return Post(
        text=body,
        lang=post_lang(lang),
        platform=PLATFORM,
        created_at=parse_any_date(rec.get(m["date"])) if m["date"] else None,
        url=url if isinstance(url, str) and url else None,
        id=str(rid) if rid not in (None, "") else fallback_id,
        kind=kind if kind in POST_KINDS else "post",
    )


def _read_csv(
    container: Container, name: str, log: ReadLog, options: ImportOptions
) -> Iterator[Post]:
    cols = header(container, name)
    try:
        m = _mapping(cols, options, name)
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))
        return
    for line, row in rows(container, name, log):
        post = _post(row, m, f"{basename(name)}:{line}")
        if post is not None:
            yield post


def _first_jsonl(container: Container, name: str) -> Any:
    try:
        with container.open(name) as fh:
            for raw in lines(open_text(fh, name, ReadLog()), name):
                if raw.strip():
                    return orjson.loads(raw)
    except (orjson.JSONDecodeError, MalformedFileError, UnicodeDecodeError):
        return None
    return None


def _read_jsonl(
    container: Container, name: str, log: ReadLog, options: ImportOptions
) -> Iterator[Post]:
    m: dict[str, str | None] | None = None
    bad = 0
    try:
        with container.open(name) as fh:
            text = open_text(fh, name, log)
            for lineno, line in enumerate(lines(text, name), 1):
                if not line.strip():
                    continue
                try:
                    rec = orjson.loads(line)
                except orjson.JSONDecodeError:
                    bad += 1
                    continue
                if not isinstance(rec, dict):
                    bad += 1
                    continue
                if m is None:
                    m = _mapping(list(rec), options, name)
                post = _post(rec, m, f"{basename(name)}:{lineno}")
                if post is not None:
                    yield post
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))
    except UnicodeDecodeError as exc:
        log.skip_file(
            name, f"invalid text encoding at byte {exc.start}; lines before it were reviewed"
        )
    if bad:
        log.skip_file(name, f"{bad} line(s) are not JSON objects")
