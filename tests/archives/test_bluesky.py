"""The Bluesky importer reads a repository (CAR file): the person's posts, replies and reposts
with their links, and a clear note for a broken or random file."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from archive_support import by_id, posts_of
from postcheck.archives import UnreadableExportError, open_export

from .carwriter import repo_car

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
    z = tmp_path / "bsky.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(car, "export/repo.car")
    renamed = tmp_path / "download"
    renamed.write_bytes(car.read_bytes())
    assert len(posts_of(z)) == 3
    assert len(posts_of(renamed)) == 3


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


def test_truncated_car_at_any_point_is_a_clear_note(tmp_path):
    car = repo_car(
        "did:plc:t",
        {
            f"app.bsky.feed.post/3k{i:011d}": {
                "$type": "app.bsky.feed.post",
                "text": f"post {i}",
                "createdAt": "2024-11-19T00:52:55.123Z",
            }
            for i in range(6)
        },
    )
    path = tmp_path / "repo.car"
    for cut in range(1, len(car), 7):
        path.write_bytes(car[:cut])
        export = open_export(path, format_hint="bluesky")
        posts = list(export.posts())
        assert posts == [] and len(export.log.skipped) == 1, cut
        export.close()


def test_random_bytes_named_car_are_a_clear_note(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "repo.car"
    for _ in range(50):
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        export = open_export(path, format_hint="bluesky")
        assert list(export.posts()) == []
        assert export.log.skipped and export.log.skipped[0]["file"] == "repo.car"
        export.close()


def test_bluesky_chat_records_are_never_decoded_and_counted_under_left_out(tmp_path, monkeypatch):
    from postcheck.archives import bluesky

    chats = {
        "chat.bsky.actor.declaration/self": {
            "$type": "chat.bsky.actor.declaration",
            "allowIncoming": "following",
        },
        "chat.bsky.convo.message/3kffffffffff2": {
            "$type": "chat.bsky.convo.message",
            "text": "SECRET chat line",
        },
    }
    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(DID, {**RECORDS, **chats}))
    decoded: list[object] = []
    real = bluesky._decode
    monkeypatch.setattr(bluesky, "_decode", lambda *a: decoded.append(real(*a)) or decoded[-1])
    export = open_export(path)
    assert len(list(export.posts())) == 3
    # the tree names the chat records (keys only); the records themselves are never decoded
    types = [d.get("$type", "") for d in decoded if isinstance(d, dict)]
    assert "app.bsky.feed.post" in types
    assert not [t for t in types if t.startswith("chat.bsky")]
    assert not [d for d in decoded if "SECRET" in repr(d)]
    assert export.log.skipped == [
        {
            "file": "repo.car",
            "reason": "skipped: private messages are never read (2 in this file, not reviewed)",
            "private": "records",
            "count": "2",
        }
    ]


def test_bluesky_folder_of_several_repositories_is_refused_naming_them(tmp_path, car):
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("a.car", "b.car", "c.car"):
        (folder / name).write_bytes(car.read_bytes())
    for hint in (None, "bluesky"):
        with pytest.raises(UnreadableExportError) as err:
            open_export(folder, format_hint=hint)
        assert str(err.value) == (
            "exports holds 3 Bluesky repositories (a.car, b.car, c.car): review one at a time"
        )


def test_bluesky_zip_of_two_repositories_is_refused(tmp_path, car):
    z = tmp_path / "bsky.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(car, "alex/repo.car")
        zf.write(car, "sam/repo.car")
    with pytest.raises(UnreadableExportError, match=r"alex/repo\.car, sam/repo\.car"):
        open_export(z)


def test_bluesky_renamed_repository_is_recognized_by_its_header(tmp_path, car):
    renamed = tmp_path / "repo (1).car.download"
    renamed.write_bytes(car.read_bytes())
    assert open_export(renamed).formats == ["bluesky"]
