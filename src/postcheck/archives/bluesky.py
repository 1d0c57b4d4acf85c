"""Bluesky repository export (``repo.car``): CAR v1 framing read here, DAG-CBOR blocks
decoded with ``libipld``, record keys found by walking the Merkle search tree (MST).

Two passes over the file: the first reads the commit and the MST nodes, keeping of each
node only its subtrees and its post and repost keys, packed in bytes (not the likes,
follows and other records that make up most of a repository); the second decodes only
the post and repost records, found by binary search of their CIDs. Memory grows by
about 70 bytes per post (a key and a CID), not with the size of the repository.

Chat records (``chat.bsky.*``: direct messages and their settings) are never decoded;
their number is reported under "Left out".
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from typing import Any, BinaryIO, TypeGuard

import numpy as np

from ..engine import Post
from .common import ImportOptions, ReadLog, as_list, find_members, head_of, parse_iso, post_lang
from .errors import MalformedFileError
from .private import CHAT_COLLECTIONS, note_records
from .safezip import Container

PLATFORM = "bluesky"
DESCRIPTION = "Bluesky repository export (repo.car)"
CANONICAL_NAME = "repo.car"
ADVICE = "check that it is your repository from Settings → Account → Export my data (repo.car)"
CAR_FILES = re.compile(r".+\.car")
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
MAX_BLOCK = 8 * 1024 * 1024


def detect(names: list[str]) -> list[str]:
    """Members this importer reads: ``*.car`` files."""
    return find_members(names, CAR_FILES)


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True: the names ``detect`` goes by are enough to tell this format."""
    return True


def looks_like_car(head: bytes) -> bool:
    """True when ``head`` starts with a CAR v1 header (for files without a .car name)."""
    try:
        n, pos = _varint_bytes(head, 0)
        header = _decode(head[pos : pos + n])
    except (MalformedFileError, IndexError):
        return False
    return isinstance(header, dict) and header.get("version") == 1 and "roots" in header


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``repo.car`` for a file that starts with a CAR v1 header."""
    return CANONICAL_NAME if looks_like_car(head_of(container, name, 4096)) else None


def unreadable(names: list[str]) -> str | None:
    """Several repositories: each is one account, and a review is one person's account
    (its context, its report), so they are reviewed one at a time."""
    cars = detect(names)
    if len(cars) < 2:
        return None
    shown = ", ".join(cars[:5]) + (f" and {len(cars) - 5} more" if len(cars) > 5 else "")
    return f"holds {len(cars)} Bluesky repositories ({shown}): review one at a time"


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream the repository's posts, replies and reposts."""
    for name in detect(container.names()) or container.names()[:1]:
        try:
            yield from _read_car(container, name, log)
        except MalformedFileError as exc:
            log.skip_file(name, str(exc))


def _read_car(container: Container, name: str, log: ReadLog) -> Iterator[Post]:
    with container.open(name) as fh:
        roots = _header(fh, name)
        nodes: dict[bytes, Node] = {}
        commit: dict[str, Any] | None = None
        for cid, data in iter_blocks(fh, name):
            if cid in roots:
                obj = _decode(data, name)
                if isinstance(obj, dict) and "data" in obj:
                    commit = obj
            elif _maybe_node(data):
                # a node that does not decode is left out here and counted by the walk
                # among the missing parts of the tree
                obj = _decode_or_none(data)
                if isinstance(obj, dict) and "e" in obj and "l" in obj:
                    nodes[cid] = _compact(obj)
    if commit is None:
        raise MalformedFileError(f"{name}: the repository commit (root block) is missing")
    did = commit.get("did")
    if not isinstance(did, str):
        log.skip_file(
            name, "the repository names no account (did): the links to its posts will not work"
        )
        did = ""
    tree = commit["data"]
    if not _is_link(tree):
        raise MalformedFileError(
            f"{name}: the repository commit has no link to its record tree; "
            "download the repository again"
        )
    index = _walk(tree, nodes, name, log)
    del nodes
    log.expect(index.distinct)
    with container.open(name) as fh:
        _header(fh, name)
        # blocks are looked up in batches, of at most 4,096 blocks and 16 MiB (a block
        # may be up to MAX_BLOCK: a count alone would let a hostile file fill memory)
        batch: list[tuple[bytes, bytes]] = []
        size = 0
        for block in iter_blocks(fh, name):
            batch.append(block)
            size += len(block[1])
            if len(batch) >= 4096 or size >= _BATCH_BYTES:
                yield from _posts(batch, index, did, name, log)
                batch, size = [], 0
        yield from _posts(batch, index, did, name, log)


def _posts(
    blocks: list[tuple[bytes, bytes]], index: RecordIndex, did: str, name: str, log: ReadLog
) -> Iterator[Post]:
    for (_cid, data), keys in zip(blocks, index.lookup([cid for cid, _d in blocks]), strict=True):
        if not keys:
            continue
        record = _decode_or_none(data)
        if record is None:
            for key in keys:
                log.skip_item(key, "the record is damaged (not valid DAG-CBOR)")
            continue
        for key in keys:
            post = _to_post(key, record, did)
            if post is None:
                log.skip_item(key, "record without text or date")
            else:
                yield post


_BATCH_BYTES = 16 * 1024 * 1024


def _maybe_node(data: bytes) -> bool:
    # MST nodes are CBOR maps of exactly two keys, "e" and "l" (canonical order).
    return data[:3] == b"\xa2ae"


# An MST node cut down to what the walk needs: its subtrees, its post and repost entries
# packed in bytes (their record CIDs one after the other with their lengths, their keys
# likewise), how many of its entries are damaged and how many chat records it names.
# Likes, follows and the rest (most of a repository) are dropped as each node is read:
# memory is about 70 bytes per post, not a Python object per record.
Node = tuple[tuple[bytes, ...], bytes, bytes, bytes, bytes, int, int]
_WANTED = (POST.encode() + b"/", REPOST.encode() + b"/")


def _is_link(value: Any) -> TypeGuard[bytes]:
    # libipld gives a CID link as its bytes; a CID is never empty nor 256 bytes long
    return isinstance(value, bytes) and 0 < len(value) < 256


def _compact(node: dict[str, Any]) -> Node:
    """The node's parts the walk needs; an entry that is not a key prefix (``p``), a key
    suffix (``k``) and links (``v``, optional ``t``) counts as damaged."""
    children: list[bytes] = []
    cids = bytearray()
    cid_lens = bytearray()
    keys = bytearray()
    key_lens = array("H")
    damaged = chats = 0
    left = node.get("l")
    if _is_link(left):
        children.append(left)
    elif left is not None:
        damaged += 1
    entries = node.get("e")
    if not isinstance(entries, list):
        entries = []
        damaged += 1
    prev: bytes | None = b""
    for e in entries:
        key = prev = _entry_key(e, prev)
        if key is None:
            damaged += 1
            continue
        v, t = e.get("v"), e.get("t")
        if t is not None and not _is_link(t):
            damaged += 1
        elif t is not None:
            children.append(t)
        if key.startswith(CHAT_COLLECTIONS):
            chats += 1  # named by its key only: never decoded
            continue
        if not key.startswith(_WANTED):
            continue
        if not _is_link(v):
            damaged += 1
            continue
        cids += v
        cid_lens.append(len(v))
        keys += key
        key_lens.append(len(key))
    return (
        tuple(children),
        bytes(cids),
        bytes(cid_lens),
        bytes(keys),
        key_lens.tobytes(),
        damaged,
        chats,
    )


def _entry_key(e: Any, prev: bytes | None) -> bytes | None:
    """The full key of an entry: the first ``p`` bytes of the key before it (``prev``,
    None when that one was damaged), then ``k``; None when it cannot be known."""
    if not isinstance(e, dict):
        return None
    p, k = e.get("p"), e.get("k")
    if not isinstance(k, bytes) or not isinstance(p, int) or isinstance(p, bool) or p < 0:
        return None
    if (p and (prev is None or p > len(prev))) or p + len(k) >= 65536:
        return None
    return (prev or b"")[:p] + k


class RecordIndex:
    """Record CID -> the keys (``collection/rkey``) of the posts and reposts that hold it,
    as sorted numpy arrays (a dictionary when CIDs differ in length, which a repository
    written by the Bluesky servers never has)."""

    def __init__(self, parts: list[Node]) -> None:
        """Build from the walked nodes; ``parts`` is emptied on the way (memory)."""
        cids = b"".join(p[1] for p in parts)
        cid_lens = np.frombuffer(b"".join(p[2] for p in parts), dtype=np.uint8)
        self._keys = b"".join(p[3] for p in parts)
        key_lens = np.frombuffer(b"".join(p[4] for p in parts), dtype=np.uint16)
        parts.clear()
        self._key_at = np.concatenate(([0], np.cumsum(key_lens, dtype=np.int64)))
        self.count = len(cid_lens)
        self._dict: dict[bytes, list[int]] | None = None
        width = int(cid_lens[0]) if self.count else 0
        if self.count and bool((cid_lens == width).all()):
            arr = np.frombuffer(cids, dtype=f"S{width}")
            self._order = np.argsort(arr, kind="stable")
            self._sorted = arr[self._order]
            del arr, cids
            self._width = width
            self.distinct = 1 + int(np.count_nonzero(self._sorted[1:] != self._sorted[:-1]))
        else:
            self._dict = {}
            at = np.concatenate(([0], np.cumsum(cid_lens, dtype=np.int64))).tolist()
            for k in range(self.count):
                self._dict.setdefault(cids[at[k] : at[k + 1]], []).append(k)
            self.distinct = len(self._dict)

    def _key(self, k: int) -> str:
        return self._keys[int(self._key_at[k]) : int(self._key_at[k + 1])].decode(
            "utf-8", "replace"
        )

    def lookup(self, cids: list[bytes]) -> list[list[str]]:
        """For each CID, the keys of the records it is (none for other blocks)."""
        if not cids:
            return []
        if self._dict is not None:
            return [[self._key(k) for k in self._dict.get(c, ())] for c in cids]
        same = [c if len(c) == self._width else b"" for c in cids]
        probe = np.asarray(same, dtype=f"S{self._width}")
        lo = np.searchsorted(self._sorted, probe, side="left").tolist()
        hi = np.searchsorted(self._sorted, probe, side="right").tolist()
        return [
            [self._key(int(self._order[j])) for j in range(a, b)] if b > a and c else []
            for a, b, c in zip(lo, hi, same, strict=True)
        ]


def _walk(root: bytes, nodes: dict[bytes, Node], name: str, log: ReadLog) -> RecordIndex:
    """The index of the post and repost records reachable from the tree's root."""
    parts: list[Node] = []
    missing = damaged = chats = 0
    stack: list[bytes] = [root]
    seen: set[bytes] = set()
    while stack:
        cid = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        node = nodes.pop(cid, None)
        if node is None:
            missing += 1
            continue
        stack.extend(node[0])
        damaged += node[5]
        chats += node[6]
        parts.append(node)
    if missing:
        log.skip_file(name, f"{missing} part(s) of the record tree are missing from the file")
    if damaged:
        log.skip_file(
            name,
            f"{damaged} entr{'y' if damaged == 1 else 'ies'} of the record tree "
            f"{'is' if damaged == 1 else 'are'} damaged (a key or a link is not one); the "
            "posts they lead to were left out",
        )
    note_records(log, name, chats)
    return RecordIndex(parts)


def _to_post(key: str, record: Any, did: str) -> Post | None:
    if not isinstance(record, dict):
        return None
    collection, _, rkey = key.partition("/")
    created = parse_iso(record.get("createdAt"))
    uri = f"at://{did}/{key}"
    if collection == REPOST:
        subject = record.get("subject") or {}
        target = subject.get("uri") if isinstance(subject, dict) else None
        return Post(
            text="",
            platform=PLATFORM,
            created_at=created,
            url=_web_url(target),
            id=uri,
            kind="repost",
        )
    text = record.get("text")
    if not isinstance(text, str):
        return None
    langs = record.get("langs") or []
    lang = post_lang(langs[0]) if isinstance(langs, list) and langs else None
    return Post(
        text=text,
        lang=lang,
        platform=PLATFORM,
        created_at=created,
        url=f"https://bsky.app/profile/{did}/post/{rkey}",
        id=uri,
        kind="reply" if record.get("reply") else "post",
    )


def _web_url(at_uri: Any) -> str | None:
    if not isinstance(at_uri, str) or not at_uri.startswith("at://"):
        return None
    parts = at_uri[5:].split("/")
    if len(parts) == 3 and parts[1] == POST:
        return f"https://bsky.app/profile/{parts[0]}/post/{parts[2]}"
    return None


# --- CAR v1 framing -----------------------------------------------------------


def _decode(data: bytes, name: str = "CAR") -> Any:
    import libipld

    try:
        return libipld.decode_dag_cbor(data)
    except Exception as exc:  # libipld raises plain ValueError/TypeError variants
        raise MalformedFileError(f"{name}: a block is not valid DAG-CBOR ({exc})") from None


def _decode_or_none(data: bytes) -> Any:
    """A block's object, or None when it is not valid DAG-CBOR (noted by the caller)."""
    try:
        return _decode(data)
    except MalformedFileError:
        return None


def _varint_bytes(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(buf) or shift > 63:
            raise MalformedFileError("CAR: truncated or invalid length prefix")
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def _varint_stream(fh: BinaryIO) -> int | None:
    value = shift = 0
    while True:
        b = fh.read(1)
        if not b:
            if shift == 0:
                return None
            raise MalformedFileError("CAR: the file ends inside a length prefix (truncated)")
        value |= (b[0] & 0x7F) << shift
        if not b[0] & 0x80:
            return value
        shift += 7
        if shift > 63:
            raise MalformedFileError("CAR: invalid length prefix")


def _header(fh: BinaryIO, name: str) -> set[bytes]:
    n = _varint_stream(fh)
    if n is None or n > MAX_BLOCK:
        raise MalformedFileError(f"{name}: not a CAR file (no header)")
    header = _decode(fh.read(n), name)
    if not isinstance(header, dict) or header.get("version") != 1:
        raise MalformedFileError(f"{name}: only CAR version 1 is supported")
    roots = [r for r in as_list(header.get("roots")) if _is_link(r)]
    if not roots:
        raise MalformedFileError(f"{name}: the CAR header names no root")
    return set(roots)


def _cid_length(section: bytes) -> int:
    if section[:2] == b"\x12\x20":  # CIDv0: a bare sha2-256 multihash
        return 34
    pos = 0
    for _ in range(3):  # version, codec, multihash code
        _, pos = _varint_bytes(section, pos)
    digest_len, pos = _varint_bytes(section, pos)
    return pos + digest_len


def iter_blocks(fh: BinaryIO, name: str) -> Iterator[tuple[bytes, bytes]]:
    """Yield ``(cid bytes, block bytes)`` for each block after the header."""
    while True:
        n = _varint_stream(fh)
        if n is None:
            return
        if n > MAX_BLOCK:
            raise MalformedFileError(f"{name}: a block claims {n:,} bytes; the file is damaged")
        section = fh.read(n)
        if len(section) < n:
            raise MalformedFileError(f"{name}: the file ends inside a block (truncated)")
        cl = _cid_length(section)
        yield section[:cl], section[cl:]
