"""Helpers shared by the Meta exports (Facebook, Instagram, Threads): every string in
their JSON carries the Latin-1 mojibake, and records are lists inside optional wrappers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from .common import ReadLog, fix_mojibake, iter_json, json_bytes, top_level_array_path
from .errors import MalformedFileError
from .safezip import Container


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


def text(value: Any) -> str:
    """A Meta string with the mojibake undone; '' for anything else."""
    return fix_mojibake(value).strip() if isinstance(value, str) else ""


def synthetic_id(platform: str, *parts: Any) -> str:
    """Meta exports carry no post ids: derive a stable one from time and text."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{platform}-{digest[:16]}"
