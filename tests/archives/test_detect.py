"""The format is recognized from the export's contents, wherever the files sit; an export
with nothing recognizable in it is a clear error."""

from __future__ import annotations

import shutil

import pytest

from archive_support import ARCHIVES, make_zip
from postcheck.archives import EmptyExportError, UnknownFormatError, open_export
from postcheck.archives.detect import IMPORTERS
from postcheck.engine import PLATFORMS

CASES = [
    ("x-synthetic", ["x"]),
    ("x-old", ["x"]),
    ("mastodon", ["mastodon"]),
    ("facebook", ["facebook"]),
    ("facebook-old", ["facebook"]),
    ("instagram", ["instagram", "threads"]),
    ("linkedin", ["linkedin"]),
    ("linkedin-2018", ["linkedin"]),
    ("reddit", ["reddit"]),
]


@pytest.mark.parametrize(("folder", "formats"), CASES)
def test_detects_folder(folder, formats):
    assert open_export(ARCHIVES / folder).formats == formats


@pytest.mark.parametrize(("folder", "formats"), CASES)
def test_detects_zip_with_a_wrapper_folder(zipped, folder, formats):
    assert open_export(zipped(folder, wrapper="my-export-2024")).formats == formats


def test_renamed_single_files_are_recognized_by_content(tmp_path):
    shutil.copy(ARCHIVES / "x-synthetic" / "data" / "tweets.js", tmp_path / "a.txt")
    shutil.copy(ARCHIVES / "mastodon" / "outbox.json", tmp_path / "b.json")
    assert open_export(tmp_path / "a.txt").formats == ["x"]
    assert open_export(tmp_path / "b.json").formats == ["mastodon"]


def test_format_hint_overrides_detection():
    assert open_export(ARCHIVES / "instagram", format_hint="threads").formats == ["threads"]


def test_generic_is_only_a_fallback():
    assert open_export(ARCHIVES / "generic" / "posts.jsonl").formats == ["generic"]


def test_unknown_input_lists_supported_formats_and_what_was_found(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(UnknownFormatError) as err:
        open_export(tmp_path)
    msg = str(err.value)
    assert "X/Twitter archive" in msg and "Mastodon" in msg and "Bluesky" in msg
    assert "notes.txt" in msg and "photo.jpg" in msg


def test_linkedin_complete_export_names_with_member_id(tmp_path):
    folder = tmp_path / "Basic_LinkedInDataExport_05-13-2024"
    folder.mkdir()
    shutil.copy(ARCHIVES / "linkedin" / "Shares.csv", folder / "Shares_17529409.csv")
    assert open_export(tmp_path).formats == ["linkedin"]


def test_reddit_and_linkedin_comments_told_apart_by_columns(tmp_path):
    shutil.copy(ARCHIVES / "reddit" / "comments.csv", tmp_path / "Comments.csv")
    assert open_export(tmp_path).formats == ["reddit"]


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("facebook-old/posts/your_posts_1.json", "facebook"),
        ("instagram/your_instagram_activity/content/posts_1.json", "instagram"),
        ("reddit/posts.csv", "reddit"),
        ("linkedin/Shares.csv", "linkedin"),
    ],
)
def test_format_hint_reads_a_renamed_single_file(tmp_path, source, hint):
    renamed = tmp_path / "download.dat"
    shutil.copy(ARCHIVES / source, renamed)
    export = open_export(renamed, format_hint=hint)
    assert len(list(export.posts())) >= 1


@pytest.mark.parametrize("fmt", [f for f in IMPORTERS if f != "generic"])
def test_each_platform_importer_stamps_a_known_platform(fmt):
    assert IMPORTERS[fmt].PLATFORM in PLATFORMS


def test_empty_zip(tmp_path):
    path = make_zip(tmp_path / "empty.zip", {})
    with pytest.raises(EmptyExportError, match="no files"):
        open_export(path)


def test_unknown_zip_contents(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"readme.md": b"hello", "img/a.png": b"\x89PNG"})
    with pytest.raises(UnknownFormatError, match=r"readme\.md"):
        open_export(path)


def test_huge_file_without_line_breaks_is_not_loaded(tmp_path):
    from postcheck.archives.common import MAX_LINE

    big = tmp_path / "posts.jsonl"
    with open(big, "wb") as fh:
        fh.write(b'{"text": "' + b"a" * (MAX_LINE + 10) + b'"}')
    # Detection refuses to read it as JSONL: nothing recognizable was found.
    with pytest.raises(UnknownFormatError):
        open_export(big)
