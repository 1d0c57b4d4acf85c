"""The Reddit importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

from archive_support import ARCHIVES, posts_of


def test_reddit_title_and_body_joined_and_placeholders_dropped():
    posts = posts_of(ARCHIVES / "reddit")
    assert [p.id for p in posts] == ["1cqxyz1", "l3abcd1"]
    assert posts[0].text.startswith("Phoenix pay again\n\nMy whole branch")
    assert posts[1].kind == "comment"


def test_reddit_ip_addresses_never_reach_a_post():
    assert all("192.0.2.44" not in str(p.to_dict()) for p in posts_of(ARCHIVES / "reddit"))


def test_reddit_dates_with_utc_suffix_and_iso():
    dates = [p.created_at for p in posts_of(ARCHIVES / "reddit")]
    assert dates == [
        datetime(2024, 5, 13, 14, 4, 5, tzinfo=UTC),
        datetime(2024, 5, 13, 15, 0, tzinfo=UTC),
    ]
