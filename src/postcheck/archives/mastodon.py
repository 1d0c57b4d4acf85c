"""Mastodon account archive: ``outbox.json`` (ActivityStreams), in a zip or older tar.gz.

Posts are ``Note`` objects and polls ``Question`` objects (their options in ``oneOf``,
or ``anyOf`` for a multiple-choice poll), each inside a ``Create``; boosts are
``Announce``. Direct messages live in the same file; they are recognized by their
audience (``to``/``cc``) and dropped unread: never assessed, and only their number is
reported, under "Left out".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..engine import Post
from .common import (
    ImportOptions,
    ReadLog,
    as_list,
    basename,
    find_members,
    head_of,
    html_to_text,
    iter_json,
    json_bytes,
    parse_iso,
    post_lang,
)
from .errors import MalformedFileError
from .private import note_records
from .safezip import Container

PLATFORM = "mastodon"
DESCRIPTION = "Mastodon archive (zip or tar.gz with outbox.json)"
CANONICAL_NAME = "outbox.json"
ADVICE = (
    "check that it is the archive from Preferences → Import and export → Request your "
    "archive, with outbox.json"
)
OUTBOX = re.compile(r"outbox\.json")
# The archive's other collections: the posts you liked or bookmarked (addresses only).
OTHER_COLLECTIONS = frozenset({"likes.json", "bookmarks.json"})
_COLLECTION_ID = re.compile(rb'"id"\s*:\s*"([a-z_]+\.json)"')
PUBLIC = frozenset({"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"})
POST_TYPES = frozenset({"Note", "Question"})


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: the outbox."""
    return find_members(names, OUTBOX)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``outbox.json`` for an ActivityStreams collection, or the name the collection gives
    itself (``"id": "likes.json"``), which ``detect`` leaves out."""
    head = head_of(container, name)
    if b'"orderedItems"' not in head and b'"OrderedCollection"' not in head:
        return None
    m = _COLLECTION_ID.search(head)
    own = m.group(1).decode() if m else CANONICAL_NAME
    return own if own in OTHER_COLLECTIONS else CANONICAL_NAME


def unreadable(names: list[str]) -> str | None:
    """Part of a Mastodon archive without its outbox."""
    if detect(names) or not OTHER_COLLECTIONS & {basename(n) for n in names}:
        return None
    return (
        "is part of a Mastodon archive without outbox.json, the file of your posts: review "
        "the whole archive (zip or tar.gz) as your server sent it"
    )


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream public, unlisted and followers-only posts, replies and boosts."""
    for name in detect(container.names()):
        direct = 0
        try:
            with container.open(name) as fh:
                stream = json_bytes(fh, name, log)
                # ijson sees both copies of a duplicated "orderedItems" key; the first
                # is usually empty, so streaming both loses and doubles nothing.
                for activity in iter_json(stream, "orderedItems.item", name):
                    if isinstance(activity, dict) and is_direct(activity):
                        direct += 1
                        continue
                    post = _to_post(activity, log)
                    if post is not None:
                        yield post
        except MalformedFileError as exc:
            log.skip_file(name, str(exc))
        note_records(log, name, direct)


def _audience(*objs: Any) -> set[str]:
    out: set[str] = set()
    for obj in objs:
        if not isinstance(obj, dict):
            continue
        for key in ("to", "cc"):
            v = obj.get(key)
            if isinstance(v, str):
                out.add(v)
            elif isinstance(v, list):
                out.update(x for x in v if isinstance(x, str))
    return out


def is_direct(activity: dict[str, Any]) -> bool:
    """True for a direct message: addressed neither to the public nor to the author's
    followers collection (``to`` and ``cc`` of the activity and of its status)."""
    obj = activity.get("object")
    audience = _audience(activity, obj)
    if audience & PUBLIC:
        return False
    actor = activity.get("actor")
    if not isinstance(actor, str) and isinstance(obj, dict):
        actor = obj.get("attributedTo")
    if isinstance(actor, str) and actor:
        return f"{actor.rstrip('/')}/followers" not in audience
    return not any(a.endswith("/followers") for a in audience)


def _to_post(activity: Any, log: ReadLog) -> Post | None:
    if not isinstance(activity, dict):
        log.skip_item("outbox.json item", "not an activity (a JSON object)")
        return None
    if is_direct(activity):
        return None
    kind_of = activity.get("type")
    published = parse_iso(activity.get("published"))
    if kind_of == "Announce":
        target = activity.get("object")
        aid = str(activity.get("id", ""))
        return Post(
            text="",
            platform=PLATFORM,
            created_at=published,
            url=target if isinstance(target, str) else None,
            id=_status_id(aid),
            kind="repost",
        )
    obj = activity.get("object")
    where = _where(activity, obj)
    if kind_of != "Create":
        log.skip_item(where, f"a {_type_name(kind_of)} activity, not a post: not reviewed")
        return None
    if not isinstance(obj, dict):
        log.skip_item(where, "a post whose content is not in the archive: not reviewed")
        return None
    object_type = obj.get("type")
    if not isinstance(object_type, str) or object_type not in POST_TYPES:
        log.skip_item(
            where, f"a {_type_name(object_type)} object, not a post or a poll: not reviewed"
        )
        return None
    content = obj.get("content")
    lang = None
    cmap = obj.get("contentMap")
    if isinstance(cmap, dict) and cmap:
        lang, first = next(iter(cmap.items()))
        if not isinstance(content, str):
            content = first
    text = html_to_text(content) if isinstance(content, str) else ""
    options = _poll_options(obj) if object_type == "Question" else []
    if options:
        # The question, then one option a line: what the report shows, so the spans
        # of a finding point into it.
        text = "\n\n".join(filter(None, (text, "\n".join(options))))
    summary = obj.get("summary")
    if isinstance(summary, str) and summary.strip():
        # The content warning is public text too; it is read before the post.
        text = f"{html_to_text(summary)}\n\n{text}"
    oid = str(obj.get("id", ""))
    url = obj.get("url") if isinstance(obj.get("url"), str) else oid or None
    return Post(
        text=text,
        lang=post_lang(lang),
        platform=PLATFORM,
        created_at=parse_iso(obj.get("published")) or published,
        url=url,
        id=_status_id(oid),
        kind="reply" if obj.get("inReplyTo") else "post",
    )


def _poll_options(obj: dict[str, Any]) -> list[str]:
    """The options of a poll (``oneOf``, or ``anyOf`` when several may be chosen)."""
    options = []
    for choice in as_list(obj.get("oneOf")) + as_list(obj.get("anyOf")):
        name = choice.get("name") if isinstance(choice, dict) else None
        if isinstance(name, str) and name.strip():
            options.append(" ".join(name.split()))
    return options


def _where(activity: dict[str, Any], obj: Any) -> str:
    """The address of what was left out, for the report: the status or the activity."""
    for holder, key in ((obj, "url"), (obj, "id"), (activity, "id")):
        value = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(value, str) and value:
            return value
    return "outbox.json item"


def _type_name(value: Any) -> str:
    return repr(value[:40]) if isinstance(value, str) and value else "untyped"


def _status_id(uri: str) -> str:
    parts = [p for p in uri.split("/") if p and p != "activity"]
    return parts[-1] if parts else uri
