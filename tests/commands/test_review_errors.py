"""``postcheck review`` on exports that break an importer: exit 2 and one line that names
the file, never a traceback and never exit 1 (which means "something was flagged")."""

from __future__ import annotations

import subprocess
import sys

from archive_support import ARCHIVES
from archives.carwriter import repo_car
from postcheck.archives import mastodon
from postcheck.cli import main

POST = {
    "$type": "app.bsky.feed.post",
    "text": "Vote NDP on Monday!",
    "createdAt": "2024-11-19T00:52:55Z",
}


def test_bluesky_record_link_that_is_a_map_exits_2_with_one_line(tmp_path, capsys):
    # A toy PDS wrote the tree entry's record link ("v") as a map, not a CID link.
    def edit(_i: int, obj):
        if isinstance(obj, dict) and "e" in obj:
            obj = {**obj, "e": [{**e, "v": {"$link": "bafyrei"}} for e in obj["e"]]}
        return obj

    path = tmp_path / "repo.car"
    path.write_bytes(repo_car("did:plc:toy", {"app.bsky.feed.post/3ktoy": POST}, edit))
    assert main(["review", str(path), "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("postcheck: repo.car holds no posts") and "damaged" in err


def test_unexpected_importer_error_exits_2_naming_the_file(monkeypatch, capsys):
    def boom(*_args, **_kw):
        raise TypeError("can't concat dict to bytearray")

    monkeypatch.setattr(mastodon, "_to_post", boom)
    assert main(["review", str(ARCHIVES / "mastodon"), "-j", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("postcheck: outbox.json in mastodon could not be read")


def test_unexpected_importer_error_on_several_workers_exits_2():
    # In its own process, with a time limit: with workers the error crosses to a worker
    # and back, and one that does not unpickle there used to hang the review.
    code = (
        "from postcheck.archives import mastodon\n"
        "def boom(*a, **k):\n"
        '    raise TypeError("can\'t concat dict to bytearray")\n'
        "mastodon._to_post = boom\n"
        "from postcheck.cli import main\n"
        f"raise SystemExit(main(['review', {str(ARCHIVES / 'mastodon')!r}, '-j', '2']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "outbox.json in mastodon could not be read" in proc.stderr
