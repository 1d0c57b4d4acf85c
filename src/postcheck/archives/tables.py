"""Streaming CSV reading shared by LinkedIn, Reddit and generic CSV imports.

Platforms write CSV their own way: LinkedIn's 2018 export is UTF-16 and tab-separated,
with ``Share Commentary`` where today's has ``ShareCommentary``; its ``Comments.csv``
escapes a quote with a backslash (``\\"``) instead of doubling it; some files open with a
free-text "Notes:" block. So the delimiter is sniffed from the header, column names are
compared by ``column_key``, and records are split here rather than by the ``csv`` module,
which silently runs a stray quote on to the end of the file. A record that cannot be
read is noted in the log with its line number and left out; the next one is read.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from .common import MAX_LINE, ReadLog, lines, open_text
from .errors import MalformedFileError
from .safezip import Container

DELIMITERS = (",", "\t", ";")
# A "Notes:" preamble is a few lines ending at a blank one; past this, there is none.
NOTES_MAX_LINES = 50
_SEPARATORS = re.compile(r"[\s_\-\ufeff]+")
_EOL = "\r\n"


def column_key(name: str) -> str:
    """The name a column is known by: case, spaces, underscores, hyphens and a BOM do not
    count, so ``Share Commentary``, ``ShareCommentary`` and ``share_commentary`` are one."""
    return _SEPARATORS.sub("", name).lower()


def header(container: Container, name: str) -> list[str]:
    """The column keys (``column_key``) of a CSV member, after any "Notes:" preamble."""
    try:
        with container.open(name) as fh:
            table = _Table(_Lines(lines(open_text(fh, name, ReadLog()), name)))
            return table.columns
    except (MalformedFileError, UnicodeDecodeError):
        return []


def rows(
    container: Container, name: str, log: ReadLog, *, backslash_escapes: bool = False
) -> Iterator[tuple[int, dict[str, str]]]:
    """Stream ``(line number, row)``, each row keyed by ``column_key``.

    ``backslash_escapes``: ``\\"`` inside a quoted field is a quote (LinkedIn's
    comments). A record with more or fewer fields than the header is noted with its line
    and left out (it is a broken row, or the rest of one: never reviewed as a post of
    its own); a quoted field never closed ends the reading there, noted with the lines
    left out; a broken file is noted, and rows read before the damage are kept.
    """
    try:
        with container.open(name) as fh:
            table = _Table(_Lines(lines(open_text(fh, name, log), name)), backslash_escapes)
            if not table.columns:
                log.skip_file(
                    name,
                    "no header row could be read (the file is empty or broken); nothing to review",
                    reason_fr="aucune ligne d'en-tête n'a pu être lue (le fichier est vide ou "
                    "abîmé); rien à examiner",
                )
                return
            width = len(table.columns)
            for record in table:
                if record.unclosed:
                    _skip_record(
                        log,
                        name,
                        record,
                        "a quoted field that starts on this line is never closed, so the "
                        f"rest of the file (to line {record.last}) could not be read",
                        "un champ entre guillemets qui commence à cette ligne n'est jamais "
                        f"fermé : la suite du fichier (jusqu'à la ligne {record.last}) n'a "
                        "pas pu être lue",
                    )
                elif len(record.fields) != width:
                    n = len(record.fields)
                    _skip_record(
                        log,
                        name,
                        record,
                        f"it has {n} field{'s' if n > 1 else ''} where the header has "
                        f"{width}; a quote or a line break in the text may not be escaped",
                        f"elle a {n} champ{'s' if n > 1 else ''} alors que l'en-tête en a "
                        f"{width}; un guillemet ou un saut de ligne du texte n'est peut-être "
                        "pas échappé",
                    )
                else:
                    yield record.line, dict(zip(table.columns, record.fields, strict=True))
    except UnicodeDecodeError as exc:
        log.skip_file(
            name,
            f"invalid text encoding at byte {exc.start}; rows before it were reviewed",
            reason_fr=f"encodage de texte invalide à l'octet {exc.start}; les lignes "
            "précédentes ont été examinées",
        )
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))


def _skip_record(log: ReadLog, name: str, record: _Record, why: str, why_fr: str) -> None:
    lines_en = f"line {record.line}"
    lines_fr = f"ligne {record.line}"
    if record.last > record.line and not record.unclosed:
        lines_en = f"lines {record.line}-{record.last}"
        lines_fr = f"lignes {record.line} à {record.last}"
    log.skip_item(
        f"{name} {lines_en}",
        f"could not be read as CSV ({why}); left out: read it in the file and judge it yourself",
        item_fr=f"{name}, {lines_fr}",
        reason_fr=f"illisible comme CSV ({why_fr}); laissé de côté : lisez-le dans le "
        "fichier et jugez-en vous-même",
    )


@dataclass(slots=True)
class _Record:
    line: int
    last: int
    fields: list[str]
    unclosed: bool = False


class _Lines:
    """Numbered lines of a text, with push-back: a record that cannot be read is given
    back but for its first line, and reading goes on from there."""

    def __init__(self, source: Iterator[str]) -> None:
        self._source = source
        self._back: deque[tuple[int, str]] = deque()
        self._n = 0

    def next(self) -> tuple[int, str] | None:
        if self._back:
            return self._back.popleft()
        line = next(self._source, None)
        if line is None:
            return None
        self._n += 1
        return self._n, line

    def push_back(self, taken: list[tuple[int, str]]) -> None:
        self._back.extendleft(reversed(taken))


class _Table:
    """The header and records of one CSV text."""

    def __init__(self, source: _Lines, backslash_escapes: bool = False) -> None:
        self._source = source
        self._backslash = backslash_escapes
        self.delimiter = ","
        self.columns: list[str] = []
        _skip_notes(source)
        first = self._first_line()
        if first is None:
            return
        self.delimiter = _sniff_delimiter(first[1])
        source.push_back([first])
        record = self._record()
        if record is not None and not record.unclosed:
            self.columns = [column_key(c) for c in record.fields]

    def _first_line(self) -> tuple[int, str] | None:
        while (item := self._source.next()) is not None:
            if item[1].strip(_EOL + "\ufeff"):
                return item
        return None

    def __iter__(self) -> Iterator[_Record]:
        while (record := self._record()) is not None:
            yield record
            if record.unclosed:
                return

    def _record(self) -> _Record | None:
        """The next record, or None at the end; blank lines are passed over."""
        while (item := self._source.next()) is not None:
            start, line = item
            if '"' in line:
                return self._quoted_record(start, line)
            content = line.rstrip(_EOL)  # the common case: no quoting to undo
            if content:
                return _Record(start, start, content.split(self.delimiter))
        return None

    def _quoted_record(self, start: int, line: str) -> _Record:
        """Split a record that has quotes, reading on while a quoted field spans lines."""
        delim = self.delimiter
        last, size = start, len(line)
        end = len(line.rstrip(_EOL))
        fields: list[str] = []
        i = 0
        while True:
            if i < end and line[i] == '"':
                parts: list[str] = []
                i += 1
                while True:
                    j = self._next_special(line, i)
                    if j < 0:
                        # The field goes on to the next line; its line break is "\n".
                        parts.append(line[i:end] + "\n")
                        item = self._source.next()
                        if item is None or size + len(item[1]) > MAX_LINE:
                            while item is not None:
                                last = item[0]
                                item = self._source.next()
                            return _Record(start, last, fields, unclosed=True)
                        last, line, i = item[0], item[1], 0
                        size += len(line)
                        end = len(line.rstrip(_EOL))
                        continue
                    parts.append(line[i:j])
                    nxt = line[j + 1 : j + 2]
                    if line[j] == "\\":
                        escaped = nxt in ('"', "\\")
                        parts.append(nxt if escaped else "\\")
                        i = j + 2 if escaped else j + 1
                    elif nxt == '"':
                        parts.append('"')
                        i = j + 2
                    elif j + 1 >= end or nxt == delim:
                        i = j + 1
                        break
                    else:
                        # A quote inside the text and not before a delimiter does not
                        # close the field: it is kept as written.
                        parts.append('"')
                        i = j + 1
                fields.append("".join(parts))
            else:
                j = line.find(delim, i, end)
                fields.append(line[i : j if j >= 0 else end])
                i = j if j >= 0 else end
            if i >= end:
                return _Record(start, last, fields)
            i += 1  # past the delimiter
            if i >= end:
                fields.append("")
                return _Record(start, last, fields)

    def _next_special(self, line: str, start: int) -> int:
        """Where the next quote (or backslash, when it escapes) is, -1 for none."""
        q = line.find('"', start)
        if not self._backslash:
            return q
        b = line.find("\\", start)
        if b < 0:
            return q
        return b if q < 0 or b < q else q


def _sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of comma, tab and semicolon
    (a comma when there is none, as in a one-column file)."""
    counts = {d: line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _skip_notes(source: _Lines) -> None:
    """Drop LinkedIn's "Notes:" preamble, which ends at the first blank line."""
    first = source.next()
    if first is None:
        return
    if not first[1].lstrip("\ufeff").lstrip('"').startswith("Notes:"):
        source.push_back([first])
        return
    taken = [first]
    while len(taken) < NOTES_MAX_LINES:
        item = source.next()
        if item is None:
            break
        taken.append(item)
        if not item[1].strip(_EOL + " \t"):
            return
    source.push_back(taken)
