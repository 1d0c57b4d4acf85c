"""The history review (``postcheck.review``): an export that holds no post is a clear error
that says what to check for its format; each post is judged in its own language, and one in
another language is counted, not judged."""

from __future__ import annotations

import pytest

from archive_support import make_zip, review
from archives.carwriter import repo_car
from language_support import TAGGED, UNTAGGED
from postcheck.archives import EmptyExportError


def test_export_without_any_post(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = [ ]"})
    with pytest.raises(EmptyExportError, match="holds no posts"):
        review(path)


def _only_a_like(path):
    like = {
        "$type": "app.bsky.feed.like",
        "createdAt": "2024-11-21T10:00:00.000Z",
        "subject": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kyy", "cid": "bafy"},
    }
    path.write_bytes(repo_car("did:plc:abc123", {"app.bsky.feed.like/3kdddddddddd2": like}))
    return path


@pytest.mark.parametrize(
    ("make", "advice"),
    [
        (
            lambda tmp: make_zip(
                tmp / "x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = []"}
            ),
            "check that it is the archive X sent",
        ),
        (lambda tmp: _only_a_like(tmp / "repo.car"), "Export my data (repo.car)"),
        (
            lambda tmp: make_zip(
                tmp / "reddit.zip",
                {
                    "posts.csv": b"id,permalink,date,ip,subreddit,gildings,title,url,body\n",
                    "comments.csv": b"id,permalink,date,ip,subreddit,gildings,link,parent,body\n",
                },
            ),
            "check that the data request",
        ),
    ],
    ids=["x", "bluesky-car", "reddit-csv"],
)
def test_nothing_to_review_says_what_to_check_for_the_format(tmp_path, make, advice):
    with pytest.raises(EmptyExportError) as err:
        review(make(tmp_path))
    assert advice in str(err.value)
    assert "JSON" not in str(err.value)


def test_nothing_to_review_in_a_meta_export_says_to_choose_json(tmp_path):
    path = make_zip(
        tmp_path / "facebook.zip", {"your_facebook_activity/posts/your_posts_1.json": b"[]"}
    )
    with pytest.raises(EmptyExportError, match=r"in JSON format.*Format: JSON"):
        review(path)


@pytest.mark.parametrize("platform", sorted(TAGGED))
def test_a_post_its_platform_tags_spanish_is_counted_unchecked_and_never_judged(tmp_path, platform):
    result = review(TAGGED[platform](tmp_path))
    assert result.unchecked == {"es": 1}
    assert result.posts_reviewed == 2
    flagged = {item["text"]: item["lang"] for item in result.flagged}
    assert "Ese ministro, un con" not in flagged
    assert set(flagged.values()) == {"en", "fr"}


UNTAGGED_POSTS = [
    ("p1", "Vote NDP on Monday!", ""),
    # identified as Spanish, although French rules would flag "con"
    ("p3", "el ministro es un con", ""),
]


@pytest.mark.parametrize("platform", sorted(UNTAGGED))
def test_a_spanish_post_of_an_export_without_language_tags_is_identified_and_unchecked(
    tmp_path, platform
):
    result = review(UNTAGGED[platform](tmp_path, UNTAGGED_POSTS))
    assert result.unchecked == {"es": 1}
    assert [item["text"] for item in result.flagged] == ["Vote NDP on Monday!"]


def test_empty_export_error_names_each_left_out_file_once(tmp_path):
    path = make_zip(tmp_path / "m.zip", {"outbox.json": b'{"orderedItems": [{"type": '})
    with pytest.raises(EmptyExportError) as err:
        review(path)
    message = str(err.value)
    assert "(outbox.json: the JSON is broken" in message
    assert "outbox.json: outbox.json" not in message
