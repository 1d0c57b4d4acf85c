"""X/Twitter archive: ``data/tweets.js`` (and its parts), Community posts from
``community-tweet.js`` (and its parts), long posts from ``note-tweet.js``.

Direct messages (``direct-messages*.js``) are never opened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from html import unescape
from typing import Any

from ..engine import Post
from ..engine.model import PostKind
from .common import (
    ImportOptions,
    ReadLog,
    as_dict,
    as_list,
    basename,
    find_members,
    head_of,
    iter_json,
    json_bytes,
    parse_iso,
    parse_x_date,
    post_lang,
    skip_to,
)
from .errors import MalformedFileError
from .safezip import Container

PLATFORM = "x"
DESCRIPTION = "X/Twitter archive (zip or folder with data/tweets.js)"
CANONICAL_NAME = "tweets.js"
ADVICE = (
    "check that it is the archive X sent (Settings and privacy → Your account → Download an "
    "archive of your data), with data/tweets.js"
)
TWEET_FILES = re.compile(r"(?:tweets?|community-tweet)(-part\d+)?\.js")
NOTE_FILES = re.compile(r"note-tweet(-part\d+)?\.js")
# Each data file starts "window.YTD.<kind>.part<N> = [", and is named after its kind:
# YTD.community_tweet.part1 is data/community-tweet-part1.js (the archive's manifest.js).
_YTD = re.compile(rb"window\.YTD\.([a-z0-9_]+)\.part(\d+)\s*=")


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: the tweet and Community post files (``data/`` folder
    or bare)."""
    return find_members(names, TWEET_FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``data/<file>.js`` named after the ``window.YTD.<kind>.partN`` the file starts with
    (a renamed ``tweets.js`` is ``data/tweets.js``, a direct-message file
    ``data/direct-messages.js``, which ``detect`` leaves out)."""
    m = _YTD.match(head_of(container, name, 256).lstrip(b"\xef\xbb\xbf \t\r\n"))
    if m is None:
        return None
    kind, part = m.group(1).decode().replace("_", "-"), int(m.group(2))
    return f"data/{kind}{f'-part{part}' if part else ''}.js"


def unreadable(names: list[str]) -> str | None:
    """An X archive, or one of its files, without the files of posts (tweets.js,
    community-tweet.js)."""
    if detect(names):
        return None
    if find_members(names, NOTE_FILES):
        return (
            "holds the full text of X's long posts (note-tweet.js) but not data/tweets.js, "
            "the posts they belong to: review the whole archive X sent (the zip, or its "
            "unzipped folder)"
        )
    if any(basename(n) == "Your archive.html" or n.endswith("data/manifest.js") for n in names):
        return (
            "is X's archive without data/tweets.js, the file of your posts: review the zip X "
            "sent as it is, or the whole unzipped folder"
        )
    return None


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream the account's posts, replies and reposts, oldest file first."""
    names = container.names()
    username, expected = _account(container, names, log)
    if expected:
        log.expect(expected)
    notes = _notes(container, names, log)
    for name in _tweet_files(names):
        try:
            for rec in _js_array(container, name, log):
                post = _to_post(rec, username, notes)
                if post is None:
                    log.skip_item(f"{name} record", "not a tweet object")
                    continue
                yield post
        except MalformedFileError as exc:
            log.skip_file(name, str(exc))


def _tweet_files(names: list[str]) -> list[str]:
    def order(n: str) -> tuple[int, str]:
        m = re.search(r"part(\d{1,9})\.", basename(n))
        return (int(m.group(1)) if m else 0, n)

    return sorted(detect(names), key=order)


def _js_array(container: Container, name: str, log: ReadLog) -> Iterator[Any]:
    """Stream the items of a ``window.YTD... = [...]`` file (any size, any encoding)."""
    with container.open(name) as fh:
        skip_to(fh, b"[", name)
        yield from iter_json(json_bytes(fh, name, log), "item", name)


def _load_js(container: Container, name: str, marker: bytes) -> Any:
    """The whole JSON of a small file (account.js, manifest.js)."""
    data = container.read_bytes(name, max_bytes=64 * 1024 * 1024)
    idx = data.find(marker)
    if idx < 0:
        raise MalformedFileError(f"{name}: no JSON found after the JavaScript prefix")
    body = data[idx:].rstrip().rstrip(b";")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedFileError(f"{name}: broken JSON ({exc})") from None


def _account(container: Container, names: list[str], log: ReadLog) -> tuple[str | None, int]:
    """Username (for links) from account.js, else manifest.js; expected tweet count."""
    username: str | None = None
    expected = 0
    for name in find_members(names, re.compile(r"account\.js")):
        try:
            data = _load_js(container, name, b"[")
        except MalformedFileError as exc:
            log.skip_file(name, f"account details unreadable: {exc}")
            continue
        records = as_list(data)
        user = as_dict(as_dict(records[0] if records else None).get("account")).get("username")
        if isinstance(user, str) and user:
            username = user
        else:
            log.skip_file(name, "account details unreadable: no username in it")
    for name in find_members(names, re.compile(r"manifest\.js")):
        try:
            data = as_dict(_load_js(container, name, b"{"))
        except MalformedFileError as exc:
            log.skip_file(name, f"manifest unreadable: {exc}")
            continue
        user = as_dict(data.get("userInfo")).get("userName")
        username = username or (user if isinstance(user, str) and user else None)
        types = as_dict(data.get("dataTypes"))
        for kind in ("tweets", "tweet", "communityTweet"):
            for f in as_list(as_dict(types.get(kind)).get("files")):
                expected += _count(as_dict(f).get("count"))
    return username, expected


def _count(value: Any) -> int:
    """A file's post count in the manifest (a digit string), 0 when it is no count."""
    if isinstance(value, int) and not isinstance(value, bool):
        return max(value, 0)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 19:
        return int(value)
    return 0


class _Notes:
    """Long posts from note-tweet.js, joined to tweets by time, then by text prefix."""

    def __init__(self) -> None:
        self.by_second: dict[int, list[tuple[str, str]]] = {}  # second -> (prefix, text)
        self.by_prefix: dict[str, str] = {}

    def add(self, created: datetime | None, text: str) -> None:
        head = _prefix(text)
        if created is not None:
            self.by_second.setdefault(int(created.timestamp()), []).append((head, text))
        self.by_prefix.setdefault(head, text)

    def find(self, created: datetime | None, short: str) -> str | None:
        head = _prefix(short)
        if created is not None:
            sec = int(created.timestamp())
            cands = [c for s in (sec - 1, sec, sec + 1) for c in self.by_second.get(s, [])]
            for prefix, t in cands:
                if prefix == head:
                    return t
            if len(cands) == 1:
                return cands[0][1]
        return self.by_prefix.get(head) if len(head) >= 20 else None

    def __bool__(self) -> bool:
        return bool(self.by_prefix)


def _prefix(text: str) -> str:
    return " ".join(text.split())[:40]


def _notes(container: Container, names: list[str], log: ReadLog) -> _Notes:
    notes = _Notes()
    for name in find_members(names, NOTE_FILES):
        try:
            for rec in _js_array(container, name, log):
                note = rec.get("noteTweet", rec) if isinstance(rec, dict) else None
                if not isinstance(note, dict):
                    continue
                text = as_dict(note.get("core")).get("text")
                if isinstance(text, str):
                    notes.add(parse_iso(note.get("createdAt")), unescape(text))
        except MalformedFileError as exc:
            log.skip_file(name, str(exc))
    return notes


def _to_post(rec: Any, username: str | None, notes: _Notes) -> Post | None:
    if not isinstance(rec, dict):
        return None
    t = rec.get("tweet", rec)
    if not isinstance(t, dict):
        return None
    raw = t.get("full_text", t.get("text"))
    tid = t.get("id_str") or t.get("id")
    if not isinstance(raw, str) or not isinstance(tid, (str, int)) or isinstance(tid, bool):
        return None
    tid = str(tid)
    created = parse_x_date(t.get("created_at"))
    text = _expand_links(unescape(raw) if "&" in raw else raw, t)
    kind: PostKind
    if raw.startswith("RT @"):
        kind = "repost"
    elif t.get("in_reply_to_status_id_str") or t.get("in_reply_to_status_id"):
        kind = "reply"
    else:
        kind = "post"
    if notes and kind != "repost":
        long_text = notes.find(created, text)
        if long_text is not None:
            text = _expand_links(long_text, t)
    lang = t.get("lang")
    who = username or "i/web"
    return Post(
        text=text,
        lang=post_lang(lang),
        platform=PLATFORM,
        created_at=created,
        url=f"https://x.com/{who}/status/{tid}",
        id=tid,
        kind=kind,
    )


def _expand_links(text: str, tweet: dict[str, Any]) -> str:
    """Show the real link targets (pages and media) instead of t.co short links."""
    for holder in (tweet.get("entities"), tweet.get("extended_entities")):
        if not isinstance(holder, dict):
            continue
        for u in as_list(holder.get("urls")) + as_list(holder.get("media")):
            if isinstance(u, dict):
                short, full = u.get("url"), u.get("expanded_url")
                if isinstance(short, str) and short and isinstance(full, str) and full:
                    text = text.replace(short, full)
    return text
