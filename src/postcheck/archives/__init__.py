"""Importers of a person's own platform exports, each streaming ``engine.Post``.

``open_export(path)`` opens a zip, tar.gz, folder or single file safely (see
``safezip``), recognizes the platform and returns an ``Export`` whose ``posts()``
streams the person's posts, replies, comments and reposts. Private messages are
never read (``private`` says which members and records those are).
"""

from __future__ import annotations

import os

from ..engine import InputError
from .common import ImportOptions, ReadLog
from .detect import IMPORTERS, Export, detect_formats, resolve, supported_formats
from .errors import (
    ArchiveError,
    ArchiveTooLargeError,
    CorruptArchiveError,
    EmptyExportError,
    MalformedFileError,
    PrivateMessagesError,
    UnknownFormatError,
    UnreadableExportError,
    UnreadableFileError,
    UnsafeArchiveError,
)
from .importer import Importer
from .safezip import DEFAULT_LIMITS, Limits, open_container


def open_export(
    path: str | os.PathLike[str],
    *,
    format_hint: str | None = None,
    options: ImportOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Export:
    """Open ``path`` and recognize its format; raises an ``ArchiveError`` subclass (or
    an ``InputError`` for a bad ``format_hint``)."""
    container = open_container(path, limits)
    try:
        return resolve(container, format_hint, options or ImportOptions())
    except InputError:
        container.close()
        raise
    except Exception as exc:
        # recognizing reads the files too: the same boundary as ``Export.posts``
        container.close()
        raise UnreadableFileError.from_exception(
            container.label, container.last_opened, exc
        ) from exc
    except BaseException:
        container.close()
        raise


__all__ = [
    "IMPORTERS",
    "ArchiveError",
    "ArchiveTooLargeError",
    "CorruptArchiveError",
    "EmptyExportError",
    "Export",
    "ImportOptions",
    "Importer",
    "Limits",
    "MalformedFileError",
    "PrivateMessagesError",
    "ReadLog",
    "UnknownFormatError",
    "UnreadableExportError",
    "UnreadableFileError",
    "UnsafeArchiveError",
    "detect_formats",
    "open_export",
    "supported_formats",
]
