"""Streaming CSV reading shared by LinkedIn, Reddit and generic CSV imports."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from .common import MAX_LINE, ReadLog, lines, open_text
from .errors import MalformedFileError
from .safezip import Container

# Posts can be long; the csv module's 128 KiB default would reject real rows.
csv.field_size_limit(MAX_LINE)


def header(container: Container, name: str) -> list[str]:
    """The column names of a CSV member (after any "Notes:" preamble), lower-cased."""
    log = ReadLog()
    try:
        with container.open(name) as fh:
            text = open_text(fh, name, log, skip_notes=True)
            row = next(csv.reader(lines(text, name)), [])
    except (MalformedFileError, csv.Error, UnicodeDecodeError):
        return []
    return [c.strip().lstrip("\ufeff").lower() for c in row]


def rows(container: Container, name: str, log: ReadLog) -> Iterator[tuple[int, dict[str, str]]]:
    """Stream ``(line number, row)`` with lower-cased column names. A broken file is
    noted in ``log``; rows read before the damage are kept."""
    try:
        with container.open(name) as fh:
            text = open_text(fh, name, log, skip_notes=True)
            reader = csv.reader(lines(text, name))
            head = next(reader, None)
            if head is None:
                log.skip_file(name, "empty file")
                return
            cols = [c.strip().lstrip("\ufeff").lower() for c in head]
            for row in reader:
                if not row:
                    continue
                yield reader.line_num, dict(zip(cols, row, strict=False))
    except csv.Error as exc:
        log.skip_file(name, f"broken CSV ({exc}); rows before it were reviewed")
    except UnicodeDecodeError as exc:
        log.skip_file(
            name, f"invalid text encoding at byte {exc.start}; rows before it were reviewed"
        )
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))
