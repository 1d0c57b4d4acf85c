"""How far two independent labellers agree on the corpus: a random 5% relabelled blind.

    .venv/bin/python bench/agreement.py                 # figures, per writer, and the disagreements
    .venv/bin/python bench/agreement.py --list 40       # show 40 disagreements
    .venv/bin/python bench/agreement.py --apply         # write the adjudicated labels into the corpus

src/postcheck/rules/training/relabel/*.jsonl hold the second labeller's labels
(``id``, ``expected_level``, ``expected_codes``, ``rationale``), given blind: they saw
the text, the platform and the context, never the first labels. This prints level
agreement, Cohen's kappa on level, code micro-F1 and macro-F1 (the first labels as
reference), per writer and overall, and the records where the two disagree.

Disagreements go to a third, independent adjudicator (with the level policy and
docs/labelling.md's conventions); ``relabel/adjudicated_*.jsonl`` hold the decisions
(``chose``: A, B or neither) and ``--apply`` writes them into the corpus files, marking
each record ``adjudicated: true``. The figures compare the second labels with the
corpus as it now is (after adjudication, where one of the two labels was kept).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import orjson

from postcheck.engine import CODES, LEVELS

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT / "src" / "postcheck" / "rules" / "training"


def load(path: Path) -> list[dict]:
    return [orjson.loads(x) for x in path.read_bytes().splitlines() if x.strip()]


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[lv] * cb[lv] for lv in LEVELS) / (n * n)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def code_f1(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float]:
    tp = fp = fn = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for ref, got in pairs:
        for c in CODES:
            if c in ref and c in got:
                tp += 1
                per[c][0] += 1
            elif c in got:
                fp += 1
                per[c][1] += 1
            elif c in ref:
                fn += 1
                per[c][2] += 1
    micro = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    f1s = [2 * t / (2 * t + p + n) for t, p, n in per.values() if t + p + n]
    return micro, (sum(f1s) / len(f1s) if f1s else 0.0)


def apply_adjudications() -> int:
    decided: dict[str, dict] = {}
    for path in sorted((TRAIN / "relabel").glob("adjudicated_*.jsonl")):
        for r in load(path):
            decided[str(r["id"])] = r
    changed = 0
    for path in sorted(TRAIN.glob("*.jsonl")):
        rows = load(path)
        touched = False
        for r in rows:
            d = decided.get(str(r["id"]))
            if d is None:
                continue
            new = (d["expected_level"], sorted(d["expected_codes"], key=CODES.index))
            if (r["expected_level"], r["expected_codes"]) != new or not r.get("adjudicated"):
                r["expected_level"], r["expected_codes"] = new
                r["rationale"] = d["rationale"]
                r["adjudicated"] = True
                changed += 1
                touched = True
        if touched:
            path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    print(f"{len(decided)} adjudicated records; {changed} written")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--list", type=int, default=0, help="disagreements to print")
    ap.add_argument("--apply", action="store_true", help="write adjudicated labels into the corpus")
    args = ap.parse_args()
    if args.apply:
        return apply_adjudications()
    first: dict[str, dict] = {}
    for path in sorted(TRAIN.glob("*.jsonl")):
        for r in load(path):
            first[str(r["id"])] = r
    second: dict[str, dict] = {}
    for path in sorted((TRAIN / "relabel").glob("*.jsonl")):
        for r in load(path):
            second[str(r["id"])] = r
    # agreement is measured against the first labels as given, before adjudication
    for path in sorted((TRAIN / "relabel").glob("adjudicated_*.jsonl")):
        for r in load(path):
            if str(r["id"]) in first and "first_label" in r:
                first[str(r["id"])] = {**first[str(r["id"])], **r["first_label"]}
    ids = [i for i in second if i in first]
    missing = len(second) - len(ids)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[first[i].get("writer") or "team"].append(i)
    groups["all"] = ids
    print(
        f"relabelled blind: {len(ids)} of {len(first)} records ({len(ids) / len(first):.1%})"
        + (f"; {missing} relabelled ids no longer in the corpus" if missing else "")
    )
    print(
        f"{'writer':<8} {'n':>5} {'level agreement':>16} {'kappa':>6} {'code micro-F1':>14} {'code macro-F1':>14}"
    )
    for name in sorted(groups, key=lambda g: (g == "all", g)):
        sel = groups[name]
        a = [first[i]["expected_level"] for i in sel]
        b = [second[i]["expected_level"] for i in sel]
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(sel)
        micro, macro = code_f1(
            [(set(first[i]["expected_codes"]), set(second[i]["expected_codes"])) for i in sel]
        )
        print(
            f"{name:<8} {len(sel):>5} {agree:>16.3f} {kappa(a, b):>6.3f} {micro:>14.3f} {macro:>14.3f}"
        )
    confusion = Counter((first[i]["expected_level"], second[i]["expected_level"]) for i in ids)
    print("levels, first labeller (rows) against second (columns):")
    print("          " + "".join(f"{lv:>10}" for lv in LEVELS))
    for x in LEVELS:
        print(f"{x:<10}" + "".join(f"{confusion[(x, y)]:>10}" for y in LEVELS))
    shown = 0
    for i in ids:
        if shown >= args.list:
            break
        f, s = first[i], second[i]
        if f["expected_level"] != s["expected_level"] or set(f["expected_codes"]) != set(
            s["expected_codes"]
        ):
            shown += 1
            print(
                f"\n{i} [{f['lang']}] {f['text'][:200]!r}\n  context {f['context']}\n"
                f"  first:  {f['expected_level']} {f['expected_codes']} — {f['rationale']}\n"
                f"  second: {s['expected_level']} {s['expected_codes']} — {s.get('rationale', '')}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
