"""Named errors for reading platform exports. Each message says what was wrong and what to do."""

from __future__ import annotations

from ..engine import InputError


class ArchiveError(InputError):
    """An export could not be read as given (base of every archive error)."""


class CorruptArchiveError(ArchiveError):
    """The container (zip, tar.gz, CAR) is damaged or truncated."""


class UnsafeArchiveError(ArchiveError):
    """The archive contains something no genuine export has (path escapes, links)."""


class ArchiveTooLargeError(ArchiveError):
    """Uncompressed sizes or the compression ratio exceed the limits (a zip bomb)."""


class UnknownFormatError(ArchiveError):
    """Nothing in the input looks like a supported platform export."""


class PrivateMessagesError(ArchiveError):
    """The input (or the file named in it) holds private messages, which are never read."""


class UnreadableExportError(ArchiveError):
    """The export was recognized but cannot be reviewed as it is (downloaded as HTML, an
    archive inside the archive, several accounts in one); the message says what to do."""


class EmptyExportError(ArchiveError):
    """The export was recognized but holds no posts, replies or comments."""


class MalformedFileError(ArchiveError):
    """One file inside an export is broken (truncated JSON, bad CSV, bad encoding).

    Raised by importers for a single file; the review records it under ``skipped``
    and goes on with the rest of the export.
    """


__all__ = [
    "ArchiveError",
    "ArchiveTooLargeError",
    "CorruptArchiveError",
    "EmptyExportError",
    "MalformedFileError",
    "PrivateMessagesError",
    "UnknownFormatError",
    "UnreadableExportError",
    "UnsafeArchiveError",
]
