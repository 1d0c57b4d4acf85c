"""Fuzz the batch path against the full check of every post.

    .venv/bin/python bench/fuzz_batch.py --seed 1 -n 10000     # ~1 min on one core

Builds N random posts from the rule packs' own words and pattern fragments, mixed with
identifiers, markings, URLs, emoji, odd letters (İ ı ſ K, astral characters), separators
and random case; checks them with ``Engine.assess_batch`` in three contexts (default,
the riskiest, an authorized communications officer about their own work), with the
language given, given the other way or detected; and compares every result with
``Engine.assess_exhaustive`` (the full check of one post, no pre-check). Prints the
number of posts compared and of differences (the first few in full); exits 1 on any.
"""

from __future__ import annotations

import argparse
import random
import re
import sys

from postcheck.engine import Context, Engine, Post

EXTRA = [
    "#",
    "?!",
    "😂",
    "🙄",
    "✈️",
    "K1A 0B1",
    "613-555-0199",
    "046 454 286",
    "jo@x.ca",
    "http://ndp.ca/x",
    "www.canada.ca",
    "PROTECTED B",
    "Protected b",
    "SECRET",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "_",
    "l'",
    "d'",
    "-",
    ".",
    ",",
    "\n",
    "  ",
    "é",
    "É",
    "Œ",
    "M.",
    "Mr.",
    "Dr",
    "45",
    "1999",
    "\u00a0",
    "'s",
    "…",
    "«",
    "»",
    "(",
    ")",
    "$",
    "%",
    "@",
    "__init__",
    "ʼ",
    "αβ",
    "日本",
    "\U00020000",
    "\U0001d7ce",
    "\U000e0041",
    "a\U00020001b",
]
SEPARATORS = [" ", " ", " ", "", ", ", ". ", "\n", "-", "'", "_", "#", "/"]
CONTEXTS = [
    Context(),
    Context(role="executive", followers=20_000, identifiable=True, election_period=True),
    Context(role="communications", about_own_work=True, authorized=True),
]


def posts(engine: Engine, n: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    for matcher in engine.matchers.values():
        words.update(matcher.entries)
        for pat in matcher.kinds["pattern"].regexes.values():
            words.update(re.findall(r"[a-z']{2,}", pat.pattern))
    vocab = sorted(words)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 14)):
            parts.append(rng.choice(vocab) if rng.random() < 0.75 else rng.choice(EXTRA))
            parts.append(rng.choice(SEPARATORS))
        text = "".join(parts)
        roll = rng.random()
        out.append(text.upper() if roll < 0.2 else text.title() if roll < 0.36 else text)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-n", type=int, default=10_000, help="posts per context")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    engine = Engine()
    texts = posts(engine, args.n, rng)
    compared = differ = 0
    for ctx in CONTEXTS:
        items = [(Post(t, lang=rng.choice(["en", "fr", None])), ctx) for t in texts]
        for (post, c), got in zip(items, engine.assess_batch(items), strict=True):
            compared += 1
            want = engine.assess_exhaustive(post, c)
            if got != want:
                differ += 1
                if differ <= 5:
                    print(
                        f"DIFF {post.text!r:.200} {c}",
                        [f.rule_id for f in got.findings],
                        [f.rule_id for f in want.findings],
                    )
    print(f"seed {args.seed}: {compared:,} posts compared, {differ:,} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
