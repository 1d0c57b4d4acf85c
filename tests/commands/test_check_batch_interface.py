"""The batch interface, exactly: ``postcheck check --input FILE --format jsonl`` writes one
line per input line, in input order, each ``{"id", "level", "codes", "findings"}``, and
the output does not depend on the number of worker processes."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from postcheck.engine import CODES

CLI = [sys.executable, "-c", "from postcheck.cli import main; raise SystemExit(main())"]
KEYS = ["id", "level", "codes", "findings"]
FINDING_KEYS = {"code", "rule_id", "start", "end", "matched", "message", "weight", "source"}

EN = [
    "the",
    "my",
    "our",
    "coffee",
    "bus",
    "team",
    "meeting",
    "weekend",
    "snow",
    "dog",
    "kids",
    "hockey",
    "lunch",
    "report",
    "walk",
    "great",
    "tired",
    "finally",
    "again",
    "with",
    "for",
    "at",
    "on",
    "today",
    "tomorrow",
]
FR = [
    "le",
    "la",
    "mon",
    "notre",
    "café",
    "autobus",
    "équipe",
    "réunion",
    "fin",
    "de",
    "semaine",
    "neige",
    "chien",
    "enfants",
    "hockey",
    "dîner",
    "rapport",
    "marche",
    "super",
    "fatigué",
    "enfin",
    "encore",
    "avec",
    "pour",
]
CUES = [
    "Vote NDP on Monday!",
    "Never again Poilievre",
    "Votez Bloc Québécois!",
    "merde",
    "fuck this",
    "Call me at 613-555-0199",
    "jean.t@gmail.com",
    "PROTECTED B",
    "https://t.co/AbC123xyz",
    "#cdnpoli",
    "@CBCNews",
    "😂🇨🇦",
    "views are my own",
    "Party of 6 at brunch",
    "K1A 0B1",
    "123 Main Street",
    "\u202eRTL",
    "ß\x00\t",
]
IDS = [
    lambda i: f"post-{i}",
    lambda i: i,
    lambda i: -i,
    lambda i: i + 0.5,
    lambda i: f"é{i}🙂",
    lambda i: 2**62 + i,
    lambda i: str(i),
    lambda i: None,
]


def make_batch(n: int, seed: int = 7) -> tuple[list[bytes], list[object]]:
    rng = random.Random(seed)
    lines, ids = [], []
    for i in range(n):
        lang = rng.choice(["en", "fr", None])
        words = EN if lang != "fr" else FR
        parts = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 20)))]
        for _ in range(rng.choice([0, 0, 1, 2])):
            parts.insert(rng.randint(0, len(parts)), rng.choice(CUES))
        rec: dict[str, object] = {"id": IDS[i % len(IDS)](i), "text": " ".join(parts)}
        if lang:
            rec["lang"] = lang
        if rng.random() < 0.3:
            rec["context"] = {
                "role": rng.choice(["employee", "manager", "executive"]),
                "followers": rng.randint(0, 20_000),
                "election_period": rng.random() < 0.5,
            }
        ids.append(rec["id"])
        lines.append(orjson.dumps(rec) + b"\n")
    return lines, ids


def run_batch(path: Path, *extra: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*CLI, "check", "--input", str(path), "--format", "jsonl", *extra],
        capture_output=True,
        timeout=300,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, list[object]]:
    lines, ids = make_batch(2_000)
    path = tmp_path_factory.mktemp("batch") / "posts.jsonl"
    path.write_bytes(b"".join(lines))
    return path, ids


@pytest.fixture(scope="module")
def out_jobs1(batch) -> bytes:
    return run_batch(batch[0], "--jobs", "1").stdout


def test_one_line_per_input_line_with_exactly_the_four_keys(batch, out_jobs1):
    _, ids = batch
    out = out_jobs1.decode("utf-8").splitlines()
    assert len(out) == len(ids)
    for line in out:
        rec = orjson.loads(line)
        assert list(rec) == KEYS
        assert rec["level"] in ("low", "moderate", "high")
        assert rec["codes"] == sorted(rec["codes"]) and set(rec["codes"]) <= set(CODES)
        for f in rec["findings"]:
            assert set(f) >= FINDING_KEYS
            assert f["code"] in rec["codes"]


def test_ids_are_preserved_in_input_order(batch, out_jobs1):
    _, ids = batch
    got = [orjson.loads(line)["id"] for line in out_jobs1.decode("utf-8").splitlines()]
    assert got == ids
    assert {type(i) for i in got} == {str, int, float, type(None)}


def test_findings_index_the_input_text(batch, out_jobs1):
    path, _ = batch
    texts = [orjson.loads(line)["text"] for line in path.read_bytes().splitlines()]
    for text, line in zip(texts, out_jobs1.decode("utf-8").splitlines(), strict=True):
        for f in orjson.loads(line)["findings"]:
            assert text[f["start"] : f["end"]] == f["matched"]


def test_some_posts_raise_considerations(out_jobs1):
    levels = [orjson.loads(line)["level"] for line in out_jobs1.decode("utf-8").splitlines()]
    assert "low" in levels and {"moderate", "high"} & set(levels)


def test_two_workers_give_the_same_bytes_as_one(batch, out_jobs1):
    assert run_batch(batch[0], "--jobs", "2").stdout == out_jobs1


def test_stdin_input_gives_the_same_bytes(batch, out_jobs1):
    proc = subprocess.run(
        [*CLI, "check", "--input", "-", "--format", "jsonl", "--jobs", "1"],
        input=batch[0].read_bytes(),
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1)
    assert proc.stdout == out_jobs1


def test_exit_status_follows_fail_on(batch):
    assert run_batch(batch[0], "--jobs", "1", "--fail-on", "never").returncode == 0
    assert run_batch(batch[0], "--jobs", "1", "--fail-on", "low").returncode == 1


def test_output_is_the_same_whatever_the_hash_seed(tmp_path):
    """Findings on the same span and code come in rule-id order, and nothing depends on
    the order of a set: two runs with different string-hash seeds give the same bytes."""
    import os

    from postcheck.engine.packs import default_rules_dir

    path = tmp_path / "labelled.jsonl"
    # every eighth labelled post (the corpus is large; the semantic layer reads most)
    lines = [
        x
        for p in sorted((default_rules_dir() / "training").glob("*.jsonl"))
        for x in p.read_bytes().splitlines()
        if x.strip()
    ][::8]
    path.write_bytes(b"".join(x + b"\n" for x in lines))
    outs = []
    for seed in ("1", "2", "3"):
        proc = subprocess.run(
            [*CLI, "check", "--input", str(path), "--format", "jsonl", "--jobs", "1"],
            capture_output=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
        outs.append(proc.stdout)
    assert outs[0] == outs[1] == outs[2]
    assert outs[0].count(b"\n") > 2000


def test_the_context_flags_apply_to_every_line_and_a_line_s_context_overrides_them(
    tmp_path: Path,
) -> None:
    """The command line's context is the batch's: each line is judged exactly as a single
    check with the same flags, and a line's own ``context`` changes only the fields it
    names."""
    text = "The new ferry-fare subsidy is a mess"
    flags = ["--role", "executive", "--followers", "50000", "--identifiable"]
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        orjson.dumps({"id": "flags", "text": text})
        + b"\n"
        + orjson.dumps({"id": "line", "text": text, "context": {"role": "employee"}})
        + b"\n"
    )
    out = [orjson.loads(x) for x in run_batch(path, *flags).stdout.splitlines()]

    def single(*extra: str) -> str:
        proc = subprocess.run(
            [*CLI, "check", text, "--format", "json", *extra],
            capture_output=True,
            timeout=120,
        )
        return orjson.loads(proc.stdout)["level"]

    assert out[0]["level"] == single(*flags)
    everyone = ["--followers", "50000", "--identifiable"]
    assert out[1]["level"] == single(*everyone)
    # the flags made a difference here, so the test can tell them applied
    assert single(*flags) != single()
