"""A tiny CAR v1 / DAG-CBOR writer to build Bluesky repository fixtures in tests.

Same approach as MarshalX/atproto's tests/test_atproto_core/car_builder.py (MIT):
canonical DAG-CBOR, CIDv1 (dag-cbor, sha2-256), links as CBOR tag 42.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# edit(index, obj) -> obj: how a test damages the objects of a repository on purpose, each
# before it is encoded (so the blocks that link to it link to the damaged one)
Edit = Callable[[int, Any], Any]


@dataclass(frozen=True)
class Link:
    cid: bytes


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    if n < 0x100:
        return bytes([major << 5 | 24, n])
    if n < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", n)
    if n < 0x100000000:
        return bytes([major << 5 | 26]) + struct.pack(">I", n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)


def cbor(v: Any) -> bytes:
    if isinstance(v, Link):
        return b"\xd8\x2a" + cbor(b"\x00" + v.cid)
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode("utf-8")
        return _head(3, len(b)) + b
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(cbor(x) for x in v)
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (len(k.encode()), k.encode()))
        return _head(5, len(v)) + b"".join(cbor(k) + cbor(v[k]) for k in keys)
    raise TypeError(type(v))


def cid_of(block: bytes) -> bytes:
    return b"\x01\x71\x12\x20" + hashlib.sha256(block).digest()


class CarBuilder:
    """Collect blocks, then ``build(root)`` the CAR bytes."""

    def __init__(self) -> None:
        self.blocks: list[tuple[bytes, bytes]] = []

    def add(self, obj: Any) -> Link:
        block = cbor(obj)
        cid = cid_of(block)
        self.blocks.append((cid, block))
        return Link(cid)

    def build(self, root: Link, edit_header: Callable[[Any], Any] | None = None) -> bytes:
        header_obj: Any = {"roots": [root], "version": 1}
        header = cbor(edit_header(header_obj) if edit_header else header_obj)
        out = bytearray(varint(len(header)) + header)
        for cid, block in self.blocks:
            out += varint(len(cid) + len(block)) + cid + block
        return bytes(out)


def mst_node(entries: list[tuple[str, Link, Link | None]], left: Link | None = None) -> dict:
    """An MST node with prefix-compressed keys."""
    out, prev = [], b""
    for key, value, subtree in entries:
        k = key.encode()
        p = 0
        while p < min(len(k), len(prev)) and k[p] == prev[p]:
            p += 1
        out.append({"k": k[p:], "p": p, "t": subtree, "v": value})
        prev = k
    return {"e": out, "l": left}


def repo_objects(records: dict[str, dict]) -> int:
    """How many objects ``repo_car`` passes to ``edit``: the records, the tree's nodes,
    the commit and the CAR header."""
    return len(records) + (2 if len(records) >= 2 else 1) + 2


def repo_car(did: str, records: dict[str, dict], edit: Edit | None = None) -> bytes:
    """A repository with ``records`` (key ``collection/rkey`` -> record) in a two-level
    tree: the first half of the keys in a left subtree, the rest in the root node.

    ``edit`` sees each object in turn (the records in key order, the left node, the root
    node, the commit, the header) and returns what to write instead."""
    seen = [0]

    def edited(obj: Any) -> Any:
        i, seen[0] = seen[0], seen[0] + 1
        return edit(i, obj) if edit else obj

    b = CarBuilder()
    keys = sorted(records)
    links = {k: b.add(edited(records[k])) for k in keys}
    half = len(keys) // 2
    left = b.add(edited(mst_node([(k, links[k], None) for k in keys[:half]]))) if half else None
    root = b.add(edited(mst_node([(k, links[k], None) for k in keys[half:]], left)))
    commit = b.add(
        edited(
            {
                "did": did,
                "version": 3,
                "data": root,
                "rev": "3kabc",
                "prev": None,
                "sig": b"\x00" * 64,
            }
        )
    )
    return b.build(commit, edited)
