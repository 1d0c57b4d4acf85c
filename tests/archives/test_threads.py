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
