"""The Threads importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from archive_support import ARCHIVES, posts_of


def test_threads_posts_and_replies():
    posts = posts_of(ARCHIVES / "instagram", format_hint="threads")
    assert [(p.kind, p.text) for p in posts] == [
        ("post", "Le ministère a encore raté son coup."),
        ("reply", "Totally, see you there"),
    ]
    assert all(p.platform == "threads" for p in posts)


def test_threads_record_whose_media_is_not_a_list_is_skipped(tmp_path):
    path = tmp_path / "threads_and_replies.json"
    path.write_text(
        '{"text_post_app_text_posts": [{"media": 1}, {"media": "x"}, 5,'
        ' {"media": [{"title": "Still read", "creation_timestamp": 1715609045}]}]}'
    )
    assert [p.text for p in posts_of(path)] == ["Still read"]
