"""The Instagram importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from archive_support import ARCHIVES, posts_of


def test_instagram_captions_from_media_or_post_title():
    texts = [
        p.text
        for p in posts_of(ARCHIVES / "instagram", format_hint="instagram")
        if p.kind == "post"
    ]
    assert texts == ["Journée porte ouverte au bureau 🎉", "Carrousel : été à Québec"]


def test_instagram_comments_with_localized_keys():
    comments = [
        p.text
        for p in posts_of(ARCHIVES / "instagram", format_hint="instagram")
        if p.kind == "comment"
    ]
    assert comments == ["Bravo à toute l'équipe", "Vote NDP on Monday!"]
