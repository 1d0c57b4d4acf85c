"""postcheck next to two peer checkers, on the same generated posts, in the same run.

    .venv/bin/python bench/peers.py                  # 5,000-post subset for every tool, 3 runs
    .venv/bin/python bench/peers.py --subset 2000 --runs 1

The peers (not project dependencies; install them once):

    .venv/bin/pip install proselint==0.16.0
    (cd bench/node && npm install --no-audit --no-fund)     # alex 11.0.1, pinned in package.json

Each tool runs in its own process on the first ``--subset`` posts of
bench/out/posts.jsonl, through its own API for many posts: postcheck
``Engine().assess_batch([(Post(text, lang), Context()), ...])``; the peers have no batch
API, so one call per post: alex's JS API
``text(post)`` (plain-text mode, bench/node/alex_run.mjs); proselint
``LintFile("post", content=post).lint(DEFAULT)``. "in-loop posts/s" times the loop only
(start-up, imports, rule/model loading and reading excluded); "wall" is the whole process.
postcheck is also run on the full corpus. 100k figures for the peers are extrapolations
from the subset (subset loop time scaled linearly) and are printed as such.

Traps avoided (see ../shared/bench-notes.md): alex's CLI on one big file grows to
gigabytes (2.7 GiB for 100k lines) and slows down per post, so the API is called per post;
proselint caps results per file at ``max_errors`` (1000), so a whole-corpus file would stop
early: each post is its own ``LintFile`` and the script checks no post reached the cap.
proselint's ``CheckRegistry`` is empty until ``register_many(proselint.checks.__register__)``
is called (its CLI does it); an API loop without it lints nothing at ~100k posts/s, so the
worker registers the checks and refuses to run with none enabled.
None of the tools is pinned; each is single-threaded (CPU ~ wall; Node adds GC threads).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import BENCH, med, med_int, run_measured, show
from corpus import ensure, load_texts

NODE_DIR = BENCH / "node"


# --------------------------------------------------------------------------- workers
# Each worker runs in a child process and prints one JSON line.


def _worker_postcheck(path: Path, limit: int) -> dict[str, object]:
    t0 = time.perf_counter()
    from postcheck.engine import Context, Engine, Level, Post

    engine = Engine()
    setup = time.perf_counter() - t0
    posts = [Post(t, lang=lang) for t, lang in load_texts(path, limit)]
    ctx = Context()
    flagged = findings = 0
    c = time.process_time()
    t = time.perf_counter()
    for a in engine.assess_batch([(p, ctx) for p in posts]):
        findings += len(a.findings)
        flagged += a.level is not Level.LOW
    loop = time.perf_counter() - t
    return {
        "tool": "postcheck",
        "posts": len(posts),
        "loop_s": loop,
        "loop_cpu_s": time.process_time() - c,
        "setup_s": setup,
        "flagged": flagged,
        "findings": findings,
    }


def _worker_proselint(path: Path, limit: int) -> dict[str, object]:
    t0 = time.perf_counter()
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    # The registry starts empty: without this (what proselint's CLI does at start-up)
    # LintFile.lint runs no check at all and reports nothing, very fast.
    registry = CheckRegistry()
    if not registry.checks:
        registry.register_many(__register__)
    enabled = len(registry.get_all_enabled(DEFAULT["checks"]))
    if not enabled:
        raise SystemExit("proselint: no check enabled")
    setup = time.perf_counter() - t0
    texts = [t for t, _ in load_texts(path, limit)]
    cap = DEFAULT["max_errors"]
    flagged = findings = capped = 0
    c = time.process_time()
    t = time.perf_counter()
    for text in texts:
        n = len(LintFile("post", content=text).lint(DEFAULT))
        findings += n
        flagged += n > 0
        capped += n >= cap
    loop = time.perf_counter() - t
    return {
        "tool": "proselint",
        "posts": len(texts),
        "loop_s": loop,
        "loop_cpu_s": time.process_time() - c,
        "setup_s": setup,
        "flagged": flagged,
        "findings": findings,
        "posts_at_max_errors_cap": capped,
        "checks_enabled": enabled,
    }


WORKERS = {"postcheck": _worker_postcheck, "proselint": _worker_proselint}


# --------------------------------------------------------------------------- driver


def _tool_cmd(tool: str, path: Path, limit: int) -> list[str] | None:
    if tool == "alex":
        node = shutil.which("node")
        if node is None or not (NODE_DIR / "node_modules" / "alex").is_dir():
            return None
        return [node, str(NODE_DIR / "alex_run.mjs"), str(path), str(limit)]
    if tool == "proselint":
        import importlib.util

        if importlib.util.find_spec("proselint") is None:
            return None
    return [sys.executable, str(Path(__file__).resolve()), "--worker", tool, str(path), str(limit)]


HOW_TO_INSTALL = {
    "alex": "(cd bench/node && npm install --no-audit --no-fund)",
    "proselint": f"{sys.executable} -m pip install proselint==0.16.0",
}


def measure(tool: str, path: Path, limit: int, runs: int) -> dict[str, object] | None:
    cmd = _tool_cmd(tool, path, limit)
    if cmd is None:
        print(f"   {tool}: not installed, skipped. Install with: {HOW_TO_INSTALL[tool]}")
        return None
    print(f"   $ {show(cmd)}")
    outs, walls, cpus, rss = [], [], [], []
    for _ in range(runs):
        r = run_measured(cmd)
        if r.returncode != 0:
            raise SystemExit(f"{tool} failed ({r.returncode}):\n{r.stderr}")
        walls.append(r.wall_s)
        cpus.append(r.cpu_s)
        rss.append(r.max_rss_mib)
        outs.append(json.loads(r.stderr.strip().splitlines()[-1]))
    rates = [o["posts"] / o["loop_s"] for o in outs]
    cpu_rates = [o["posts"] / o["loop_cpu_s"] for o in outs]
    last = outs[-1]
    res = {
        "tool": tool,
        "cmd": show(cmd),
        "posts": last["posts"],
        "rates": rates,
        "cpu_rates": cpu_rates,
        "loop_s": [o["loop_s"] for o in outs],
        "setup_s": [o["setup_s"] for o in outs],
        "wall_s": walls,
        "cpu_s": cpus,
        "rss_mib": rss,
        "flagged": last["flagged"],
        "findings": last["findings"],
    }
    extra = {k: v for k, v in last.items() if k.startswith(("posts_at", "checks_"))}
    res.update(extra)
    print(
        f"     {tool}: {last['posts']:,} posts, in-loop {med_int(rates)} posts/s "
        f"({med_int(cpu_rates)} per CPU-second of the process); "
        f"loop {med(res['loop_s'])} s; setup {med(res['setup_s'])} s; "
        f"wall {med(walls)} s; CPU {med(cpus)} s; peak RSS {med(rss)} MiB; "
        f"flagged {last['flagged']:,} posts ({last['findings']:,} findings)"
        + "".join(f"; {k} {v}" for k, v in extra.items())
    )
    return res


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--worker":
        tool, path, limit = sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
        # figures go to stderr so that stdout can stay /dev/null in run_measured
        sys.stderr.write(json.dumps(WORKERS[tool](path, limit)) + "\n")
        return 0
    ap = argparse.ArgumentParser(description="postcheck vs alex and proselint")
    ap.add_argument("-n", type=int, default=100_000, help="posts in the corpus (default 100000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--subset", type=int, default=5_000, help="posts for the peers")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path, default=BENCH / "out" / "peers.json")
    args = ap.parse_args(argv)

    path = ensure(args.n, args.seed)
    print(f"$ {show([sys.executable, *sys.argv])}")
    print(
        f"corpus: {path} ({args.n:,} posts, seed {args.seed}); subset for the peers: first "
        f"{args.subset:,}; {args.runs} runs each; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    results: dict[str, dict[str, object]] = {}
    print(f"same {args.subset:,} posts, each tool in its own process:")
    for tool in ("postcheck", "alex", "proselint"):
        r = measure(tool, path, args.subset, args.runs)
        if r is not None:
            results[tool] = r
    print(f"\npostcheck on the whole corpus ({args.n:,} posts):")
    full = measure("postcheck", path, args.n, args.runs)

    print(
        "\nsummary (in-loop posts/s, median; per CPU-second in brackets; ratio = postcheck / "
        "peer on the same subset, wall and CPU):"
    )
    pc = statistics.median(results["postcheck"]["rates"])  # type: ignore[arg-type]
    pc_cpu = statistics.median(results["postcheck"]["cpu_rates"])  # type: ignore[arg-type]
    print(f"   {'tool':<10} {'posts/s':>10} {'(CPU)':>10} {'ratio':>14}   100k posts")
    for tool, r in results.items():
        rate = statistics.median(r["rates"])  # type: ignore[arg-type]
        cpu_rate = statistics.median(r["cpu_rates"])  # type: ignore[arg-type]
        if tool == "postcheck":
            assert full is not None
            t100 = statistics.median(full["loop_s"])  # type: ignore[arg-type]
            note = f"{t100:,.1f} s loop (measured, {args.n:,} posts)"
        else:
            note = (
                f"~{args.n / rate:,.0f} s (~{args.n / rate / 60:,.1f} min) loop: "
                f"EXTRAPOLATED from {r['posts']:,} posts, not measured"
            )
        ratio = "1" if tool == "postcheck" else f"{pc / rate:,.0f}x ({pc_cpu / cpu_rate:,.0f}x)"
        print(f"   {tool:<10} {rate:>10,.0f} {f'({cpu_rate:,.0f})':>10} {ratio:>14}   {note}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"subset": results, "postcheck_full": full}, indent=1))
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"raw figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
