"""The archive errors form one hierarchy under the package's ``PostcheckError``."""

from __future__ import annotations

from postcheck.archives import (
    ArchiveError,
    ArchiveTooLargeError,
    CorruptArchiveError,
    EmptyExportError,
    UnknownFormatError,
    UnreadableExportError,
    UnsafeArchiveError,
)
from postcheck.engine import PostcheckError


def test_errors_form_one_hierarchy():
    for cls in (
        CorruptArchiveError,
        UnsafeArchiveError,
        ArchiveTooLargeError,
        UnknownFormatError,
        UnreadableExportError,
        EmptyExportError,
    ):
        assert issubclass(cls, ArchiveError) and issubclass(cls, PostcheckError)
