"""The history review (``postcheck.review``): an export that holds no post is a clear error."""

from __future__ import annotations

import pytest

from archive_support import make_zip, review
from postcheck.archives import EmptyExportError


def test_export_without_any_post(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = [ ]"})
    with pytest.raises(EmptyExportError, match="holds no posts"):
        review(path)


def test_empty_export_error_names_each_left_out_file_once(tmp_path):
    path = make_zip(tmp_path / "m.zip", {"outbox.json": b'{"orderedItems": [{"type": '})
    with pytest.raises(EmptyExportError) as err:
        review(path)
    message = str(err.value)
    assert "(outbox.json: the JSON is broken" in message
    assert "outbox.json: outbox.json" not in message
