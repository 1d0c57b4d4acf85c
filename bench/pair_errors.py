"""How the engine gets a writer's context pairs wrong, with models that never saw the writer.

    .venv/bin/python bench/pair_errors.py w25              # train without w25, read its pairs
    .venv/bin/python bench/pair_errors.py w25 --examples 20

A context pair is the same text in two contexts with two levels (ids ending in ``a`` and
``b``). This trains both models on every writer but the one named (as one fold of
``bench/train_semantic.py --cross``), checks the writer's records with the real engine and
prints, for its pairs: how many get both levels right; how many get the same level for
both members (the context did not move the level), move the right way to the wrong
levels, or move the wrong way; the failures by the context factors the two members differ
in; and the levels of the pair members, expected against got. ``--examples`` prints pairs
the context did not move.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_semantic as ts
from postcheck.engine import LEVELS, Engine
from postcheck.evaluation import pair_of, predict


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("writer", help="the writer held out, e.g. w25")
    ap.add_argument("--examples", type=int, default=8, help="unmoved pairs to print")
    args = ap.parse_args()
    records = ts.load_corpus()
    if args.writer not in {r["writer"] for r in records}:
        print(f"no such writer in the corpus: {args.writer}", file=sys.stderr)
        return 2
    emb = ts.embeddings(records)
    rev, rlv = ts.rule_features(records)
    with ts.rules_without(args.writer, records, emb, rev, rlv) as (rules, held):
        preds = predict(Engine(rules), ts.as_records(held))

    members: dict[str, list[tuple[dict, str]]] = {}
    for r, (level, _codes) in zip(held, preds, strict=True):
        pair = pair_of(str(r["id"]))
        if pair is not None:
            members.setdefault(pair, []).append((r, level))
    pairs = [sorted(m, key=lambda x: str(x[0]["id"])) for m in members.values() if len(m) == 2]
    if not pairs:
        print(f"{args.writer} has no context pairs")
        return 0
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    outcome: Counter[str] = Counter()
    by_factor: Counter[tuple[str, ...]] = Counter()
    failed_by_factor: Counter[tuple[str, ...]] = Counter()
    levels: Counter[tuple[str, str]] = Counter()
    unmoved = []
    for (a, got_a), (b, got_b) in pairs:
        ca, cb = a.get("context") or {}, b.get("context") or {}
        factors = tuple(sorted(k for k in set(ca) | set(cb) if ca.get(k) != cb.get(k)))
        by_factor[factors] += 1
        levels[(a["expected_level"], got_a)] += 1
        levels[(b["expected_level"], got_b)] += 1
        if got_a == a["expected_level"] and got_b == b["expected_level"]:
            outcome["both levels right"] += 1
            continue
        failed_by_factor[factors] += 1
        expected = rank[b["expected_level"]] - rank[a["expected_level"]]
        moved = rank[got_b] - rank[got_a]
        if expected == 0:
            outcome["both should have the same level; one or both got another"] += 1
        elif moved == 0:
            outcome["the same level for both (the context did not move it)"] += 1
            unmoved.append((a, got_a, b, got_b))
        elif (moved > 0) == (expected > 0):
            outcome["moved the right way, to the wrong levels"] += 1
        else:
            outcome["moved the wrong way"] += 1

    n = len(pairs)
    print(f"{args.writer}: {n} context pairs, scored by models trained without {args.writer}")
    for label, count in outcome.most_common():
        print(f"  {count:>5} ({count / n:.3f})  {label}")
    print("failed / pairs, by the context factors the two members differ in:")
    for factors, count in by_factor.most_common():
        print(f"  {failed_by_factor[factors]:>5} / {count:<5} {', '.join(factors) or '(none)'}")
    print("pair members, expected level (rows) against got (columns):")
    print("          " + "".join(f"{lv:>10}" for lv in LEVELS))
    for e in LEVELS:
        print(f"{e:<10}" + "".join(f"{levels[(e, g)]:>10}" for g in LEVELS))
    for a, got_a, b, got_b in unmoved[: args.examples]:
        print(f"\n{a['id']} {a['text'][:160]!r}")
        for r, got in ((a, got_a), (b, got_b)):
            ctx = {k: v for k, v in (r.get("context") or {}).items() if v not in (None, False)}
            print(f"  {ctx}  expected {r['expected_level']} {r['expected_codes']}  got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
