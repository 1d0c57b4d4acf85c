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


class UnreadableFileError(MalformedFileError):
    """Reading a file failed on something no importer check foresaw (a bug, or damage of
    a new kind). Raised at the importer boundary in place of that exception, so the
    review ends with one clear line and exit 2, never a traceback.

    Made by ``from_exception``; its only argument is the message, so that it pickles:
    with several workers it is raised in the pool's feeder and crosses to a worker and
    back (an exception that does not unpickle kills the worker and hangs the review).
    """

    @classmethod
    def from_exception(cls, label: str, member: str | None, exc: Exception) -> UnreadableFileError:
        """The error for ``exc``, raised while reading ``member`` of the export ``label``."""
        where = f"{member} in {label}" if member and member != label else label
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        if len(detail) > 160:
            detail = detail[:157] + "..."
        return cls(
            f"{where} could not be read: it holds something postcheck does not expect "
            f"({detail}). The file may be damaged: download the export again; if this "
            "happens again, report it to the postcheck maintainers with this message"
        )


__all__ = [
    "ArchiveError",
    "ArchiveTooLargeError",
    "CorruptArchiveError",
    "EmptyExportError",
    "MalformedFileError",
    "PrivateMessagesError",
    "UnknownFormatError",
    "UnreadableExportError",
    "UnreadableFileError",
    "UnsafeArchiveError",
]
