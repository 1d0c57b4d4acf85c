"""The LinkedIn importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from archive_support import ARCHIVES, SECRET, posts_of


def test_linkedin_bom_notes_preamble_and_multiline_commentary():
    posts = posts_of(ARCHIVES / "linkedin")
    share = next(p for p in posts if p.kind == "post")
    assert (
        share.text == 'Proud of our team\'s work on the new "client portal".\nOpinions are my own.'
    )
    assert share.url.startswith("https://www.linkedin.com/feed/update/")


def test_linkedin_share_without_commentary_is_a_repost_and_comments_are_read():
    kinds = sorted(p.kind for p in posts_of(ARCHIVES / "linkedin"))
    assert kinds == ["comment", "post", "repost"]


def test_linkedin_never_reads_messages():
    assert all(SECRET not in p.text for p in posts_of(ARCHIVES / "linkedin"))
