"""Result of a history review and its machine-readable outputs (JSON, JSONL, CSV).

Flagged posts are kept compressed in memory (zlib chunks of JSON lines) so a review of
a million posts stays small, and nothing is written to disk but the requested report.
"""

from __future__ import annotations

import csv
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from ..engine import LEVELS

CHUNK = 1024 * 1024


class FlaggedStore:
    """Append-only list of flagged posts (dicts), stored as compressed JSON lines."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._buf = bytearray()
        self._n = 0

    def append(self, item: dict[str, Any]) -> None:
        self._buf += orjson.dumps(item) + b"\n"
        self._n += 1
        if len(self._buf) >= CHUNK:
            self._chunks.append(zlib.compress(bytes(self._buf), 1))
            self._buf.clear()

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for chunk in self._chunks:
            for line in zlib.decompress(chunk).splitlines():
                yield orjson.loads(line)
        for line in bytes(self._buf).splitlines():
            yield orjson.loads(line)


@dataclass
class ReviewResult:
    """Counts and flagged posts of one review. ``posts_reviewed`` counts the posts,
    replies and comments the person wrote that were assessed; reposts are counted apart."""

    posts_reviewed: int = 0
    reposts: int = 0
    flagged: FlaggedStore = field(default_factory=FlaggedStore)
    skipped: list[dict[str, str]] = field(default_factory=list)
    by_level: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)
    by_year: dict[str, Counter[str]] = field(default_factory=dict)
    excluded: Counter[str] = field(default_factory=Counter)
    out_of_range: int = 0
    # posts in a language postcheck does not check, per language (ISO 639-1)
    unchecked: Counter[str] = field(default_factory=Counter)
    formats: list[str] = field(default_factory=list)
    min_level: str = "moderate"
    context: dict[str, Any] = field(default_factory=dict)
    role_change: dict[str, Any] | None = None
    code_names: dict[str, str] = field(default_factory=dict)

    def count_year(self, year: str, key: str) -> None:
        self.by_year.setdefault(year, Counter())[key] += 1

    def summary(self) -> dict[str, Any]:
        """Everything but the flagged posts, JSON-ready."""
        return {
            "posts_reviewed": self.posts_reviewed,
            "reposts": self.reposts,
            "flagged_count": len(self.flagged),
            "skipped": self.skipped,
            "by_level": {lvl: self.by_level.get(lvl, 0) for lvl in LEVELS},
            "by_code": dict(sorted(self.by_code.items())),
            "by_year": {y: dict(c) for y, c in sorted(self.by_year.items())},
            "excluded": dict(self.excluded),
            "out_of_range": self.out_of_range,
            "unchecked": dict(sorted(self.unchecked.items())),
            "formats": self.formats,
            "min_level": self.min_level,
            "context": self.context,
            "role_change": self.role_change,
        }


def write_json(result: ReviewResult, out: IO[str]) -> None:
    """One JSON document; flagged posts are streamed one per line inside it."""
    summary = result.summary()
    out.write("{\n")
    for key in ("posts_reviewed", "reposts"):
        out.write(f'  "{key}": {summary.pop(key)},\n')
    out.write('  "flagged": [')
    for i, item in enumerate(result.flagged):
        out.write(("\n    " if i == 0 else ",\n    ") + orjson.dumps(item).decode())
    out.write("\n  ],\n" if len(result.flagged) else "],\n")
    rest = list(summary.items())
    for i, (key, value) in enumerate(rest):
        comma = "," if i < len(rest) - 1 else ""
        out.write(f'  "{key}": {orjson.dumps(value).decode()}{comma}\n')
    out.write("}\n")


def write_jsonl(result: ReviewResult, out: IO[str]) -> None:
    """One flagged post per line, then one ``{"summary": ...}`` line."""
    for item in result.flagged:
        out.write(orjson.dumps(item).decode() + "\n")
    out.write(orjson.dumps({"summary": result.summary()}).decode() + "\n")


CSV_COLUMNS = (
    "id",
    "date",
    "platform",
    "kind",
    "lang",
    "level",
    "codes",
    "url",
    "text",
    "reasons",
)


def _cell(value: str) -> str:
    # Spreadsheet apps run cells that start like a formula; posts can start with "@" or "=".
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(result: ReviewResult, out: IO[str]) -> None:
    """One row per flagged post; reasons are the finding messages joined by ' | '."""
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for item in result.flagged:
        reasons = " | ".join(
            f"{f['code']}: {f['message']}" + (f" ({f['matched']})" if f["matched"] else "")
            for f in item["findings"]
        )
        w.writerow(
            [
                _cell(str(v))
                for v in (
                    item["id"] or "",
                    item["date"] or "",
                    item.get("platform") or "",
                    item["kind"],
                    item.get("lang") or "",
                    item["level"],
                    " ".join(item["codes"]),
                    item["url"] or "",
                    item["text"],
                    reasons,
                )
            ]
        )
