"""What counts as private messages: by name on every platform, by a table's columns, and
the guarded view of an export that hides them from every importer and refuses to open them."""

from __future__ import annotations

import pytest

from archive_support import ARCHIVES, make_zip
from postcheck.archives import IMPORTERS, PrivateMessagesError, ReadLog
from postcheck.archives.private import (
    GuardedContainer,
    Withheld,
    is_private,
    looks_like_messages,
    note_records,
    note_withheld,
    withheld,
)
from postcheck.archives.safezip import open_container

PRIVATE_NAMES = [
    # X
    "data/direct-messages.js",
    "data/direct-messages-group.js",
    "data/direct-message-headers.js",
    "data/direct-message-group-headers.js",
    "data/direct_messages_media/1790000000000000001-abc.jpg",
    "data/dm-media/1.jpg",
    "data/dms.js",
    # Facebook, Instagram, Threads (Meta)
    "your_facebook_activity/messages/inbox/sam_1/message_1.json",
    "your_facebook_activity/messages/e2ee_cutover/sam_2/message_1.json",
    "your_facebook_activity/messages/secret_conversations.json",
    "messages/inbox/sam_1/photos/1.jpg",
    "inbox/sam_1/message_1.json",
    "message_requests/sam_1/message_1.json",
    "filtered_threads/sam_1/message_1.json",
    "archived_threads/sam_1/message_1.json",
    "e2ee_cutover/sam_1/message_1.json",
    "message_1.json",
    "your_instagram_activity/messages/inbox/sam_1/message_1.json",
    "your_instagram_activity/threads/messages/inbox/sam_1/message_1.json",
    # LinkedIn
    "Messages.csv",
    "messages.csv",
    "Invitations.csv",
    "guide_messages.csv",
    "learning_coach_messages.csv",
    "Basic_LinkedInDataExport_05-13-2024/Messages.csv",
    # Reddit
    "messages_archive.csv",
    "message_headers.csv",
    "messages_archive_headers.csv",
    "chat_history.csv",
    # any export
    "chat/log.jsonl",
    "Conversations.csv",
    "directMessages.json",
]

OWN_POSTS = [
    "data/tweets.js",
    "data/tweets-part1.js",
    "data/tweet.js",
    "data/note-tweet.js",
    "data/account.js",
    "data/manifest.js",
    "outbox.json",
    "actor.json",
    "repo.car",
    "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json",
    "your_facebook_activity/comments_and_reactions/comments.json",
    "your_instagram_activity/content/posts_1.json",
    "your_instagram_activity/comments/post_comments_1.json",
    "your_instagram_activity/threads/threads_and_replies.json",
    "Shares.csv",
    "Comments.csv",
    "posts.csv",
    "comments.csv",
    "posts.jsonl",
    "Profile.csv",
    "Shares_17529409.csv",
]


@pytest.mark.parametrize("name", PRIVATE_NAMES)
def test_message_files_of_every_platform_are_private_by_name(name):
    assert is_private(name)


@pytest.mark.parametrize("name", OWN_POSTS)
def test_the_files_of_posts_are_not_private(name):
    assert not is_private(name)


@pytest.mark.parametrize("key", sorted(IMPORTERS))
def test_no_importer_is_named_for_a_private_file(key):
    assert not is_private(IMPORTERS[key].CANONICAL_NAME)


@pytest.mark.parametrize("key", sorted(set(IMPORTERS) - {"generic"}))
def test_no_platform_importer_looks_for_a_private_file(key):
    # (the generic reader would take any CSV: the guarded view hides them from it)
    assert IMPORTERS[key].detect(PRIVATE_NAMES) == []


def test_every_fixture_file_of_posts_is_readable_and_every_message_file_private():
    names = [p.relative_to(ARCHIVES).as_posix() for p in ARCHIVES.rglob("*") if p.is_file()]
    assert sorted(n for n in names if is_private(n)) == [
        "facebook/your_facebook_activity/messages/inbox/sam_1/message_1.json",
        "linkedin/messages.csv",
        "reddit/messages.csv",
        "x-synthetic/data/direct-messages.js",
    ]


def test_a_private_folder_is_withheld_once_with_its_number_of_files():
    names = [
        "a/messages/inbox/sam/message_1.json",
        "a/messages/inbox/sam/photos/1.jpg",
        "a/messages/e2ee_cutover/kim/message_1.json",
        "a/posts/your_posts_1.json",
        "Invitations.csv",
    ]
    assert withheld(names) == [Withheld("Invitations.csv"), Withheld("a/messages/", 3)]


@pytest.mark.parametrize(
    "columns",
    [
        # LinkedIn messages.csv, 2018 and today
        ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "TO", "DATE", "CONTENT"],
        ["From", "To", "Date", "Subject", "Content", "Direction", "Folder"],
        # LinkedIn Invitations.csv
        ["From", "To", "Sent At", "Message", "Direction"],
        # Reddit messages.csv
        ["id", "permalink", "thread_id", "date", "ip", "from", "to", "subject", "body"],
        # a JSONL of chat lines
        ["sender", "recipient", "text"],
        ["participants", "messages"],
    ],
)
def test_a_table_with_a_sender_and_a_recipient_or_a_conversation_is_messages(columns):
    assert looks_like_messages(columns)


@pytest.mark.parametrize(
    "columns",
    [
        ["date", "sharelink", "sharecommentary", "sharedurl", "mediaurl", "visibility"],
        ["date", "link", "message"],
        ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"],
        ["post_id", "when", "message", "link"],
        ["from", "text"],  # a sender alone names the author of a post
    ],
)
def test_a_table_of_posts_is_not_messages(columns):
    assert looks_like_messages(columns) == []


def test_the_guarded_view_hides_private_members_and_refuses_to_open_them(tmp_path):
    path = make_zip(
        tmp_path / "export.zip",
        {"Shares.csv": b"Date,ShareCommentary\n", "messages.csv": b"FROM,TO,CONTENT\n"},
    )
    with GuardedContainer(open_container(path)) as view:
        assert view.names() == ["Shares.csv"]
        assert sorted(view.all_names()) == ["Shares.csv", "messages.csv"]
        assert view.withheld == [Withheld("messages.csv")]
        with pytest.raises(PrivateMessagesError, match="never opens"), view.open("messages.csv"):
            pass
        assert view.read_bytes("Shares.csv").startswith(b"Date")


def test_left_out_names_each_private_file_folder_and_record_count():
    log = ReadLog()
    note_withheld(log, [Withheld("messages.csv"), Withheld("messages/", 4)])
    note_records(log, "outbox.json", 2)
    note_records(log, "repo.car", 0)
    assert log.skipped == [
        {
            "file": "messages.csv",
            "reason": "skipped: private messages are never read",
            "private": "file",
        },
        {
            "file": "messages/",
            "reason": "skipped: private messages are never read (4 file(s) in this folder, "
            "none opened)",
            "private": "folder",
            "count": "4",
        },
        {
            "file": "outbox.json",
            "reason": "skipped: private messages are never read (2 in this file, not reviewed)",
            "private": "records",
            "count": "2",
        },
    ]
