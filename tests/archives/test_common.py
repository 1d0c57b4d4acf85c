"""Reading a platform's files: broken JSON, other encodings and huge lines give a note in
``skipped`` while the rest is read; big files are streamed, never loaded whole."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from archive_support import ARCHIVES, TWEETS, review
from postcheck.archives import open_export
from postcheck.archives.common import JsonHead, json_head


def test_truncated_json_keeps_what_came_before(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_bytes(TWEETS[: len(TWEETS) * 2 // 3])
    result = review(tmp_path)
    assert result.posts_reviewed >= 1
    assert "broken or truncated" in result.skipped[0]["reason"]


def test_cp1252_file_is_read_with_a_note(tmp_path):
    result = review(ARCHIVES / "generic" / "cp1252.csv")
    assert result.posts_reviewed == 1
    assert "Windows-1252" in result.skipped[0]["reason"]


def test_utf8_bom_json_is_read(tmp_path):
    (tmp_path / "outbox.json").write_bytes(
        b"\xef\xbb\xbf" + (ARCHIVES / "mastodon" / "outbox.json").read_bytes()
    )
    assert review(tmp_path).posts_reviewed == 4


def _big_tweets(n: int) -> bytes:
    one = (
        b'{"tweet":{"id_str":"%d","created_at":"Mon May 13 14:04:05 +0000 2024",'
        b'"full_text":"' + b"lorem ipsum dolor sit amet " * 8 + b'","lang":"en",'
        b'"entities":{"urls":[]}}}'
    )
    body = b",\n".join(one % i for i in range(n))
    return b"window.YTD.tweets.part0 = [\n" + body + b"\n]"


def test_large_file_is_streamed_not_loaded(tmp_path):
    (tmp_path / "data").mkdir()
    data = _big_tweets(20_000)
    (tmp_path / "data" / "tweets.js").write_bytes(data)
    del data
    export = open_export(tmp_path)
    tracemalloc.start()
    n = sum(1 for _ in export.posts())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 20_000
    # The file is ~5.6 MB; loading it would need several times that. Streaming keeps
    # the peak to a few buffers.
    assert (tmp_path / "data" / "tweets.js").stat().st_size > 5_000_000
    assert peak < 3 * 1024 * 1024


def test_huge_csv_line_is_skipped_with_a_reason(tmp_path):
    from postcheck.archives.common import MAX_LINE

    big = tmp_path / "posts.csv"
    with open(big, "wb") as fh:
        fh.write(b"id,text\n1,hello there\n2," + b"a" * (MAX_LINE + 10))
    result = review(big)
    assert result.posts_reviewed == 1
    assert "longer than" in result.skipped[0]["reason"]


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("fr-CA", "fr"),
        ("EN", "en"),
        ("en_US", "en"),
        ("qme", None),
        ("und", None),
        ("de", "de"),
        ("es-MX", "es"),
        ("fil", "fil"),
        ("1234", None),
        ("", None),
        (None, None),
    ],
)
def test_language_tags_are_reduced_to_their_language(tag, lang):
    from postcheck.archives.common import post_lang

    assert post_lang(tag) == lang


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Date\tLink".encode("utf-16-le"), "utf-16-le"),
        ("Date\tLink".encode("utf-16-be"), "utf-16-be"),
        ("Date\tLink".encode("utf-16"), "utf-16"),
        ("Côté".encode("utf-16-le"), "utf-16-le"),
        (b"Date,Link", "utf-8"),
    ],
    ids=["le-no-bom", "be-no-bom", "bom", "le-accents", "utf-8"],
)
def test_utf16_is_recognized_with_or_without_a_bom_and_needs_no_note(data, encoding):
    from postcheck.archives.common import sniff_encoding

    assert sniff_encoding(data) == (encoding, None)


def test_json_head_of_a_bare_list_and_of_a_wrapped_one():
    assert json_head(b'\xef\xbb\xbf [{"a": 1}, {"a": 2}]') == JsonHead(None, [{"a": 1}, {"a": 2}])
    wrapped = b'{"title": "x", "comments_v2": [{"a": 1}], "more": []}'
    assert json_head(wrapped) == JsonHead("comments_v2", [{"a": 1}])


def test_json_head_keeps_the_records_before_the_cut():
    assert json_head(b'[{"a": 1}, {"a": 2}, {"a": "cut her') == JsonHead(None, [{"a": 1}, {"a": 2}])


@pytest.mark.parametrize(
    "head", [b'{"text": "a line"}\n{"text": "another"}\n', b"id,text\n1,hi\n", b"", b'"x"']
)
def test_json_head_of_anything_but_a_list_of_records_is_none(head):
    assert json_head(head) is None


def test_broken_json_is_described_on_one_line(tmp_path):
    from postcheck.archives import MalformedFileError
    from postcheck.archives.common import iter_json

    with pytest.raises(MalformedFileError) as err:
        list(
            iter_json(
                io.BytesIO(b'{"orderedItems": [\n{"a":\n 1,\n  @@@ }]}'),
                "orderedItems.item",
                "outbox.json",
            )
        )
    assert "\n" not in str(err.value) and str(err.value).startswith("outbox.json: the JSON")


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        ("parse_iso", "0001-01-01T00:00:00+05:00"),
        ("parse_iso", "9999-12-31T23:00:00-05:00"),
        ("parse_x_date", "Mon Jan 01 00:00:00 +0500 0001"),
        ("from_epoch", True),
        ("from_epoch", 10**400),
    ],
)
def test_dates_out_of_range_or_of_another_type_are_unknown(parse, value):
    from postcheck.archives import common

    assert getattr(common, parse)(value) is None
