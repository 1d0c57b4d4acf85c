"""End-to-end benchmark of ``postcheck review`` on a synthetic X archive.

    python bench/review_bench.py                 # 100,000 posts
    python bench/review_bench.py -n 1000000      # a million
    python bench/review_bench.py --breakdown     # also time parsing and the engine alone

Runs the real CLI in a subprocess (parse + assess on all cores + HTML and JSON reports)
and prints wall time, posts/s and peak memory: the largest single process (getrusage
RUSAGE_CHILDREN, like /usr/bin/time -v) and the sum over the process tree (main +
workers, sampled from /proc every 50 ms). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def run_review(archive: Path, jobs: int) -> dict[str, float]:
    report, out_json = OUT / "bench-report.html", OUT / "bench-result.json"
    cmd = [
        sys.executable,
        "-c",
        "from postcheck.cli import main; raise SystemExit(main())",
        "review",
        str(archive),
        "--report",
        str(report),
        "--format",
        "json",
        "-o",
        str(out_json),
        "--jobs",
        str(jobs),
    ]
    peak_tree = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.is_set():
            peak_tree = max(peak_tree, tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"review failed ({proc.returncode}): {err.decode()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    import json

    with open(out_json, "rb") as fh:
        result = json.load(fh)
    return {
        "wall": wall,
        "max_rss_mb": usage.ru_maxrss / 1024,
        "tree_rss_mb": peak_tree / 1024 / 1024,
        "reviewed": result["posts_reviewed"],
        "reposts": result["reposts"],
        "flagged": len(result["flagged"]),
        "report_mb": report.stat().st_size / 1024 / 1024,
    }


def breakdown(archive: Path) -> None:
    """Parse only, then the engine alone on the same posts (one core, in process)."""
    from postcheck.archives import open_export
    from postcheck.engine import Context, Engine

    export = open_export(archive)
    t0, c0 = time.perf_counter(), time.process_time()
    posts = [p for p in export.posts() if p.kind != "repost"]
    parse, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    engine = Engine()
    ctx = Context()
    t0, c0 = time.perf_counter(), time.process_time()
    engine.assess_batch([(p, ctx) for p in posts])
    assess, assess_cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(posts)
    # CPU seconds are what a loaded machine does not distort; wall is shown too.
    print(
        f"  parse only (1 core): wall {parse:.2f} s, CPU {parse_cpu:.2f} s, "
        f"{n / parse_cpu:,.0f} posts per CPU-second"
    )
    print(
        f"  engine only (1 core): wall {assess:.2f} s, CPU {assess_cpu:.2f} s, "
        f"{n / assess_cpu:,.0f} posts per CPU-second"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="posts in the archive")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (0 = all cores)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--breakdown", action="store_true")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    archive = OUT / f"x-{args.n}.zip"
    if not archive.exists():
        sys.path.insert(0, str(HERE))
        from gen_exports import write_x

        t0 = time.perf_counter()
        write_x(archive, args.n, 42)
        print(
            f"generated {archive.name} ({archive.stat().st_size / 1e6:.1f} MB zip) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"postcheck review of {args.n:,} X posts; cores available: "
        f"{len(os.sched_getaffinity(0))}; load average before the run: {load}"
    )
    for run in range(args.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run_review(archive, args.jobs)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(
            f"  run {run + 1}: wall {r['wall']:.2f} s, CPU {cpu:.2f} s (all processes), "
            f"{r['reviewed'] / r['wall']:,.0f} posts/s "
            f"reviewed ({r['reviewed']:,} reviewed + {r['reposts']:,} reposts counted, "
            f"{r['flagged']:,} flagged), peak RSS largest process {r['max_rss_mb']:.0f} MB, "
            f"whole tree {r['tree_rss_mb']:.0f} MB, HTML report {r['report_mb']:.1f} MB"
        )
    if args.breakdown:
        breakdown(archive)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
