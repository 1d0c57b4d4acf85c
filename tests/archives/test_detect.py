"""The format is recognized from the export's contents, wherever the files sit; an export
with nothing recognizable in it is a clear error."""

from __future__ import annotations

import shutil

import pytest

from archive_support import ARCHIVES, SECRET, make_zip, posts_of, zip_folder
from postcheck.archives import (
    EmptyExportError,
    PrivateMessagesError,
    UnknownFormatError,
    UnreadableExportError,
    open_export,
)
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


# Each file kind of each platform, downloaded again under a name no importer knows.
LONE_FILES = [
    ("x-synthetic/data/tweets.js", "tweets (1).js", "x", {"post", "reply", "repost"}),
    (
        "facebook/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
        "your_posts_1 (2).json",
        "facebook",
        {"post"},
    ),
    (
        "facebook/your_facebook_activity/comments_and_reactions/comments.json",
        "post_comments_1 (1).json",
        "facebook",
        {"comment"},
    ),
    (
        "instagram/your_instagram_activity/content/posts_1.json",
        "posts_1 (1).json",
        "instagram",
        {"post"},
    ),
    (
        "instagram/your_instagram_activity/comments/post_comments_1.json",
        "post_comments_1 (1).json",
        "instagram",
        {"comment"},
    ),
    (
        "instagram/your_instagram_activity/threads/threads_and_replies.json",
        "threads (1).json",
        "threads",
        {"post", "reply"},
    ),
    ("reddit/posts.csv", "posts (1).csv", "reddit", {"post"}),
    ("reddit/comments.csv", "comments (1).csv", "reddit", {"comment"}),
    ("linkedin/Shares.csv", "Shares (1).csv", "linkedin", {"post", "repost"}),
    ("linkedin/Comments.csv", "Comments (1).csv", "linkedin", {"comment"}),
]


@pytest.mark.parametrize("hinted", [False, True], ids=["detected", "hinted"])
@pytest.mark.parametrize(("source", "renamed", "fmt", "kinds"), LONE_FILES)
def test_renamed_lone_file_is_read_as_the_kind_of_file_its_content_is(
    tmp_path, source, renamed, fmt, kinds, hinted
):
    path = tmp_path / renamed
    shutil.copy(ARCHIVES / source, path)
    export = open_export(path, format_hint=fmt if hinted else None)
    assert export.formats == [fmt]
    assert {p.kind for p in export.posts()} == kinds
    export.close()


def test_a_lone_file_named_as_another_kind_is_read_as_its_content(tmp_path):
    # Reddit's comments saved as posts.csv are still comments (--exclude comments works)
    shutil.copy(ARCHIVES / "reddit" / "comments.csv", tmp_path / "posts.csv")
    assert {p.kind for p in posts_of(tmp_path / "posts.csv")} == {"comment"}


def test_a_hint_the_lone_file_contradicts_names_what_it_is(tmp_path):
    path = tmp_path / "comments.csv"
    shutil.copy(ARCHIVES / "reddit" / "comments.csv", path)
    with pytest.raises(UnknownFormatError) as err:
        open_export(path, format_hint="linkedin")
    msg = str(err.value)
    assert msg.startswith("comments.csv does not look like the LinkedIn export")
    assert "Reddit data request" in msg and "Use --format-hint reddit" in msg


def test_a_hint_an_archive_contradicts_names_what_it_holds():
    with pytest.raises(UnknownFormatError, match=r"X/Twitter archive.*--format-hint x"):
        open_export(ARCHIVES / "x-synthetic", format_hint="facebook")


def test_generic_hint_reads_any_csv_with_a_text_column(tmp_path):
    path = tmp_path / "comments (1).csv"
    shutil.copy(ARCHIVES / "reddit" / "comments.csv", path)
    export = open_export(path, format_hint="generic")
    assert export.formats == ["generic"] and list(export.posts())
    export.close()


def test_a_lone_messages_file_is_never_read_as_a_generic_csv(tmp_path):
    path = tmp_path / "m (1).csv"
    shutil.copy(ARCHIVES / "reddit" / "messages.csv", path)
    for hint in (None, "reddit"):
        # refused for its columns (a sender and a recipient) before any importer reads it
        with pytest.raises(PrivateMessagesError) as err:
            open_export(path, format_hint=hint)
        msg = str(err.value)
        assert "looks like private messages" in msg and SECRET not in msg


def test_left_out_names_the_renamed_file_as_the_person_knows_it(tmp_path):
    posts = ARCHIVES / "facebook" / "your_facebook_activity" / "posts"
    path = tmp_path / "download (2).json"
    # cut inside the second and last record: the first shows what the file is
    path.write_bytes((posts / "your_posts__check_ins__photos_and_videos_1.json").read_bytes()[:-40])
    export = open_export(path)
    list(export.posts())
    assert export.container.names() == ["your_posts_1.json"]
    assert [s["file"] for s in export.log.skipped] == ["download (2).json"]
    assert "your_posts_1.json" not in export.log.skipped[0]["reason"]
    export.close()


HTML_EXPORTS = [
    (
        "Facebook",
        [
            "start_here.html",
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html",
            "your_facebook_activity/comments_and_reactions/comments.html",
        ],
    ),
    ("Facebook", ["index.html", "posts/your_posts_1.html", "comments/comments.html"]),
    (
        "Instagram",
        [
            "start_here.html",
            "your_instagram_activity/content/posts_1.html",
            "your_instagram_activity/comments/post_comments_1.html",
            "your_instagram_activity/threads/threads_and_replies.html",
        ],
    ),
    ("Threads", ["your_threads_activity/threads_and_replies.html"]),
]


@pytest.mark.parametrize(("platform", "members"), HTML_EXPORTS)
@pytest.mark.parametrize("hint", [None, "facebook"])
def test_meta_export_in_html_format_says_to_download_json(tmp_path, platform, members, hint):
    path = make_zip(tmp_path / "export.zip", {m: b"<html><body></body></html>" for m in members})
    with pytest.raises(UnreadableExportError) as err:
        open_export(path, format_hint=hint)
    assert str(err.value) == (
        f"export.zip is {platform}'s export in HTML format; postcheck reads the JSON format: "
        "in Accounts Center → Your information and permissions → Download your information, "
        "choose Format: JSON, then review the new download"
    )


def test_a_lone_html_posts_page_says_to_download_json(tmp_path):
    path = tmp_path / "your_posts__check_ins__photos_and_videos_1.html"
    path.write_text("<html></html>")
    with pytest.raises(UnreadableExportError, match="Facebook's export in HTML format"):
        open_export(path)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"actor.json": b"{}", "likes.json": b"{}"}, "Mastodon archive without outbox.json"),
        (
            {"Connections.csv": b"First Name\n", "Profile.csv": b"First Name\n"},
            "LinkedIn's export without Shares.csv or Comments.csv",
        ),
        (
            {"post_votes.csv": b"id\n", "statistics.csv": b"statistic\n"},
            "Reddit's data request without posts.csv or comments.csv",
        ),
    ],
    ids=["mastodon", "linkedin", "reddit"],
)
def test_an_export_without_its_posts_files_says_which_are_missing(tmp_path, members, expected):
    with pytest.raises(UnreadableExportError, match=expected):
        open_export(make_zip(tmp_path / "export.zip", members))


def test_an_archive_inside_an_archive_among_other_files_is_named(tmp_path):
    inner = zip_folder(ARCHIVES / "x-synthetic", tmp_path / "twitter.zip")
    path = make_zip(tmp_path / "backup.zip", {"twitter.zip": inner.read_bytes(), "notes.txt": b""})
    with pytest.raises(UnreadableExportError) as err:
        open_export(path)
    assert str(err.value) == (
        "backup.zip holds another archive, twitter.zip: unzip it and review twitter.zip itself"
    )


def test_several_archives_inside_an_archive_are_named(tmp_path):
    inner = zip_folder(ARCHIVES / "facebook", tmp_path / "part.zip").read_bytes()
    path = make_zip(tmp_path / "facebook.zip", {"part-1.zip": inner, "part-2.zip": inner})
    with pytest.raises(UnreadableExportError) as err:
        open_export(path)
    assert str(err.value) == (
        "facebook.zip holds 2 other archives (part-1.zip, part-2.zip): unzip it and review each one"
    )


def test_a_folder_holding_an_archive_names_it(tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    zip_folder(ARCHIVES / "x-synthetic", folder / "twitter.zip")
    with pytest.raises(UnreadableExportError, match=r"^Downloads holds an archive, twitter\.zip"):
        open_export(folder)
