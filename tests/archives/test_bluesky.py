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


def _with_tree_entry(field: str, value) -> bytes:
    """The repository with ``field`` of the first entry of the root node set to ``value``:
    the 3kbbbbbbbbbb2 post's (the left subtree has the like and the other post)."""

    def edit(_i: int, obj):
        if isinstance(obj, dict) and "e" in obj and obj.get("l") is not None:
            obj = {**obj, "e": [{**obj["e"][0], field: value}, *obj["e"][1:]]}
        return obj

    return repo_car(DID, RECORDS, edit)


@pytest.mark.parametrize(
    ("field", "value"),
    [("v", {"$link": "bafyrei"}), ("v", "bafyrei"), ("v", 7), ("k", "text, not bytes"), ("p", -1)],
)
def test_bluesky_tree_entry_that_is_not_a_key_and_a_link_is_left_out_and_noted(
    tmp_path, field, value
):
    path = tmp_path / "repo.car"
    path.write_bytes(_with_tree_entry(field, value))
    export = open_export(path)
    try:
        posts = list(export.posts())
    finally:
        export.close()
    # that post is left out (and with a damaged key, the keys after it that share a
    # prefix with it: the repost); the post in the left subtree is read
    assert f"at://{DID}/app.bsky.feed.post/3kbbbbbbbbbb2" not in by_id(posts)
    assert f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaaa2" in by_id(posts)
    (note,) = [s for s in export.log.skipped if "damaged" in s["reason"]]
    assert note["file"] == "repo.car" and "left out" in note["reason"]


def test_bluesky_subtree_link_that_is_a_map_is_noted_not_followed(tmp_path):
    def edit(_i: int, obj):
        if isinstance(obj, dict) and obj.get("l") is not None:
            obj = {**obj, "l": {"$link": "bafyrei"}}
        return obj

    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(DID, RECORDS, edit))
    export = open_export(path)
    try:
        posts = list(export.posts())
    finally:
        export.close()
    assert len(posts) == 2  # the root node's; the left subtree is out of reach
    assert any("damaged" in s["reason"] for s in export.log.skipped)


def test_bluesky_commit_without_a_link_to_its_tree_is_a_clear_note(tmp_path):
    def edit(_i: int, obj):
        return (
            {**obj, "data": {"$link": "bafyrei"}} if isinstance(obj, dict) and "did" in obj else obj
        )

    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(DID, RECORDS, edit))
    export = open_export(path)
    try:
        assert list(export.posts()) == []
    finally:
        export.close()
    (note,) = export.log.skipped
    assert "no link to its record tree" in note["reason"]


def test_bluesky_header_whose_roots_are_not_links_is_a_clear_note(tmp_path):
    def edit(_i: int, obj):
        return {**obj, "roots": [5, "bafyrei"]} if isinstance(obj, dict) and "roots" in obj else obj

    path = tmp_path / "repo.car"
    path.write_bytes(repo_car(DID, RECORDS, edit))
    export = open_export(path, format_hint="bluesky")
    try:
        assert list(export.posts()) == []
    finally:
        export.close()
    assert "names no root" in export.log.skipped[0]["reason"]


def test_bluesky_damaged_record_is_left_out_and_the_others_read(tmp_path):
    from .carwriter import cbor

    car = repo_car(DID, RECORDS)
    record = cbor(RECORDS["app.bsky.feed.post/3kaaaaaaaaaa2"])
    assert car.count(record) == 1
    # same length, same CID in front of it: the tree still leads to it
    path = tmp_path / "repo.car"
    path.write_bytes(car.replace(record, b"\xff" * len(record)))
    export = open_export(path)
    try:
        posts = by_id(list(export.posts()))
    finally:
        export.close()
    assert f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaaa2" not in posts and len(posts) == 2
    assert export.log.skipped == [
        {
            "item": "app.bsky.feed.post/3kaaaaaaaaaa2",
            "reason": "the record is damaged (not valid DAG-CBOR)",
        }
    ]
