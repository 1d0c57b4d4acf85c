"""Broken, hostile and odd input: a clear named error, or a note in ``skipped`` while
the rest of the export is still reviewed. Nothing is extracted or written."""

from __future__ import annotations

import io
import stat
import tarfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from postcheck.archives import (
    ArchiveError,
    ArchiveTooLargeError,
    CorruptArchiveError,
    EmptyExportError,
    Limits,
    UnknownFormatError,
    UnsafeArchiveError,
    open_export,
)
from postcheck.archives.safezip import Container
from postcheck.engine import Context, PostcheckError
from postcheck.review import ReviewPlan, run_review

from .conftest import ARCHIVES

TWEETS = (ARCHIVES / "x-synthetic" / "data" / "tweets.js").read_bytes()


def make_zip(path: Path, members: dict[str, bytes], **kw) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def review(path: Path, **kw):
    export = open_export(path, **kw)
    try:
        return run_review(export, ReviewPlan(context=Context(), workers=1))
    finally:
        export.close()


def test_errors_form_one_hierarchy():
    for cls in (
        CorruptArchiveError,
        UnsafeArchiveError,
        ArchiveTooLargeError,
        UnknownFormatError,
        EmptyExportError,
    ):
        assert issubclass(cls, ArchiveError) and issubclass(cls, PostcheckError)


def test_not_a_zip_although_named_zip(tmp_path):
    bad = tmp_path / "twitter-2024.zip"
    bad.write_bytes(b"this is not a zip at all" * 10)
    with pytest.raises(CorruptArchiveError, match="not a zip file"):
        open_export(bad)


def test_truncated_zip(tmp_path):
    good = make_zip(tmp_path / "good.zip", {"data/tweets.js": TWEETS * 20})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CorruptArchiveError, match="truncated"):
        open_export(cut)


def test_damaged_member_is_skipped_and_the_rest_reviewed(tmp_path):
    path = make_zip(
        tmp_path / "x.zip",
        {"data/tweets.js": TWEETS, "data/tweets-part1.js": TWEETS.replace(b"a", b"b") * 50},
    )
    raw = bytearray(path.read_bytes())
    # Corrupt the compressed bytes of the second member (after its local header).
    start = raw.find(b"data/tweets-part1.js") + 40
    raw[start : start + 200] = bytes(200)
    path.write_bytes(bytes(raw))
    result = review(path)
    assert result.posts_reviewed == 3  # 4 tweets, one a retweet
    assert [s["file"] for s in result.skipped] == ["data/tweets-part1.js"]


def test_zip_bomb_refused_by_compression_ratio(tmp_path):
    bomb = make_zip(tmp_path / "bomb.zip", {"data/tweets.js": b"0" * (40 * 1024 * 1024)})
    with pytest.raises(ArchiveTooLargeError, match="compressed"):
        open_export(bomb)


def test_zip_bomb_refused_by_declared_member_size(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": TWEETS})
    with pytest.raises(ArchiveTooLargeError, match="per file"):
        open_export(path, limits=Limits(max_member_bytes=100))


def test_zip_bomb_refused_by_declared_total_size(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": TWEETS, "data/tweets-part1.js": TWEETS})
    with pytest.raises(ArchiveTooLargeError, match="in total"):
        open_export(path, limits=Limits(max_total_bytes=len(TWEETS) + 10))


class _LyingContainer(Container):
    """Declares 10 bytes for a member that streams 100,000."""

    def names(self) -> list[str]:
        return ["tweets.js"]

    def size(self, name: str) -> int:
        return 10

    def _raw_open(self, name: str):
        return io.BytesIO(b"x" * 100_000)


def test_bytes_are_counted_while_streaming_when_sizes_lie():
    with (
        pytest.raises(ArchiveTooLargeError, match="more bytes than"),
        _LyingContainer(label="lying.zip").open("tweets.js") as fh,
    ):
        fh.read()


def test_member_with_dotdot_path_refused(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"../../etc/tweets.js": TWEETS})
    with pytest.raises(UnsafeArchiveError, match="outside the archive"):
        open_export(path)


def test_member_with_absolute_path_refused(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"/etc/tweets.js": TWEETS})
    with pytest.raises(UnsafeArchiveError, match="absolute path"):
        open_export(path)


def test_symlink_member_in_zip_refused(tmp_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data/tweets.js", TWEETS)
        info = zipfile.ZipInfo("data/account.js")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(UnsafeArchiveError, match="symbolic link"):
        open_export(path)


def test_symlink_member_in_tar_refused(tmp_path):
    path = tmp_path / "archive.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        link = tarfile.TarInfo("outbox.json")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    with pytest.raises(UnsafeArchiveError, match="link"):
        open_export(path)


def test_symlink_in_an_unpacked_folder_is_not_followed(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_bytes(TWEETS)
    (tmp_path / "data" / "tweets-part1.js").symlink_to("/etc/passwd")
    result = review(tmp_path)
    assert result.posts_reviewed == 3
    assert {
        "file": "data/tweets-part1.js",
        "reason": "symbolic link: not followed",
    } in result.skipped


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


def test_empty_zip(tmp_path):
    path = make_zip(tmp_path / "empty.zip", {})
    with pytest.raises(EmptyExportError, match="no files"):
        open_export(path)


def test_export_without_any_post(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = [ ]"})
    with pytest.raises(EmptyExportError, match="holds no posts"):
        review(path)


def test_unknown_zip_contents(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"readme.md": b"hello", "img/a.png": b"\x89PNG"})
    with pytest.raises(UnknownFormatError, match=r"readme\.md"):
        open_export(path)


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ArchiveError, match="does not exist"):
        open_export(tmp_path / "nope.zip")


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


def test_huge_file_without_line_breaks_is_not_loaded(tmp_path):
    from postcheck.archives.common import MAX_LINE

    big = tmp_path / "posts.jsonl"
    with open(big, "wb") as fh:
        fh.write(b'{"text": "' + b"a" * (MAX_LINE + 10) + b'"}')
    # Detection refuses to read it as JSONL: nothing recognizable was found.
    with pytest.raises(UnknownFormatError):
        open_export(big)


def test_huge_csv_line_is_skipped_with_a_reason(tmp_path):
    from postcheck.archives.common import MAX_LINE

    big = tmp_path / "posts.csv"
    with open(big, "wb") as fh:
        fh.write(b"id,text\n1,hello there\n2," + b"a" * (MAX_LINE + 10))
    result = review(big)
    assert result.posts_reviewed == 1
    assert "longer than" in result.skipped[0]["reason"]


def test_truncated_car_at_any_point_is_a_clear_note(tmp_path):
    from .carwriter import repo_car

    car = repo_car(
        "did:plc:t",
        {
            f"app.bsky.feed.post/3k{i:011d}": {
                "$type": "app.bsky.feed.post",
                "text": f"post {i}",
                "createdAt": "2024-11-19T00:52:55.123Z",
            }
            for i in range(6)
        },
    )
    path = tmp_path / "repo.car"
    for cut in range(1, len(car), 7):
        path.write_bytes(car[:cut])
        export = open_export(path, format_hint="bluesky")
        posts = list(export.posts())
        assert posts == [] and len(export.log.skipped) == 1, cut
        export.close()


def test_random_bytes_named_car_are_a_clear_note(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "repo.car"
    for _ in range(50):
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        export = open_export(path, format_hint="bluesky")
        assert list(export.posts()) == []
        assert export.log.skipped and export.log.skipped[0]["file"] == "repo.car"
        export.close()


def test_a_device_is_not_read():
    with pytest.raises(ArchiveError, match="not a regular file"):
        open_export("/dev/zero")
