"""Two versions of the engine, side by side: the one-core batch throughput of each,
measured alternately in fresh processes, so that the machine's drift over the day
(10-20 % on this VM) hits both alike.

    git worktree add /tmp/old <commit>
    .venv/bin/python bench/side_by_side.py /tmp/old/src src          # 3 rounds

Each round runs every version once, in its own interpreter (``PYTHONPATH=<src>``),
pinned to CPU 0: ``assess_batch`` over the corpus posts (``corpus.py``, lang given,
default context), after a 5,000-post warm-up, best of 2 runs, the semantic layer's
cache of recent embeddings emptied before each (else a corpus that fits in it times the
cache). Prints posts/s per round and each version's best.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import ensure

CODE = r"""
import gc, json, os, sys, time
os.sched_setaffinity(0, {0})
from postcheck.engine import Context, Engine, Post
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
ctx = Context()
items = [(Post(r["text"], lang=r["lang"]), ctx) for r in rows]
engine = Engine()
engine.assess_batch(items[:5000])
try:  # the semantic layer's cache of recent embeddings (versions from 2026-12-02 on)
    from postcheck.engine.semantic import Encoder
    forget = Encoder.forget
except (ImportError, AttributeError):
    forget = lambda: None
best = float("inf")
for _ in range(2):
    forget()  # else the timed runs read the warm-up's embeddings back from the cache
    gc.collect()
    t = time.perf_counter()
    engine.assess_batch(items)
    best = min(best, time.perf_counter() - t)
print(round(len(items) / best))
"""


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "src", nargs="+", help="source directories (each holding the postcheck package)"
    )
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-n", type=int, default=100_000, help="corpus size")
    args = ap.parse_args()
    corpus = ensure(args.n)
    results: dict[str, list[int]] = {src: [] for src in args.src}
    for _ in range(args.rounds):
        for src in args.src:
            env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
            out = subprocess.run(
                [sys.executable, "-c", CODE, str(corpus)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            results[src].append(int(out.stdout.strip()))
    for src, rates in results.items():
        print(f"{src}: {', '.join(f'{r:,}' for r in rates)} posts/s; best {max(rates):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
