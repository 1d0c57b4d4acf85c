"""``postcheck review`` on damaged exports: exit 0, 1 or 2, never a crash (hypothesis).

Each importer's small valid fixture is damaged — bytes flipped, cut or inserted (in a
file or in the zip or tar.gz holding it), JSON and CSV values replaced by values of
another type, keys and rows deleted, CBOR links swapped for maps in a Bluesky CAR — and
reviewed by ``postcheck review`` in this process. Whatever the damage, the exit is 0
(nothing flagged), 1 (and the output lists what was flagged) or 2 (one line on stderr),
and no exception escapes, so no traceback is printed.

CI runs a bounded, derandomized number of examples per importer. To search longer, and
on new ground each time (a failure prints the blob that reproduces it):

    POSTCHECK_FUZZ_EXAMPLES=2000 ./dev test tests/commands/test_review_fuzz.py -x
"""

from __future__ import annotations

import contextlib
import copy
import csv
import gzip
import io
import json
import os
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_support import ARCHIVES
from archives.carwriter import Link, cid_of, repo_car, repo_objects
from postcheck.cli import main

BY_HAND = "POSTCHECK_FUZZ_EXAMPLES" in os.environ
FUZZ = settings(
    max_examples=int(os.environ.get("POSTCHECK_FUZZ_EXAMPLES", "20")),
    deadline=None,
    derandomize=not BY_HAND,
    print_blob=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def one_engine():
    """Build the engine once: with ``-j 1`` each review would build its own (seconds)."""
    from postcheck.engine import Engine, parallel

    engine = Engine()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parallel, "Engine", lambda: engine)
        yield


# --- the small valid exports the damage starts from ----------------------------------


@dataclass(frozen=True)
class Seed:
    """An export: its members, and how they are handed to the review."""

    members: dict[str, bytes]
    pack: str  # "zip", "tar.gz", or "file" (one member given on its own)


def _folder(name: str, under: str = "") -> dict[str, bytes]:
    """The files of a fixture folder (or of one of its subfolders, or one file) by name."""
    root = ARCHIVES / name / under
    files = [root] if root.is_file() else sorted(f for f in root.rglob("*") if f.is_file())
    return {(Path(under) / f.relative_to(root)).as_posix(): f.read_bytes() for f in files}


DID = "did:plc:fuzz"
RECORDS: dict[str, dict] = {
    "app.bsky.feed.post/3kfuzz000001": {
        "$type": "app.bsky.feed.post",
        "text": "Vote NDP on Monday!",
        "createdAt": "2024-11-19T00:52:55.123Z",
        "langs": ["en"],
    },
    "app.bsky.feed.post/3kfuzz000002": {
        "$type": "app.bsky.feed.post",
        "text": "Bonne fin de semaine à toute l'équipe",
        "createdAt": "2024-11-20T10:00:00.000Z",
        "reply": {"root": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kzz", "cid": "bafy"}},
    },
    "app.bsky.feed.repost/3kfuzz000003": {
        "$type": "app.bsky.feed.repost",
        "createdAt": "2024-11-21T10:00:00.000Z",
        "subject": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kyy", "cid": "bafy"},
    },
    "app.bsky.feed.like/3kfuzz000004": {
        "$type": "app.bsky.feed.like",
        "createdAt": "2024-11-21T10:00:00.000Z",
        "subject": {"uri": "at://did:plc:zzz/app.bsky.feed.post/3kyy", "cid": "bafy"},
    },
}

SEEDS = {
    "x": Seed(_folder("x-synthetic"), "zip"),
    "mastodon": Seed(_folder("mastodon"), "zip"),
    "mastodon-tar.gz": Seed(_folder("mastodon-polls"), "tar.gz"),
    "bluesky": Seed({"repo.car": repo_car(DID, RECORDS)}, "file"),
    "facebook": Seed(_folder("facebook"), "zip"),
    "instagram": Seed(
        {
            **_folder("instagram", "your_instagram_activity/content"),
            **_folder("instagram", "your_instagram_activity/comments"),
        },
        "zip",
    ),
    "threads": Seed(_folder("instagram", "your_instagram_activity/threads"), "zip"),
    "linkedin": Seed(_folder("linkedin"), "zip"),
    "reddit": Seed(_folder("reddit"), "zip"),
    "generic-csv": Seed(_folder("generic", "posts.csv"), "file"),
    "generic-jsonl": Seed(_folder("generic", "posts.jsonl"), "file"),
}


def _pack(seed: Seed, members: dict[str, bytes], folder: Path) -> Path:
    if seed.pack == "file":
        ((name, data),) = members.items()
        path = folder / Path(name).name
        path.write_bytes(data)
    elif seed.pack == "zip":
        # fixed dates, so that the same draw damages the same bytes on every run
        path = folder / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                info = zipfile.ZipInfo(name, (2024, 5, 13, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
    else:
        path = folder / "archive-20240513000000-abc.tar.gz"
        with (
            open(path, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
            tarfile.open(fileobj=gz, mode="w") as tf,
        ):
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    return path


# --- damage ------------------------------------------------------------------------

TOKENS = [b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\", b"\x00", b"\xff", b"\xc3", b"\r\n"]
TOKENS += [b"\n\n", b"\xef\xbb\xbf", b"null", b"-1", b"1e999", b"\\u00", b"PK\x03\x04"]


@st.composite
def damaged_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, cut, inserted, deleted or repeated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete", "repeat"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "flip" and out:
            out[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del out[at : at + draw(st.integers(1, 16))]
        elif op == "repeat":
            out[at:at] = out[at : at + draw(st.integers(1, 64))]
    return bytes(out)


def _scalars(keys: list[str]) -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
        | st.sampled_from(keys or ["x"])
        | st.sampled_from(
            [
                "",
                "2024-05-13T14:04:05Z",
                "Mon May 13 14:04:05 +0000 2024",
                "1715609045",
                "<p>Vote NDP on Monday!</p>",
                "https://www.w3.org/ns/activitystreams#Public",
                "Create",
                "Note",
                "Question",
                "RT @someone: hi",
                "[deleted]",
                "9" * 40,
            ]
        )
    )


def json_values(keys: list[str]) -> st.SearchStrategy[Any]:
    """Any JSON value, its keys often the document's own (structure-aware damage)."""
    names = st.sampled_from(keys) if keys else st.text(max_size=6)
    return st.recursive(
        _scalars(keys),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
        max_leaves=6,
    )


def cbor_values(links: list[Link]) -> st.SearchStrategy[Any]:
    """Any value the CAR writer encodes: CBOR has bytes and links (tag 42), no floats."""
    link = st.sampled_from(links) | st.binary(max_size=40).map(Link)
    scalar = (
        st.none()
        | st.booleans()
        | st.integers(-(2**63), 2**64 - 1)
        | st.binary(max_size=40)
        | st.text(max_size=12)
        | st.sampled_from(["app.bsky.feed.post/3kfuzz000001", "2024-11-19T00:52:55Z"])
        | link
    )
    return st.recursive(
        scalar,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["$link", "e", "l", "k", "p", "t", "v", "text"]), inner
            )
        ),
        max_leaves=5,
    )


def _paths(tree: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from _paths(v, (*at, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from _paths(v, (*at, i))


def _keys(tree: Any) -> list[str]:
    found: set[str] = set()
    for path in _paths(tree):
        found.update(p for p in path if isinstance(p, str))
    return sorted(found)


def damage_tree(draw: st.DrawFn, tree: Any, values: st.SearchStrategy[Any]) -> Any:
    """``tree`` with one to three nodes replaced (by a value of any type), deleted,
    repeated or wrapped in a list or an object (``tree`` itself is left as it was)."""
    tree = copy.deepcopy(tree)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(tree))))
        op = draw(st.sampled_from(["replace", "delete", "repeat", "wrap"]))
        if not path:
            tree = draw(values) if op != "wrap" else [tree]
            continue
        *up, last = path
        parent = tree
        for step in up:
            parent = parent[step]
        if op == "replace":
            parent[last] = draw(values)
        elif op == "delete":
            del parent[last]
        elif op == "repeat" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif op == "repeat":
            parent[last] = [parent[last], copy.deepcopy(parent[last])]
        elif draw(st.booleans()):
            parent[last] = [parent[last]]
        else:
            parent[last] = {"value": parent[last]}
    return tree


def _damage_json(draw: st.DrawFn, data: bytes, name: str) -> bytes:
    text = data.decode("utf-8-sig")
    if name.endswith(".jsonl"):
        tree: Any = [json.loads(line) for line in text.splitlines() if _is_json(line)]
        tree = damage_tree(draw, tree, json_values(_keys(tree)))
        lines = tree if isinstance(tree, list) else [tree]
        return "\n".join(json.dumps(v) for v in lines).encode()
    start = min(i for i in (text.find("["), text.find("{")) if i >= 0)
    prefix, body = text[:start], text[start:].rstrip().rstrip(";")
    tree = json.loads(body)
    tree = damage_tree(draw, tree, json_values(_keys(tree)))
    return (prefix + json.dumps(tree, indent=1)).encode()


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _damage_csv(draw: st.DrawFn, data: bytes) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    words = sorted({c for r in rows for c in r})
    cell = st.text(max_size=20) | st.sampled_from([*words, '"', "\n", "", "[deleted]", ",,"])
    for _ in range(draw(st.integers(1, 3))):
        if not rows:
            rows.append([draw(cell)])
            continue
        r = draw(st.integers(0, len(rows) - 1))
        op = draw(st.sampled_from(["cell", "drop-cell", "add-cell", "drop-row", "repeat-row"]))
        if op == "drop-row":
            del rows[r]
        elif op == "repeat-row":
            rows.insert(r, list(rows[r]))
        elif op == "add-cell":
            rows[r].insert(draw(st.integers(0, len(rows[r]))), draw(cell))
        elif rows[r]:
            c = draw(st.integers(0, len(rows[r]) - 1))
            if op == "cell":
                rows[r][c] = draw(cell)
            else:
                del rows[r][c]
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _damage_car(draw: st.DrawFn) -> bytes:
    """A repository with one object (record, tree node, commit or header) damaged before
    it is encoded, so the links to it still hold."""
    target = draw(st.integers(0, repo_objects(RECORDS) - 1))
    links = [Link(cid_of(b"\xa0"))]

    def edit(i: int, obj: Any) -> Any:
        links.extend(v for p in _paths(obj) if isinstance(v := _at(obj, p), Link))
        return damage_tree(draw, obj, cbor_values(links)) if i == target else obj

    return repo_car(DID, RECORDS, edit)


def _at(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


@st.composite
def damaged_members(draw: st.DrawFn, seed: Seed, how: str) -> dict[str, bytes]:
    """The members of ``seed`` with one damaged, byte by byte or by its structure."""
    members = dict(seed.members)
    if how == "bytes":
        name = draw(st.sampled_from(sorted(members)))
        members[name] = draw(damaged_bytes(members[name]))
    elif "repo.car" in members:
        members["repo.car"] = _damage_car(draw)
    else:
        readable = [n for n in sorted(members) if n.endswith((".json", ".js", ".jsonl", ".csv"))]
        name = draw(st.sampled_from(readable))
        if name.endswith(".csv"):
            members[name] = _damage_csv(draw, members[name])
        else:
            members[name] = _damage_json(draw, members[name], name)
    return members


# --- the review ------------------------------------------------------------------------


def review(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["review", str(path), "--format", "json", "-j", "1", "--min-level", "low"])
    return code, out.getvalue(), err.getvalue()


def assert_clean_outcome(code: int, out: str, err: str) -> None:
    """0 or 1 with the JSON result (1 exactly when it flags a post), or 2 with one line."""
    assert "Traceback" not in err
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("postcheck: "), err
        return
    result = json.loads(out)
    assert (code == 1) == bool(result["flagged"]), (code, result["flagged"])


def _case(seed: Seed, draw: Callable[[Any], Any], how: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if how == "bytes" and seed.pack != "file" and draw(st.integers(0, 3)) == 0:
            # the zip or tar.gz itself damaged, once in four
            path = _pack(seed, seed.members, Path(tmp))
            path.write_bytes(draw(damaged_bytes(path.read_bytes())))
        else:
            path = _pack(seed, draw(damaged_members(seed, how)), Path(tmp))
        assert_clean_outcome(*review(path))


@pytest.mark.parametrize("how", ["bytes", "structure"])
@pytest.mark.parametrize("importer", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_review_of_a_damaged_export_exits_0_1_or_2(importer: str, how: str, data: st.DataObject):
    _case(SEEDS[importer], data.draw, how)


@pytest.mark.parametrize("importer", sorted(SEEDS))
def test_every_seed_is_a_valid_export_the_review_reads(importer: str, tmp_path: Path):
    seed = SEEDS[importer]
    code, out, err = review(_pack(seed, seed.members, tmp_path))
    assert code in (0, 1) and err == ""
    assert json.loads(out)["posts_reviewed"] > 0
