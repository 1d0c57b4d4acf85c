"""Broken and hostile containers (zip, tar, folder): a clear named error, or a note in
``skipped`` while the rest of the export is still reviewed. Nothing is extracted or written."""

from __future__ import annotations

import io
import stat
import tarfile
import zipfile

import pytest

from archive_support import TWEETS, make_zip, review
from postcheck.archives import (
    ArchiveError,
    ArchiveTooLargeError,
    CorruptArchiveError,
    Limits,
    UnsafeArchiveError,
    open_export,
)
from postcheck.archives.safezip import Container


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


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ArchiveError, match="does not exist"):
        open_export(tmp_path / "nope.zip")


def test_a_device_is_not_read():
    with pytest.raises(ArchiveError, match="not a regular file"):
        open_export("/dev/zero")


def _zip_holding(path, name: str, inner: bytes, compression: int = zipfile.ZIP_DEFLATED):
    """A zip whose one file is ``inner`` (a zip), beside what zip tools add."""
    with zipfile.ZipFile(path, "w", compression) as zf:
        zf.writestr(name, inner)
        zf.writestr("__MACOSX/export/._twitter.zip", b"\x00\x05\x16\x07")
        zf.writestr(".DS_Store", b"\x00\x00\x00\x01Bud1")
    return path


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_zip_whose_only_file_is_a_zip_is_read_one_level_down(tmp_path, compression):
    inner = make_zip(tmp_path / "twitter.zip", {"data/tweets.js": TWEETS}).read_bytes()
    outer = _zip_holding(tmp_path / "backup.zip", "export/twitter.zip", inner, compression)
    export = open_export(outer)
    assert export.container.label == "backup.zip/export/twitter.zip"
    assert export.formats == ["x"] and len(list(export.posts())) == 4
    export.close()


def test_a_zip_inside_a_zip_is_held_to_the_same_limits(tmp_path):
    bomb = make_zip(tmp_path / "bomb.zip", {"data/tweets.js": b"0" * (40 * 1024 * 1024)})
    outer = _zip_holding(tmp_path / "backup.zip", "bomb.zip", bomb.read_bytes())
    with pytest.raises(ArchiveTooLargeError, match=r"backup\.zip/bomb\.zip: .*compressed"):
        open_export(outer)


def test_a_zip_is_opened_one_level_down_only(tmp_path):
    inner = make_zip(tmp_path / "twitter.zip", {"data/tweets.js": TWEETS}).read_bytes()
    middle = make_zip(tmp_path / "middle.zip", {"twitter.zip": inner}).read_bytes()
    outer = make_zip(tmp_path / "outer.zip", {"middle.zip": middle})
    with pytest.raises(ArchiveError) as err:
        open_export(outer)
    assert str(err.value) == (
        "outer.zip/middle.zip holds another archive, twitter.zip: unzip it and review "
        "twitter.zip itself"
    )


def test_a_damaged_zip_inside_a_zip_is_a_clear_error(tmp_path):
    inner = make_zip(tmp_path / "twitter.zip", {"data/tweets.js": TWEETS}).read_bytes()
    outer = _zip_holding(tmp_path / "backup.zip", "twitter.zip", inner[: len(inner) // 2])
    with pytest.raises(CorruptArchiveError, match=r"backup\.zip/twitter\.zip is not a readable"):
        open_export(outer)


def test_zip_whose_directory_points_before_the_file_start_is_a_clear_note(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": TWEETS})
    raw = bytearray(path.read_bytes())
    # The end record's offset of the central directory, made larger than it is: Python's
    # zipfile then places every member before the start of the file (a negative seek).
    end = raw.rfind(b"PK\x05\x06")
    offset = int.from_bytes(raw[end + 16 : end + 20], "little")
    raw[end + 16 : end + 20] = (offset + 1000).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    export = open_export(path)
    try:
        assert list(export.posts()) == []
    finally:
        export.close()
    (note,) = export.log.skipped
    assert note["file"] == "data/tweets.js" and "download the export again" in note["reason"]
