"""The Facebook importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from archive_support import ARCHIVES, SECRET, posts_of


def test_facebook_2024_layout_posts_and_comments_with_mojibake_fixed(zipped):
    posts = posts_of(zipped("facebook"))
    texts = {p.kind: p.text for p in posts}
    assert "Encore une décision absurde du ministère… Vote NDP on Monday!" in [
        p.text for p in posts
    ]
    assert texts["comment"] == "Totally agree 👍"


def test_facebook_text_in_attachment_description():
    assert "Photo du café 👍" in [p.text for p in posts_of(ARCHIVES / "facebook")]


def test_facebook_posts_without_text_are_not_reviewed():
    assert len(posts_of(ARCHIVES / "facebook")) == 3


def test_facebook_never_reads_messages(zipped):
    assert all(SECRET not in p.text for p in posts_of(zipped("facebook")))


def test_facebook_older_layout():
    kinds = sorted(p.kind for p in posts_of(ARCHIVES / "facebook-old"))
    assert kinds == ["comment", "post"]


def test_facebook_records_whose_lists_are_other_types_are_skipped(tmp_path):
    from archive_support import make_zip

    records = (
        b'[{"timestamp": 1715609045, "data": 5},'
        b' {"timestamp": 1715609045, "data": [], "attachments": [7, {"data": {"x": 1}},'
        b' {"data": [{"note": "a string", "media": [1]}]}]},'
        b' {"timestamp": 1715609046, "data": [{"post": "Still read"}]}]'
    )
    comments = b'{"comments_v2": [{"data": "text"}, {"data": [{"comment": {"comment": "Ok"}}]}]}'
    path = make_zip(
        tmp_path / "fb.zip",
        {
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": records,
            "your_facebook_activity/comments_and_reactions/comments.json": comments,
        },
    )
    assert sorted(p.text for p in posts_of(path)) == ["Ok", "Still read"]
