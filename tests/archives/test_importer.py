"""Every registered importer is an ``Importer`` and reads a fixture of its own format."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive_support import ARCHIVES
from postcheck.archives import IMPORTERS, Importer, ImportOptions, ReadLog, detect_formats
from postcheck.archives.safezip import DEFAULT_LIMITS, Container, open_container
from postcheck.engine import Post

# One small export per importer, in tests/fixtures/archives: a new importer fails here
# until it has its own.
FIXTURES = {
    "x": "x-synthetic",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "facebook": "facebook",
    "instagram": "instagram/your_instagram_activity/content",
    "threads": "instagram/your_instagram_activity/threads",
    "linkedin": "linkedin",
    "reddit": "reddit",
    "generic": "generic/posts.jsonl",
}


@pytest.fixture(params=sorted(IMPORTERS))
def key(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def importer(key: str) -> Importer:
    return IMPORTERS[key]


@pytest.fixture
def container(key: str) -> Iterator[Container]:
    opened = open_container(ARCHIVES / FIXTURES[key], DEFAULT_LIMITS)
    yield opened
    opened.close()


def test_every_importer_has_a_fixture():
    assert set(FIXTURES) == set(IMPORTERS)


def test_is_an_importer(importer):
    assert isinstance(importer, Importer)


def test_is_registered_under_its_platform(key, importer):
    assert key == importer.PLATFORM


def test_describes_itself(importer):
    assert importer.DESCRIPTION.strip()


def test_knows_its_canonical_name(importer):
    assert importer.detect([importer.CANONICAL_NAME]) == [importer.CANONICAL_NAME]


def test_recognizes_its_fixture(key, importer, container):
    options = ImportOptions()
    members = importer.detect(container.names())
    assert members
    assert all(importer.matches(container, m, options) for m in members)
    assert key in detect_formats(container, options)


def test_yields_posts_of_its_platform(importer, container):
    posts = list(importer.read(container, ReadLog(), ImportOptions()))
    assert posts
    assert all(isinstance(p, Post) for p in posts)
    assert {p.platform for p in posts} == {importer.PLATFORM}
    assert all(p.text.strip() or p.kind == "repost" for p in posts)
