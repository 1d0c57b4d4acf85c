"""Each importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from postcheck.archives import ImportOptions, open_export
from postcheck.engine import Post

from .carwriter import repo_car
from .conftest import ARCHIVES, SECRET


def posts_of(path: Path | str, **kw) -> list[Post]:
    export = open_export(path, **kw)
    try:
        return list(export.posts())
    finally:
        export.close()


def by_id(posts: list[Post]) -> dict[str, Post]:
    return {p.id: p for p in posts if p.id}


# --- X ------------------------------------------------------------------------


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


# --- Mastodon -----------------------------------------------------------------


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


# --- Bluesky ------------------------------------------------------------------

DID = "did:plc:abc123"
RECORDS = {
    "app.bsky.feed.post/3kaaaaaaaaaa2": {
        "$type": "app.bsky.feed.post",
        "text": "Vote NDP on Monday!",
        "createdAt": "2024-11-19T00:52:55.123Z",
        "langs": ["en"],
    },
    "app.bsky.feed.post/3kbbbbbbbbbb2": {
        "$type": "app.bsky.feed.post",
        "text": "Voici mon avis sur le budget fédéral #polcan",
        "createdAt": "2024-11-20T10:00:00.000Z",
        "langs": ["fr"],
        "reply": {
            "root": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kzz", "cid": "bafy"},
            "parent": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kzz", "cid": "bafy"},
        },
    },
    "app.bsky.feed.repost/3kccccccccccc": {
        "$type": "app.bsky.feed.repost",
        "createdAt": "2024-11-21T10:00:00.000Z",
        "subject": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kyy", "cid": "bafy"},
    },
    "app.bsky.feed.like/3kdddddddddd2": {
        "$type": "app.bsky.feed.like",
        "createdAt": "2024-11-21T10:00:00.000Z",
        "subject": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kyy", "cid": "bafy"},
    },
    "app.bsky.graph.follow/3keeeeeeeeee2": {
        "$type": "app.bsky.graph.follow",
        "subject": "did:plc:zzz",
        "createdAt": "2024-11-21T10:00:00.000Z",
    },
}


@pytest.fixture
def car(tmp_path) -> Path:
    dest = tmp_path / "repo.car"
    dest.write_bytes(repo_car(DID, RECORDS))
    return dest


def test_bluesky_posts_get_rkey_links_from_the_tree(car):
    posts = by_id(posts_of(car))
    p = posts[f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaaa2"]
    assert p.url == f"https://bsky.app/profile/{DID}/post/3kaaaaaaaaaa2"
    assert p.text == "Vote NDP on Monday!" and p.kind == "post" and p.lang == "en"
    assert p.created_at == datetime(2024, 11, 19, 0, 52, 55, 123000, tzinfo=UTC)


def test_bluesky_replies_and_reposts(car):
    posts = by_id(posts_of(car))
    assert posts[f"at://{DID}/app.bsky.feed.post/3kbbbbbbbbbb2"].kind == "reply"
    repost = posts[f"at://{DID}/app.bsky.feed.repost/3kccccccccccc"]
    assert repost.kind == "repost"
    assert repost.url == "https://bsky.app/profile/did:plc:zzz/post/3kyy"


def test_bluesky_ignores_likes_and_follows(car):
    assert len(posts_of(car)) == 3


def test_bluesky_car_inside_a_zip_and_renamed_file(tmp_path, car):
    import zipfile

    z = tmp_path / "bsky.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(car, "export/repo.car")
    renamed = tmp_path / "download"
    renamed.write_bytes(car.read_bytes())
    assert len(posts_of(z)) == 3
    assert len(posts_of(renamed)) == 3


# --- Meta ---------------------------------------------------------------------


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


def test_threads_posts_and_replies():
    posts = posts_of(ARCHIVES / "instagram", format_hint="threads")
    assert [(p.kind, p.text) for p in posts] == [
        ("post", "Le ministère a encore raté son coup."),
        ("reply", "Totally, see you there"),
    ]
    assert all(p.platform == "threads" for p in posts)


# --- CSV exports --------------------------------------------------------------


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


def test_generic_csv_with_column_mapping():
    opts = ImportOptions(
        text_column="message", date_column="when", id_column="post_id", url_column="link"
    )
    posts = posts_of(ARCHIVES / "generic" / "posts.csv", options=opts)
    assert [(p.id, p.text, p.url) for p in posts] == [
        ("g1", "Vote NDP on Monday!", "https://example.ca/p/1"),
        ("g2", "Lunch, then a walk", None),
    ]
    assert posts[1].created_at == datetime.fromtimestamp(1715700000, UTC)


def test_generic_jsonl_skips_bad_lines_and_notes_them():
    export = open_export(ARCHIVES / "generic" / "posts.jsonl")
    posts = list(export.posts())
    assert [p.id for p in posts] == ["j1", "j2"]
    assert export.log.skipped == [
        {"file": "posts.jsonl", "reason": "1 line(s) are not JSON objects"}
    ]


def test_generic_unknown_text_column_is_reported():
    export = open_export(
        ARCHIVES / "generic" / "posts.csv",
        format_hint="generic",
        options=ImportOptions(text_column="nope"),
    )
    assert list(export.posts()) == []
    assert "no text column" in export.log.skipped[0]["reason"]


@pytest.mark.parametrize(
    ("tag", "lang"),
    [
        ("fr-CA", "fr"),
        ("EN", "en"),
        ("en_US", "en"),
        ("qme", None),
        ("und", None),
        ("de", "de"),
        ("es-MX", "es"),
        ("fil", "fil"),
        ("1234", None),
        ("", None),
        (None, None),
    ],
)
def test_language_tags_are_reduced_to_their_language(tag, lang):
    from postcheck.archives.common import post_lang

    assert post_lang(tag) == lang


def test_bluesky_record_index_finds_every_key_of_a_cid():
    from postcheck.archives.bluesky import RecordIndex, _compact

    def cid(n: int) -> bytes:
        return b"\x01\x71\x12\x20" + bytes([n]) * 32

    node = {
        "l": None,
        "e": [
            {"p": 0, "k": b"app.bsky.feed.like/1", "v": cid(9), "t": None},
            {"p": 14, "k": b"post/3kb", "v": cid(2), "t": None},
            {"p": 21, "k": b"c", "v": cid(1), "t": cid(7)},
            {"p": 21, "k": b"d", "v": cid(2), "t": None},  # the same record under two keys
        ],
    }
    index = RecordIndex([_compact(node)])
    assert index.count == 3 and index.distinct == 2
    found = index.lookup([cid(1), cid(2), cid(9), b"short"])
    assert found[0] == ["app.bsky.feed.post/3kc"]
    assert sorted(found[1]) == ["app.bsky.feed.post/3kb", "app.bsky.feed.post/3kd"]
    assert found[2] == [] and found[3] == []  # a like, and a block that is no record


def test_bluesky_record_index_with_cids_of_different_lengths():
    from postcheck.archives.bluesky import RecordIndex, _compact

    node = {
        "l": None,
        "e": [
            {"p": 0, "k": b"app.bsky.feed.post/a", "v": b"\x01short", "t": None},
            {"p": 19, "k": b"b", "v": b"\x01a-longer-cid", "t": None},
        ],
    }
    index = RecordIndex([_compact(node)])
    assert index.lookup([b"\x01a-longer-cid", b"\x01short", b"x"]) == [
        ["app.bsky.feed.post/b"],
        ["app.bsky.feed.post/a"],
        [],
    ]
