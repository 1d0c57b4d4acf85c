"""Shared helpers of the importers: encodings, streaming JSON, dates, text clean-up."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from typing import IO, Any, BinaryIO

from .errors import MalformedFileError
from .safezip import Container

SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class ReadLog:
    """What an import left out, and how many items it expects (for the progress bar).

    ``skipped`` entries are ``{"file": name, "reason": ...}`` or ``{"item": id, ...}``.
    """

    skipped: list[dict[str, str]] = field(default_factory=list)
    estimated_total: int | None = None

    def skip_file(self, name: str, reason: str, *, reason_fr: str | None = None) -> None:
        """Note a file left out (or read with a caveat); ``reason_fr`` is the reason in
        French, for the French report."""
        entry = {"file": name, "reason": reason}
        if reason_fr:
            entry["reason_fr"] = reason_fr
        self.skipped.append(entry)

    def skip_item(
        self,
        item: str,
        reason: str,
        *,
        item_fr: str | None = None,
        reason_fr: str | None = None,
    ) -> None:
        """Note one record left out (or read with a caveat); ``item_fr`` and
        ``reason_fr`` say it in French, for the French report."""
        entry = {"item": item, "reason": reason}
        if item_fr:
            entry["item_fr"] = item_fr
        if reason_fr:
            entry["reason_fr"] = reason_fr
        self.skipped.append(entry)

    def expect(self, n: int) -> None:
        self.estimated_total = (self.estimated_total or 0) + n


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Column mapping for generic CSV/JSONL (``None`` = guess from common names), and the
    members of an archive the generic reader reads (``--file``; empty: the lone file)."""

    text_column: str | None = None
    date_column: str | None = None
    id_column: str | None = None
    url_column: str | None = None
    files: tuple[str, ...] = ()


MAX_LINE = 16 * 1024 * 1024


def lines(text: IO[str], name: str, limit: int = MAX_LINE) -> Iterator[str]:
    """Lines of a text stream, refusing one longer than ``limit`` characters (a huge
    file without line breaks is no CSV/JSONL export and must not be loaded whole)."""
    while True:
        line = text.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(("\n", "\r")):
            raise MalformedFileError(
                f"{name}: a line is longer than {limit // (1024 * 1024)} MiB; this is not a "
                "CSV or JSONL export (reading stopped there)"
            )
        yield line


def post_lang(value: Any) -> str | None:
    """The language a platform's tag names (``fr-CA`` -> ``fr``, ``EN`` -> ``en``,
    ``es``): the engine trusts it and checks only English and French; ``None`` for
    X's pseudo-codes (``qme``, ``und``, ...) and anything that is no tag, so the
    engine identifies the language itself."""
    if not isinstance(value, str):
        return None
    primary = value.split("-", 1)[0].split("_", 1)[0].strip().lower()
    if primary in ("en", "fr"):
        return primary
    if (
        len(primary) in (2, 3)
        and primary.isascii()
        and primary.isalpha()
        and primary not in ("und", "qme", "qht", "qam", "qct", "qst", "zxx", "mis", "mul")
    ):
        return primary
    return None


def basename(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def find_members(names: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Members whose base name matches ``pattern`` (layouts drift; names are stable)."""
    return sorted(n for n in names if pattern.fullmatch(basename(n)))


# --- encodings ---------------------------------------------------------------


def sniff_encoding(head: bytes) -> tuple[str, str | None]:
    """Pick the encoding of a file from its first bytes: UTF-8 (with or without BOM),
    UTF-16 (with a BOM, or without one when every other byte is NUL, as in LinkedIn's
    2018 export), else cp1252. The second value is a note when the text may not read
    exactly (the cp1252 guess)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, None
    try:
        head.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sniff window is still UTF-8.
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", None
    return "cp1252", "not UTF-8: read as Windows-1252 (cp1252); check accented letters"


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NUL bytes fall on one side of each byte
    pair (text in Latin letters has a NUL in every pair) and the sample decodes."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= pairs / 4 and even <= odd / 10:
        encoding = "utf-16-le"
    elif even >= pairs / 4 and odd <= even / 10:
        encoding = "utf-16-be"
    else:
        return None
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return encoding


def decode_errors(encoding: str) -> str:
    """UTF-8 must be valid (a bad byte is reported); the cp1252 fallback is a guess, and
    five byte values have no cp1252 character, so those become U+FFFD."""
    return "replace" if encoding == "cp1252" else "strict"


def open_text(fh: BinaryIO, name: str, log: ReadLog) -> IO[str]:
    """Wrap a byte stream as text in its sniffed encoding, noting a fallback in the log."""
    encoding, note = sniff_encoding(_peek(fh))
    if note:
        log.skip_file(name, note)
    return io.TextIOWrapper(fh, encoding=encoding, errors=decode_errors(encoding), newline="")


def json_bytes(fh: BinaryIO, name: str, log: ReadLog) -> IO[Any]:
    """A stream ijson can read: UTF-8 bytes as they are (BOM dropped), anything else
    re-decoded to text first."""
    head = _peek(fh)
    encoding, note = sniff_encoding(head)
    if encoding == "utf-8":
        return fh
    if encoding == "utf-8-sig":
        fh.read(3)
        return fh
    if note:
        log.skip_file(name, note)
    return io.TextIOWrapper(fh, encoding=encoding, errors=decode_errors(encoding))


def _peek(fh: BinaryIO) -> bytes:
    peek = getattr(fh, "peek", None)
    if peek is None:
        raise TypeError("open_text/json_bytes need a buffered stream")
    head: bytes = peek(SNIFF_BYTES)
    return head[:SNIFF_BYTES]


def skip_to(fh: BinaryIO, marker: bytes, name: str, limit: int = SNIFF_BYTES) -> None:
    """Advance ``fh`` to the first ``marker`` byte (drop ``window.YTD... =`` prefixes)."""
    head = _peek(fh)
    idx = head.find(marker)
    if idx < 0 or idx > limit:
        raise MalformedFileError(
            f"{name}: expected a JSON array after the 'window.YTD... =' prefix, found none; "
            "the file is not in the archive format"
        )
    fh.read(idx)


def iter_json(stream: IO[Any], path: str, name: str) -> Iterator[Any]:
    """Stream the items at ``path`` (ijson prefix, e.g. ``item``) with a clear error when
    the JSON is broken or truncated. Items yielded before the error are kept."""
    import ijson

    try:
        yield from ijson.items(stream, path, use_float=True)
    except ijson.JSONError as exc:
        if "trailing garbage" in str(exc) or "Additional data" in str(exc):
            return  # e.g. a ";" after the array: every record was already read
        raise MalformedFileError(
            f"{name}: the JSON is broken or truncated ({_short(exc)}); items before the "
            "damage were reviewed"
        ) from None
    except UnicodeDecodeError as exc:
        raise MalformedFileError(
            f"{name}: invalid text encoding at byte {exc.start}; items before it were reviewed"
        ) from None


def top_level_array_path(fh: BinaryIO, name: str, keys: tuple[str, ...] = ()) -> str:
    """ijson path of the list of records: ``item`` for a bare list, or ``KEY.item`` for
    the first of ``keys`` (or any key) whose value is a list in a wrapper object."""
    head = _peek(fh).lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"["):
        return "item"
    if head.startswith(b"{"):
        text = head.decode("utf-8", "replace")
        for key in keys:
            if re.search(rf'"{re.escape(key)}"\s*:\s*\[', text):
                return f"{key}.item"
        m = re.search(r'^\{\s*"([^"\\]+)"\s*:\s*\[', text)
        if m:
            return f"{m.group(1)}.item"
    raise MalformedFileError(f"{name}: expected a JSON list of records, found something else")


def head_of(container: Container, name: str, n: int = SNIFF_BYTES) -> bytes:
    """The first ``n`` bytes of member ``name`` (b"" when it cannot be read), to tell
    what a file is by its content."""
    try:
        with container.open(name) as fh:
            return fh.read(n)
    except (MalformedFileError, OSError):
        return b""


@dataclass(frozen=True, slots=True)
class JsonHead:
    """The start of a JSON list of records: the key of the object that wraps the list
    (None for a bare list) and the records complete within the bytes read."""

    key: str | None
    records: list[Any]


def json_head(head: bytes, most: int = 8) -> JsonHead | None:
    """What the first bytes of a JSON file show of its list of records (at most ``most``
    of them); None when they are not the start of a list, bare or in a wrapper object."""
    import ijson

    head = head.lstrip(codecs.BOM_UTF8).lstrip()
    key: str | None = None
    path = "item"
    try:
        events = ijson.parse(io.BytesIO(head))
        _prefix, event, _value = next(events)
        if event == "start_map":
            current = None
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    current = value
                elif prefix == current and event == "start_array":
                    key, path = current, f"{current}.item"
                    break
                elif prefix == "" and event == "end_map":
                    return None
        elif event != "start_array":
            return None
    except (ijson.JSONError, StopIteration, UnicodeDecodeError):
        return None
    records: list[Any] = []
    try:
        for rec in ijson.items(io.BytesIO(head), path, use_float=True):
            records.append(rec)
            if len(records) >= most:
                break
    except (ijson.JSONError, UnicodeDecodeError):
        pass  # the record cut off by the end of ``head``, or damage after the first ones
    return JsonHead(key, records)


def _short(exc: BaseException) -> str:
    # one line: the JSON parser's message quotes the damaged text over several lines,
    # and every message ends as one line of the CLI's stderr
    s = " ".join(str(exc).split())
    return s if len(s) < 120 else s[:117] + "..."


# --- untrusted structures -------------------------------------------------------
# An export's JSON or CBOR can hold any type where a list or an object is expected
# (a damaged file, a format change): importers read it through these, so a number or
# a string is never iterated or indexed as if it were records.


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object (a dict), else an empty one."""
    return value if isinstance(value, dict) else {}


# --- text ---------------------------------------------------------------------


def fix_mojibake(s: str) -> str:
    """Undo Meta's export encoding (UTF-8 bytes written as \\u00XX escapes)."""
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br"})
    _BLOCKS = frozenset({"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS and self.parts and not self.parts[-1].endswith("\n\n"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of a post's HTML (Mastodon): paragraphs and line breaks kept, links'
    hidden parts included so a URL reads whole."""
    if "<" not in html:
        return unescape(html).strip()
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()


# --- dates --------------------------------------------------------------------


def from_epoch(value: Any) -> datetime | None:
    """UTC datetime from Unix seconds (int, float or digit string); None if unusable."""
    if isinstance(value, bool):
        return None
    try:
        ts = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if ts > 1e11:  # milliseconds
        ts /= 1000
    try:
        return datetime.fromtimestamp(ts, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_iso(value: Any) -> datetime | None:
    """UTC datetime from ISO-8601 (``Z`` or offset; naive is taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    if s.endswith(" UTC"):
        s = s[:-4]
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(s)
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (ValueError, OverflowError):  # no such date, or one out of range in UTC
        return None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


def parse_x_date(value: Any) -> datetime | None:
    """``Mon May 13 14:04:05 +0000 2024`` (X archives) as UTC.

    Split by hand: ``strptime`` costs more than the JSON parsing of the whole tweet.
    """
    if not isinstance(value, str):
        return None
    parts = value.split()
    try:
        _, mon, day, hms, zone, year = parts
        h, m, sec = hms.split(":")
        dt = datetime(int(year), _MONTHS[mon], int(day), int(h), int(m), int(sec), tzinfo=UTC)
        if zone not in ("+0000", "-0000"):
            sign = -1 if zone[0] == "-" else 1
            dt -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        return dt
    except (ValueError, KeyError, IndexError, OverflowError):
        return parse_iso(value)


def parse_any_date(value: Any) -> datetime | None:
    """Dates of generic files: epoch numbers, ISO-8601 or the X form."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_epoch(value)
    if isinstance(value, str) and value.strip().isdigit():
        return from_epoch(value.strip())
    return parse_iso(value) or parse_x_date(value)
