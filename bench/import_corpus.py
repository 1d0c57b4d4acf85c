"""Bring a writer's batches into the training corpus, checked.

    .venv/bin/python bench/import_corpus.py /path/to/corpus/w1 [more writer folders]

Each folder holds one writer's ``batch_*.jsonl`` (the writers' brief asks for that
layout; see bench/README.md, "The training corpus"). Every record is validated (the
dev-set schema plus ``writer``); context-pair members get the ids the evaluation reads
as a pair (``w1p0001a``, ``w1p0001b``); a record whose text is already in the corpus
(another writer's, except its own pair) or in an evaluation set (../shared/eval beside
the project, and the tests' labelled sets in tests/fixtures/rules) is dropped, and every
drop is printed with its reason. The result replaces
src/postcheck/rules/training/<writer>.jsonl.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import orjson

from postcheck.engine import CODES, LEVELS, PLATFORMS, Context, InputError

ROOT = Path(__file__).resolve().parent.parent
TRAIN_DIR = ROOT / "src" / "postcheck" / "rules" / "training"
EVAL_DIR = ROOT.parent / "shared" / "eval"
# labelled posts the tests score the engine on (never trained on)
TEST_SETS = ROOT / "tests" / "fixtures" / "rules"
KEYS = (
    "id",
    "writer",
    "lang",
    "platform",
    "text",
    "context",
    "expected_level",
    "expected_codes",
    "rationale",
)


def norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def problem(r: dict) -> str | None:
    if not isinstance(r.get("text"), str) or not r["text"].strip():
        return "no text"
    if r.get("lang") not in ("en", "fr"):
        return f"lang {r.get('lang')!r}"
    if r.get("platform") not in PLATFORMS:
        return f"platform {r.get('platform')!r}"
    if r.get("expected_level") not in LEVELS:
        return f"level {r.get('expected_level')!r}"
    codes = r.get("expected_codes")
    if not isinstance(codes, list) or not set(codes) <= set(CODES):
        return f"codes {codes!r}"
    if (r["expected_level"] == "low") != (not codes):
        return "codes must be empty if and only if the level is low"
    if not isinstance(r.get("rationale"), str) or len(r["rationale"]) < 10:
        return "no rationale"
    try:
        Context.from_dict(r.get("context"))
    except InputError as exc:
        return f"context: {exc}"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("folders", nargs="+", type=Path)
    args = ap.parse_args()
    taken = _texts_taken(incoming={f.name for f in args.folders})
    for folder in args.folders:
        writer = folder.name
        raw = _read_batches(folder)
        drops: Counter[str] = Counter()
        kept, pairs = _screen(raw, taken, drops)
        out = _numbered(writer, kept, pairs, drops)
        for r in out:
            taken[norm(r["text"])] = f"{writer}.jsonl"
        dest = TRAIN_DIR / f"{writer}.jsonl"
        dest.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in out))
        langs = Counter(r["lang"] for r in out)
        levels = Counter(r["expected_level"] for r in out)
        members = sum(1 for r in out if r["id"][-1] in "ab" and "p" in r["id"])
        print(
            f"{writer}: {len(raw)} read, {len(out)} kept -> {dest.relative_to(ROOT)} "
            f"({dict(langs)}; {dict(levels)}; {members} pair members)"
        )
        for why, count in drops.most_common():
            print(f"  dropped {count}: {why}")
    return 0


def _texts_taken(incoming: set[str]) -> dict[str, str]:
    """Normalized text -> where it already is: every evaluation set, and the corpus files
    of writers not being imported now (their texts may not come back)."""
    taken: dict[str, str] = {}
    for path in sorted([*EVAL_DIR.glob("*.jsonl"), *TEST_SETS.glob("*.jsonl")]):
        for line in path.read_bytes().splitlines():
            if line.strip():
                taken[norm(orjson.loads(line)["text"])] = f"evaluation set {path.name}"
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        if path.stem in incoming:
            continue
        for line in path.read_bytes().splitlines():
            if line.strip():
                taken.setdefault(norm(orjson.loads(line)["text"]), path.name)
    return taken


def _read_batches(folder: Path) -> list[dict]:
    """Every record of a writer's batch files; a line that is not JSON is printed and dropped."""
    raw: list[dict] = []
    for batch in sorted(folder.glob("*.jsonl")):
        for lineno, line in enumerate(batch.read_bytes().splitlines(), 1):
            if not line.strip():
                continue
            try:
                raw.append(orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                print(f"  drop {batch.name}:{lineno}: not JSON ({exc})")
    return raw


def _screen(
    raw: list[dict], taken: dict[str, str], drops: Counter[str]
) -> tuple[list[dict], dict[str, list[dict]]]:
    """The valid, new records: single posts, and context pairs by pair id; each drop counted
    by its reason."""
    pairs: dict[str, list[dict]] = defaultdict(list)
    kept: list[dict] = []
    seen: dict[str, str] = {}
    for r in raw:
        why = problem(r)
        key = norm(r.get("text") or "")
        pair = r.get("pair")
        if why is None and key in taken:
            why = f"text already in {taken[key]}"
        if why is None and key in seen and (pair is None or seen[key] != pair):
            why = "text repeated by the same writer outside a pair"
        if why is not None:
            drops[why.split(" (")[0]] += 1
            continue
        seen[key] = pair or ""
        if pair:
            pairs[pair].append(r)
        else:
            kept.append(r)
    return kept, pairs


def _numbered(
    writer: str, kept: list[dict], pairs: dict[str, list[dict]], drops: Counter[str]
) -> list[dict]:
    """The corpus records with their ids: singles numbered first, then each pair whose
    members differ in level (ids ``<writer>p<n>a``, ``b``, ``c``)."""
    n = 0
    out: list[dict] = []
    for r in kept:
        n += 1
        out.append(_record(r, f"{writer}-{n:05d}", writer))
    for pair_id in sorted(pairs):
        members = pairs[pair_id]
        if len({m["expected_level"] for m in members}) < 2 or len(members) > 3:
            drops["a pair whose members do not differ in level"] += len(members)
            continue
        n += 1
        for suffix, m in zip("abc", members, strict=False):
            out.append(_record(m, f"{writer}p{n:05d}{suffix}", writer))
    return out


def _record(r: dict, rid: str, writer: str) -> dict:
    out = {k: r[k] for k in KEYS if k in r}
    out["id"] = rid
    out["writer"] = writer
    out["expected_codes"] = sorted(set(r["expected_codes"]), key=CODES.index)
    out["context"] = Context.from_dict(r["context"]).to_dict()
    if r.get("negative"):
        out["negative"] = True
    return out


if __name__ == "__main__":
    sys.exit(main())
