"""How well the policy's context lifts (``semantic.code_lifts``) explain the corpus's labels.

    .venv/bin/python bench/lift_coverage.py

A context pair is one text in two contexts. Where its two members' levels differ by one
step, levels.md §4 says some fact of the higher member's context lifts one of its codes.
This prints, for every pair of the corpus (the writers' labels, no model): the two levels,
whether a lift applies to the pair's codes in the lower and in the higher member's context,
and how many pairs fall in each case; then, for every post with a code, whether a lift
applies against its level. Nothing is trained; it reads only rules/training.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_semantic as ts
from postcheck.engine import CODES, LEVELS, Context
from postcheck.engine.semantic import code_lifts, context_vector
from postcheck.evaluation import pair_of


def lifted(record: dict, codes: set[str]) -> bool:
    lifts = code_lifts(context_vector(Context.from_dict(record.get("context"))))
    return any(lifts[CODES.index(c)] for c in codes)


def main() -> int:
    records = ts.load_corpus()
    posts: Counter[tuple[str, bool]] = Counter()
    for r in records:
        if r["expected_codes"]:
            posts[(r["expected_level"], lifted(r, set(r["expected_codes"])))] += 1
    members: dict[str, list[dict]] = {}
    for r in records:
        pair = pair_of(str(r["id"]))
        if pair is not None:
            members.setdefault(pair, []).append(r)
    pairs: Counter[tuple[str, str, bool, bool]] = Counter()
    for m in members.values():
        if len(m) != 2:
            continue
        lo, hi = sorted(m, key=lambda r: LEVELS.index(r["expected_level"]))
        codes = set(lo["expected_codes"]) | set(hi["expected_codes"])
        pairs[
            (lo["expected_level"], hi["expected_level"], lifted(lo, codes), lifted(hi, codes))
        ] += 1
    print(
        f"{sum(pairs.values())} context pairs: lower level, higher level, lift in lower, in higher"
    )
    yes = {True: "lift", False: "-"}
    for (a, b, la, lb), n in sorted(pairs.items(), key=lambda x: -x[1]):
        print(f"  {n:>6}  {a:<9} {b:<9} {yes[la]:<5} {yes[lb]}")
    print("posts with a code: level, whether a lift applies to one of its codes")
    for (level, lift), n in sorted(posts.items()):
        print(f"  {n:>6}  {level:<9} {yes[lift]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
