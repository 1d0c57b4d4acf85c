"""The history review (``postcheck.review``): an export that holds no post is a clear error;
each post is judged in its own language, and one in another language is counted, not judged."""

from __future__ import annotations

import pytest

from archive_support import make_zip, review
from language_support import TAGGED, UNTAGGED
from postcheck.archives import EmptyExportError


def test_export_without_any_post(tmp_path):
    path = make_zip(tmp_path / "x.zip", {"data/tweets.js": b"window.YTD.tweets.part0 = [ ]"})
    with pytest.raises(EmptyExportError, match="holds no posts"):
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
