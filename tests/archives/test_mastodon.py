"""The Mastodon importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

import pytest

from archive_support import ARCHIVES, SECRET, by_id, posts_of, review
from postcheck.archives import mastodon, open_export


def test_mastodon_html_becomes_plain_text():
    p = by_id(posts_of(ARCHIVES / "mastodon"))["101"]
    assert p.text == "Vote NDP on Monday! & bring a friend #cdnpoli\n\nSecond paragraph\nnew line"


def test_mastodon_replies_boosts_and_language():
    posts = by_id(posts_of(ARCHIVES / "mastodon"))
    assert posts["102"].kind == "reply" and posts["102"].lang == "fr"
    assert posts["105"].kind == "repost" and posts["105"].text == ""


def test_mastodon_never_reads_direct_messages():
    posts = posts_of(ARCHIVES / "mastodon")
    assert "104" not in by_id(posts)
    assert all(SECRET not in p.text for p in posts)


def test_mastodon_keeps_followers_only_posts():
    assert "103" in by_id(posts_of(ARCHIVES / "mastodon"))


def test_mastodon_hidden_link_parts_are_kept_and_content_warning_read():
    p = by_id(posts_of(ARCHIVES / "mastodon"))["106"]
    assert p.text == "CW: budget\n\nLink: https://example.ca/a/very/long/path"


def test_mastodon_duplicate_ordered_items_key_is_read_once():
    assert len(posts_of(ARCHIVES / "mastodon")) == 5


def test_mastodon_older_tar_gz_archive(tmp_path):
    import tarfile

    dest = tmp_path / "archive-20240513-abc.tar.gz"
    with tarfile.open(dest, "w:gz") as tf:
        tf.add(ARCHIVES / "mastodon" / "outbox.json", "outbox.json")
    assert len(posts_of(dest)) == 5


ALEX = "https://social.example.ca/users/alex"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


@pytest.mark.parametrize(
    ("to", "cc", "direct"),
    [
        ([PUBLIC], [f"{ALEX}/followers"], False),  # public
        ([f"{ALEX}/followers"], [PUBLIC], False),  # unlisted
        (["as:Public"], [], False),
        ([f"{ALEX}/followers"], [], False),  # followers only
        (["https://x.example/users/sam"], [], True),  # one person
        ([], [], True),  # nobody named: not public, not followers
        (["https://x.example/users/sam/followers"], [], True),  # someone else's followers
    ],
)
def test_a_status_is_direct_unless_public_or_for_its_authors_followers(to, cc, direct):
    note = {"type": "Note", "attributedTo": ALEX, "to": to, "cc": cc}
    assert (
        mastodon.is_direct({"type": "Create", "actor": ALEX, "to": to, "cc": cc, "object": note})
        is direct
    )
    assert mastodon.is_direct({"type": "Create", "to": to, "cc": cc, "object": note}) is direct


def test_direct_messages_are_counted_under_left_out_by_number_only():
    export = open_export(ARCHIVES / "mastodon")
    list(export.posts())
    assert export.log.skipped == [
        {
            "file": "outbox.json",
            "reason": "skipped: private messages are never read (1 in this file, not reviewed)",
            "private": "records",
            "count": "1",
        }
    ]


POLLS = ARCHIVES / "mastodon-polls"


def test_mastodon_poll_is_reviewed_as_its_question_then_its_options_one_a_line():
    p = by_id(posts_of(POLLS))["201"]
    assert p.text == (
        "Quick poll before the long weekend:\n\nVote NDP on Monday!\nStay home and garden"
    )
    assert p.kind == "post" and p.lang == "en"
    assert p.url == "https://social.example.ca/@alex/201"


def test_mastodon_multiple_choice_poll_keeps_its_content_warning_and_audience():
    p = by_id(posts_of(POLLS))["202"]
    assert p.text == (
        "Sondage du bureau\n\nQu'apportez-vous au pique-nique ?\n\n"
        "Des sandwichs\nUne salade\nDu gâteau"
    )
    assert p.lang == "fr"


def test_mastodon_direct_poll_is_never_read():
    export = open_export(POLLS)
    try:
        posts = list(export.posts())
    finally:
        export.close()
    assert "203" not in by_id(posts)
    assert all(SECRET not in p.text for p in posts)
    assert all("/203" not in str(s) for s in export.log.skipped)


def test_mastodon_create_of_an_unknown_object_type_is_left_out_with_its_type():
    export = open_export(POLLS)
    try:
        ids = set(by_id(list(export.posts())))
    finally:
        export.close()
    assert "204" not in ids
    (note,) = [s for s in export.log.skipped if s.get("item", "").endswith("/204")]
    assert "'Article'" in note["reason"] and "not reviewed" in note["reason"]


def test_mastodon_poll_finding_spans_point_into_the_text_the_report_shows():
    result = review(POLLS)
    (item,) = [f for f in result.flagged if f["id"] == "201"]
    assert item["findings"]
    for f in item["findings"]:
        assert item["text"][f["start"] : f["end"]] == f["matched"]
    assert any("Vote NDP" in f["matched"] for f in item["findings"])
