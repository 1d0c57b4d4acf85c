"""The importer boundary: an exception no importer check foresaw becomes an
``UnreadableFileError`` naming the file being read, whether it happens while the export
is recognized (``open_export``) or read (``Export.posts``)."""

from __future__ import annotations

import pytest

from archive_support import ARCHIVES, make_zip
from postcheck.archives import UnreadableFileError, linkedin, mastodon, open_export
from postcheck.engine import InputError


def _boom(*_args, **_kw):
    raise TypeError("can't concat dict to bytearray")


def test_unexpected_error_while_reading_names_the_file(monkeypatch):
    monkeypatch.setattr(mastodon, "_to_post", _boom)
    export = open_export(ARCHIVES / "mastodon")
    try:
        with pytest.raises(UnreadableFileError) as err:
            list(export.posts())
    finally:
        export.close()
    message = str(err.value)
    assert message.startswith("outbox.json in mastodon could not be read")
    assert "TypeError: can't concat dict to bytearray" in message
    assert "download the export again" in message
    assert isinstance(err.value, InputError)


def test_an_importers_own_error_passes_as_it_is(monkeypatch):
    mine = InputError("a message of the importer's own")

    def refuse(*_args, **_kw):
        raise mine

    monkeypatch.setattr(mastodon, "_to_post", refuse)
    export = open_export(ARCHIVES / "mastodon")
    try:
        with pytest.raises(InputError) as err:
            list(export.posts())
    finally:
        export.close()
    assert err.value is mine


def test_unexpected_error_while_recognizing_names_the_file(monkeypatch, tmp_path):
    def matches(container, name, options):
        with container.open(name):
            _boom()

    monkeypatch.setattr(linkedin, "matches", matches)
    path = make_zip(tmp_path / "export.zip", {"Shares.csv": b"Date,ShareCommentary\n"})
    with pytest.raises(UnreadableFileError, match=r"^Shares\.csv in export\.zip could not be read"):
        open_export(path)
