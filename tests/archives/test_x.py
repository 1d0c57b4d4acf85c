"""The X importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from archive_support import ARCHIVES, SECRET, by_id, make_zip, posts_of
from postcheck.archives import UnreadableExportError, open_export


def test_x_reads_every_tweet_file_part(zipped):
    ids = set(by_id(posts_of(zipped("x-synthetic"))))
    assert {"1790000000000000001", "1690000000000000001"} <= ids
    assert len(ids) == 6


def test_x_unescapes_html_entities():
    p = by_id(posts_of(ARCHIVES / "x-synthetic"))["1790000000000000002"]
    assert p.text == "@sam_roy Agreed, lovely <3 park"


def test_x_tells_replies_and_retweets_apart():
    posts = by_id(posts_of(ARCHIVES / "x-synthetic"))
    assert posts["1790000000000000002"].kind == "reply"
    assert posts["1790000000000000003"].kind == "repost"
    assert posts["1790000000000000001"].kind == "post"


def test_x_replaces_tco_links_with_their_targets():
    p = by_id(posts_of(ARCHIVES / "x-synthetic"))["1690000000000000001"]
    assert p.text == "Read this https://example.ca/bread about bread"


def test_x_joins_long_posts_from_note_tweet():
    p = by_id(posts_of(ARCHIVES / "x-synthetic"))["1790000000000000004"]
    assert len(p.text) > 280
    assert not p.text.endswith("…")


def test_x_links_use_the_username_and_dates_are_utc():
    p = by_id(posts_of(ARCHIVES / "x-synthetic"))["1790000000000000001"]
    assert p.url == "https://x.com/alex_tremblay/status/1790000000000000001"
    assert p.created_at == datetime(2024, 5, 13, 14, 4, 5, tzinfo=UTC)
    assert p.platform == "x" and p.lang == "en"


def test_x_never_reads_direct_messages(zipped):
    assert all(SECRET not in p.text for p in posts_of(zipped("x-synthetic")))


def test_x_oldest_layout_without_tweet_wrapper():
    posts = posts_of(ARCHIVES / "x-old")
    assert [p.text for p in posts] == ["Old times, first tweet"]


def test_x_real_archive_trimmed_from_milahu104():
    posts = posts_of(ARCHIVES / "x-milahu104")
    kinds = [p.kind for p in posts]
    assert kinds.count("repost") == 3 and kinds.count("reply") == 4 and kinds.count("post") == 3
    assert all(p.url.startswith("https://x.com/milahu104/status/") for p in posts)
    assert all("t.co/" not in p.text for p in posts if p.kind != "repost")


def test_x_pseudo_language_codes_are_left_for_detection():
    # X tags a tweet with its language, or with a pseudo-code (qme, und, zxx...) that
    # names none: those are left for the engine to identify
    langs = {p.lang for p in posts_of(ARCHIVES / "x-milahu104")}
    assert None in langs
    assert not langs & {"qme", "und", "zxx", "qht", "qam"}


def test_x_language_tags_of_other_languages_are_kept_for_the_engine():
    # the engine trusts a platform's tag: a German tweet is reported unchecked
    langs = {p.lang for p in posts_of(ARCHIVES / "x-milahu104")}
    assert "de" in langs and "en" in langs


def test_x_reads_community_posts_in_every_part():
    posts = by_id(posts_of(ARCHIVES / "x-community"))
    assert {"1820000000000000001", "1820000000000000002", "1820000000000000003"} <= set(posts)
    assert len(posts) == 4  # and the one ordinary post


def test_x_community_posts_are_posts_or_replies_with_their_links():
    posts = by_id(posts_of(ARCHIVES / "x-community"))
    assert posts["1820000000000000001"].kind == "post"
    assert posts["1820000000000000002"].kind == "reply"
    assert posts["1820000000000000001"].text == "Vote NDP on Monday, neighbours!"
    assert posts["1820000000000000001"].url == (
        "https://x.com/alex_tremblay/status/1820000000000000001"
    )


def test_x_expects_the_community_posts_the_manifest_counts():
    export = open_export(ARCHIVES / "x-community")
    list(export.posts())
    assert export.log.estimated_total == 4
    export.close()


def test_x_archive_with_only_community_posts_is_recognized(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(ARCHIVES / "x-community" / "data" / "community-tweet.js", data)
    assert open_export(tmp_path).formats == ["x"]
    assert len(posts_of(tmp_path)) == 2


def test_x_renamed_community_file_is_read_as_one(tmp_path):
    renamed = tmp_path / "community-tweet (1).js"
    shutil.copy(ARCHIVES / "x-community" / "data" / "community-tweet-part1.js", renamed)
    export = open_export(renamed)
    assert export.formats == ["x"]
    assert export.container.names() == ["data/community-tweet-part1.js"]
    assert [p.id for p in export.posts()] == ["1820000000000000003"]
    export.close()


def test_x_lone_long_posts_file_says_to_review_the_whole_archive(tmp_path):
    renamed = tmp_path / "notes.js"
    shutil.copy(ARCHIVES / "x-synthetic" / "data" / "note-tweet.js", renamed)
    for hint in (None, "x"):
        with pytest.raises(UnreadableExportError, match=r"X's long posts \(note-tweet\.js\)"):
            open_export(renamed, format_hint=hint)


def test_x_lone_direct_messages_file_is_refused_unread(tmp_path):
    renamed = tmp_path / "download.js"
    shutil.copy(ARCHIVES / "x-synthetic" / "data" / "direct-messages.js", renamed)
    for hint in (None, "x"):
        with pytest.raises(UnreadableExportError) as err:
            open_export(renamed, format_hint=hint)
        assert "data/direct-messages.js" in str(err.value) and SECRET not in str(err.value)


def test_x_archive_without_its_data_files_says_so(tmp_path):
    path = make_zip(
        tmp_path / "twitter-2026-03-06.zip",
        {"Your archive.html": b"<html></html>", "assets/js/main.js": b""},
    )
    with pytest.raises(UnreadableExportError, match=r"X's archive without data/tweets\.js"):
        open_export(path)


def test_x_fields_of_other_types_do_not_stop_the_reading(tmp_path):
    from archive_support import make_zip

    tweets = (
        b'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "See https://t.co/a",'
        b' "entities": {"urls": {"url": "https://t.co/a"}, "media": 3}}},'
        b' {"tweet": {"id_str": {"x": 1}, "full_text": "no id"}},'
        b' {"tweet": {"id_str": "2", "full_text": "A long post that goes on past what X shows"}}]'
    )
    notes = (
        b'window.YTD.note_tweet.part0 = [{"noteTweet": {"core": ["not", "an", "object"]}},'
        b' {"noteTweet": {"core": {"text": "A long post that goes on past what X shows here"}}}]'
    )
    path = make_zip(
        tmp_path / "x.zip",
        {
            "data/tweets.js": tweets,
            "data/note-tweet.js": notes,
            "data/account.js": b'window.YTD.account.part0 = [{"account": {"username": 5}}]',
            "data/manifest.js": b'window.__THAR_CONFIG = {"userInfo": [], "dataTypes":'
            b' {"tweets": {"files": [{"count": "2"}, {"count": 1e999}, 7, {"count": "'
            + b"9" * 5000
            + b'"}]}}}',
        },
    )
    export = open_export(path)
    try:
        posts = by_id(list(export.posts()))
    finally:
        export.close()
    assert (
        posts["1"].text == "See https://t.co/a" and posts["1"].url == "https://x.com/i/web/status/1"
    )
    # the other note is still joined to its tweet
    assert posts["2"].text == "A long post that goes on past what X shows here"
    assert export.log.estimated_total == 2
