"""When the generic CSV/JSONL reader runs: on a lone file the person made, or on the files
named with ``--file`` (``ImportOptions.files``), never on every table of an export nobody
recognized; and never on a file of private messages, by its name or by its columns."""

from __future__ import annotations

import shutil

import pytest

from archive_support import ARCHIVES, make_zip, posts_of
from postcheck.archives import (
    ImportOptions,
    PrivateMessagesError,
    UnknownFormatError,
    open_export,
)
from postcheck.engine import InputError

POSTS = b"id,text\n1,Vote NDP on Monday!\n"
MESSAGES = b"CONVERSATION ID,FROM,TO,CONTENT\n1,Sam,Alex,hello\n"


@pytest.fixture
def unknown(tmp_path):
    """An export no platform's format fits, with tables of posts and of messages."""
    return make_zip(
        tmp_path / "export.zip",
        {
            "Profile.csv": b"First Name,Headline\nAlex,Analyst\n",
            "data/my_posts.csv": POSTS,
            "Messages.csv": MESSAGES,
            "Invitations.csv": b"From,To,Sent At,Message\nSam,Alex,2018,hi\n",
        },
    )


def test_an_unrecognized_export_is_not_read_table_by_table(unknown, opened):
    with pytest.raises(UnknownFormatError) as err:
        open_export(unknown)
    msg = str(err.value)
    assert "export.zip is not a supported export" in msg
    assert "Messages.csv" in msg and "Profile.csv" in msg and "data/my_posts.csv" in msg
    assert "were not opened" in msg and "--format-hint generic --file NAME" in msg
    assert "Messages.csv" not in opened and "Invitations.csv" not in opened


def test_a_named_file_of_an_unrecognized_export_is_read(unknown, opened):
    export = open_export(unknown, options=ImportOptions(files=("my_posts.csv",)))
    assert export.formats == ["generic"]
    assert [p.text for p in export.posts()] == ["Vote NDP on Monday!"]
    assert [s["file"] for s in export.log.skipped] == ["Invitations.csv", "Messages.csv"]
    assert set(opened) == {"data/my_posts.csv"}


def test_format_hint_generic_on_an_archive_needs_a_named_file(unknown):
    with pytest.raises(InputError, match=r"holds 4 files.*--file NAME.*data/my_posts\.csv"):
        open_export(unknown, format_hint="generic")


def test_a_named_private_file_is_refused_unopened(unknown, opened):
    for name in ("Messages.csv", "Invitations.csv"):
        with pytest.raises(PrivateMessagesError, match="even when named"):
            open_export(unknown, options=ImportOptions(files=(name,)))
    assert opened == []


def test_a_named_table_with_message_columns_is_refused(tmp_path):
    path = make_zip(tmp_path / "e.zip", {"Profile.csv": b"a\n", "notes.csv": MESSAGES})
    with pytest.raises(PrivateMessagesError, match=r"the column\(s\) conversation_id\)"):
        open_export(path, options=ImportOptions(files=("notes.csv",)))


@pytest.mark.parametrize(
    ("wanted", "error"),
    [
        ("nope.csv", r"no such file in e\.zip.*a/posts\.csv"),
        ("posts.csv", r"several files have that name \(a/posts\.csv, b/posts\.csv\)"),
        ("readme.md", r"readme\.md is not a CSV or JSONL file"),
    ],
)
def test_a_named_file_must_be_one_csv_or_jsonl_of_the_archive(tmp_path, wanted, error):
    path = make_zip(
        tmp_path / "e.zip", {"a/posts.csv": POSTS, "b/posts.csv": POSTS, "readme.md": b"hi"}
    )
    with pytest.raises(InputError, match=error):
        open_export(path, options=ImportOptions(files=(wanted,)))


def test_a_named_file_needs_the_generic_format():
    with pytest.raises(InputError, match="with --format-hint linkedin the whole export"):
        open_export(
            ARCHIVES / "linkedin", format_hint="linkedin", options=ImportOptions(files=("a",))
        )


def test_a_folder_holding_one_table_is_read_as_generic(tmp_path):
    (tmp_path / "posts.csv").write_bytes(POSTS)
    assert open_export(tmp_path).formats == ["generic"]


def test_one_table_beside_a_message_file_is_not_read_unasked(tmp_path):
    (tmp_path / "posts.csv").write_bytes(POSTS)
    (tmp_path / "messages.csv").write_bytes(MESSAGES)
    with pytest.raises(UnknownFormatError, match="--file"):
        open_export(tmp_path)


def test_an_archive_of_only_messages_is_refused_unopened(tmp_path, opened):
    path = make_zip(tmp_path / "e.zip", {"messages.csv": MESSAGES, "inbox/a/message_1.json": b"{}"})
    with pytest.raises(PrivateMessagesError, match=r"holds only private messages \(inbox/, "):
        open_export(path)
    assert opened == []


@pytest.mark.parametrize("hint", [None, "generic", "reddit", "linkedin", "x"])
def test_a_lone_file_named_as_messages_is_refused_unopened(tmp_path, opened, hint):
    lone = tmp_path / "messages.csv"
    lone.write_bytes(MESSAGES)
    with pytest.raises(PrivateMessagesError, match=r"messages\.csv is named as a file of private"):
        open_export(lone, format_hint=hint)
    assert opened == []


@pytest.mark.parametrize("hint", [None, "generic", "reddit"])
def test_a_lone_table_with_message_columns_is_refused_whatever_reads_it(tmp_path, hint):
    # Reddit's messages.csv, renamed: its columns are a message's
    lone = tmp_path / "export.csv"
    shutil.copy(ARCHIVES / "reddit" / "messages.csv", lone)
    with pytest.raises(PrivateMessagesError, match=r"export\.csv looks like private messages"):
        open_export(lone, format_hint=hint)


def test_a_lone_table_of_posts_is_still_read(tmp_path):
    lone = tmp_path / "mine.csv"
    lone.write_bytes(POSTS)
    assert [p.text for p in posts_of(lone)] == ["Vote NDP on Monday!"]
