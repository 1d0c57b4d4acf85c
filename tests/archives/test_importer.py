"""Every registered importer is an ``Importer`` and reads a fixture of its own format."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from archive_support import ARCHIVES
from postcheck.archives import IMPORTERS, Importer, ImportOptions, ReadLog, detect_formats
from postcheck.archives.safezip import DEFAULT_LIMITS, Container, FileContainer, open_container
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


def test_sniffs_none_of_an_unrelated_file(importer, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Groceries: milk, bread\nCall the garage\n")
    with open_container(notes) as opened:
        assert importer.sniff(opened, "notes.txt", ImportOptions()) is None


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


def test_advises_what_to_check_when_nothing_is_found(importer):
    assert importer.ADVICE.startswith("check ")


def _own_files(importer: Importer, container: Container) -> list[str]:
    options = ImportOptions()
    return [
        m for m in importer.detect(container.names()) if importer.matches(container, m, options)
    ]


def test_a_renamed_file_of_its_own_yields_what_it_yields_under_its_name(
    importer, container, tmp_path
):
    options = ImportOptions()
    for member in _own_files(importer, container):
        named = tmp_path / "named" / member
        named.parent.mkdir(parents=True, exist_ok=True)
        named.write_bytes(container.read_bytes(member))
        renamed = tmp_path / "download.dat"
        renamed.write_bytes(named.read_bytes())
        with open_container(tmp_path / "named") as by_name, open_container(renamed) as lone:
            assert isinstance(lone, FileContainer)
            sniffed = importer.sniff(lone, lone.member_name, options)
            assert sniffed is not None and importer.detect([sniffed]) == [sniffed], member
            lone.member_name = sniffed
            expected = [(p.kind, p.text) for p in importer.read(by_name, ReadLog(), options)]
            assert [(p.kind, p.text) for p in importer.read(lone, ReadLog(), options)] == expected
        (tmp_path / "named" / member).unlink()


def test_no_other_platform_claims_its_files(key, importer, container, tmp_path):
    options = ImportOptions()
    others = [i for k, i in IMPORTERS.items() if k not in (key, "generic")]
    for member in _own_files(importer, container):
        lone = tmp_path / "download.dat"
        lone.write_bytes(container.read_bytes(member))
        with open_container(lone) as opened:
            assert [o.PLATFORM for o in others if o.sniff(opened, "download.dat", options)] == []


@pytest.mark.parametrize("fixture", sorted(set(FIXTURES.values())))
def test_finds_nothing_unreadable_in_a_readable_export(importer, fixture):
    with open_container(ARCHIVES / fixture, DEFAULT_LIMITS) as opened:
        assert importer.unreadable(opened.names()) is None
