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


def test_unreadable_file_error_pickles_with_its_message():
    # With several workers the review's feeder hands it to a worker and back.
    import pickle

    from postcheck.archives import UnreadableFileError

    err = UnreadableFileError.from_exception("export.zip", "outbox.json", TypeError("boom"))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is UnreadableFileError and str(back) == str(err)
    assert str(err).startswith("outbox.json in export.zip could not be read")
