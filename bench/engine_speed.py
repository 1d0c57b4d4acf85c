"""How fast is the engine? Prints every figure with the way it was measured.

    .venv/bin/python bench/engine_speed.py                 # 100k posts, 5 runs (about 3 min)
    .venv/bin/python bench/engine_speed.py -n 20000 --runs 3 --cli-runs 1   # quicker

Figures (median of the counted runs, min–max in brackets):

1. rule compile time: ``Engine()`` construction in this process (imports already done),
   and a fresh interpreter doing ``from postcheck.engine import Engine; Engine()``;
2. single-post latency: ``engine.assess(Post(text, lang), Context())`` timed one call at a
   time with ``perf_counter_ns`` over >= 10,000 calls on corpus posts (median and p99);
3. in-process batch throughput on one core (pinned with ``os.sched_setaffinity(0, {0})``):
   ``engine.assess_batch`` over all N pre-built ``(Post, Context)`` pairs (the batch method:
   chunks of 1,024 folded, tokenized, scored and pre-checked together; the full check
   only for posts where something may be raised), reading excluded; and, for comparison,
   a loop of ``engine.assess`` (one post at a time, as the web app and API call it), and
   ``assess_batch`` with every post in the riskiest context (fewer posts skip the full
   check there);
4. the batch CLI on all cores and with ``--jobs 1``: whole-process wall time of
   ``postcheck check --input posts.jsonl --format jsonl -o /dev/null`` (start-up, reading,
   JSON in and out included), CPU of the whole process tree, peak RSS;
5. peak RSS of this process, and a cProfile summary of the batch loop (top 15 by tottime).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import (
    BENCH,
    med,
    med_int,
    percentile,
    postcheck_cmd,
    run_measured,
    self_peak_rss_mib,
    show,
)
from corpus import ensure, load_texts

TARGETS = {  # issue 2 (compile) and issue 10 (the rest)
    "compile_s": 0.3,
    "latency_p99_ms": 30.0,
    "cli_posts_per_s": 5_000,
}


def semantic_share(engine, posts) -> dict[str, float]:
    """Share of posts the semantic layer reads (default context): counted by wrapping
    its judge() during one untimed batch."""
    from postcheck.engine import Context, Post
    from postcheck.engine.text import fold

    if engine.semantic is None or engine.learned is None:
        return {"read": 0.0, "gated": 0.0}
    calls = []
    real = engine.semantic.judge
    engine.semantic.judge = lambda *a, **k: calls.append(1) or real(*a, **k)
    try:
        engine.assess_batch([(Post(text, lang=lang), None) for text, lang in posts])
    finally:
        engine.semantic.judge = real
    ctx = Context()
    gated = sum(
        engine.semantic.gate(engine.learned.text_scores(engine.learned.scores(fold(t), ctx), ctx))
        for t, _lang in posts
    )
    return {"read": len(calls) / len(posts), "gated": gated / len(posts)}


def training_corpus() -> Path:
    """The training corpus's posts as {"id", "text", "lang"} lines in bench/out (about
    two thirds of them raise something: the riskiest realistic mix there is)."""
    out = BENCH / "out" / "training-posts.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in sorted((BENCH.parent / "src" / "postcheck" / "rules" / "training").glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append(
                    json.dumps(
                        {"id": r["id"], "text": r["text"], "lang": r["lang"]}, ensure_ascii=False
                    )
                )
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out


def _pin(cpus: set[int]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cpus)


def compile_time(runs: int) -> dict[str, list[float]]:
    from postcheck.engine import Engine

    Engine()  # warm-up: first use imports lazily loaded modules
    in_proc, in_proc_cpu = [], []
    for _ in range(runs):
        c = time.thread_time()
        t = time.perf_counter()
        Engine()
        in_proc.append(time.perf_counter() - t)
        in_proc_cpu.append(time.thread_time() - c)
    code = (
        "import time; t = time.perf_counter(); from postcheck.engine import Engine; "
        "t1 = time.perf_counter(); c = time.process_time(); Engine(); "
        "t2 = time.perf_counter(); print(t1 - t, t2 - t1, time.process_time() - c)"
    )
    imports, cold, cold_cpu = [], [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout.split()
        imports.append(float(out[0]))
        cold.append(float(out[1]))
        cold_cpu.append(float(out[2]))
    return {
        "in_process": in_proc,
        "in_process_cpu": in_proc_cpu,
        "fresh_import": imports,
        "fresh_engine": cold,
        "fresh_engine_cpu": cold_cpu,
    }


def latency(engine, posts, calls: int, runs: int, seed: int) -> dict[str, list[float]]:
    from postcheck.engine import Context, Post

    ctx = Context()
    rng = random.Random(seed)
    sample = [posts[rng.randrange(len(posts))] for _ in range(calls)]
    for text, lang in sample[:1000]:  # warm-up
        engine.assess(Post(text, lang=lang), ctx)
    medians, p99s, means, cpu_medians, cpu_p99s = [], [], [], [], []
    clock, cpu = time.perf_counter_ns, time.thread_time_ns
    for _ in range(runs):
        times, cpus = [], []
        for text, lang in sample:
            forget()  # each call embeds its post, as a check of a new post does
            c = cpu()
            t = clock()
            engine.assess(Post(text, lang=lang), ctx)
            t = clock() - t
            cpus.append(cpu() - c)
            times.append(t)
        times.sort()
        cpus.sort()
        medians.append(times[len(times) // 2] / 1e6)
        p99s.append(percentile(times, 99) / 1e6)
        means.append(statistics.fmean(times) / 1e6)
        cpu_medians.append(cpus[len(cpus) // 2] / 1e6)
        cpu_p99s.append(percentile(cpus, 99) / 1e6)
    return {
        "median_ms": medians,
        "p99_ms": p99s,
        "mean_ms": means,
        "cpu_median_ms": cpu_medians,
        "cpu_p99_ms": cpu_p99s,
    }


def forget() -> None:
    """Empty the semantic layer's cache of recent embeddings before a timed run: the
    loops read the same posts again, and a corpus whose read posts fit in the cache
    (4,096) would time the cache instead of the encoder."""
    from postcheck.engine.semantic import Encoder

    Encoder.forget()


def batch_loop(engine, post_objs, ctx) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this thread) of ``assess_batch`` over ``post_objs``."""
    items = [(p, ctx) for p in post_objs]
    forget()
    c = time.thread_time()
    t = time.perf_counter()
    engine.assess_batch(items)
    return time.perf_counter() - t, time.thread_time() - c


def single_loop(engine, post_objs, ctx) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this thread) of ``assess`` called once per post."""
    forget()
    c = time.thread_time()
    t = time.perf_counter()
    for p in post_objs:
        engine.assess(p, ctx)
    return time.perf_counter() - t, time.thread_time() - c


def full_checks(engine, post_objs, ctx) -> int:
    """How many posts ``assess_batch`` gives the full check (an untimed extra run, with
    the engine's full check wrapped by a counter)."""
    count = [0]
    full = engine._assess_one

    def counted(*args, **kwargs):
        count[0] += 1
        return full(*args, **kwargs)

    engine._assess_one = counted
    try:
        engine.assess_batch([(p, ctx) for p in post_objs])
    finally:
        del engine._assess_one  # back to the class's method
    return count[0]


def throughput(engine, posts, runs: int) -> dict[str, list[float]]:
    from postcheck.engine import Context, Post

    ctx = Context()
    objs = [Post(t, lang=lang) for t, lang in posts]
    objs_auto = [Post(t) for t, _ in posts]
    batch_loop(engine, objs[: min(5000, len(objs))], ctx)  # warm-up
    given = [batch_loop(engine, objs, ctx) for _ in range(runs)]
    auto = [batch_loop(engine, objs_auto, ctx) for _ in range(max(1, runs // 2))]
    # The batch skips the full check where the rules that may fire cannot reach the
    # report threshold in the post's context: in the riskiest context it skips fewer.
    risky = Context(role="executive", followers=20_000, identifiable=True, election_period=True)
    riskiest = [batch_loop(engine, objs, risky) for _ in range(max(1, runs // 2))]
    single = [single_loop(engine, objs, ctx) for _ in range(max(1, runs // 2))]
    n = len(objs)
    return {
        "full_checks": [full_checks(engine, objs, ctx)],
        "full_checks_riskiest": [full_checks(engine, objs, risky)],
        "posts_per_s": [n / w for w, _ in given],
        "posts_per_cpu_s": [n / c for _, c in given],
        "posts_per_s_lang_auto": [n / w for w, _ in auto],
        "posts_per_cpu_s_lang_auto": [n / c for _, c in auto],
        "posts_per_s_riskiest": [n / w for w, _ in riskiest],
        "posts_per_cpu_s_riskiest": [n / c for _, c in riskiest],
        "posts_per_s_single": [n / w for w, _ in single],
        "posts_per_cpu_s_single": [n / c for _, c in single],
    }


def profile(engine, posts, n: int) -> str:
    from postcheck.engine import Context, Post

    ctx = Context()
    items = [(Post(t, lang=lang), ctx) for t, lang in posts[:n]]
    forget()
    pr = cProfile.Profile()
    pr.enable()
    engine.assess_batch(items)
    pr.disable()
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    st.strip_dirs().sort_stats("tottime").print_stats(15)
    return buf.getvalue()


def cli(jsonl: Path, runs: int, jobs: int | None) -> dict[str, object]:
    cmd = [
        *postcheck_cmd(),
        "check",
        "--input",
        str(jsonl),
        "--format",
        "jsonl",
        "-o",
        os.devnull,
        "--fail-on",
        "never",
    ]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    all_cpus = set(range(os.cpu_count() or 1))
    results = []
    for _ in range(runs):
        r = run_measured(cmd, affinity=all_cpus)
        if r.returncode not in (0, 1) or "Traceback" in r.stderr:
            raise SystemExit(f"CLI failed ({r.returncode}):\n{r.stderr}")
        results.append(r)
    return {
        "cmd": show(cmd),
        "wall_s": [r.wall_s for r in results],
        "cpu_s": [r.cpu_s for r in results],
        "max_rss_mib": [r.max_rss_mib for r in results],
        "tree_rss_mib": [r.tree_rss_mib for r in results],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="postcheck engine speed")
    ap.add_argument("-n", type=int, default=100_000, help="posts in the corpus (default 100000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=5, help="counted runs of in-process figures")
    ap.add_argument("--calls", type=int, default=10_000, help="latency calls per run")
    ap.add_argument("--cli-runs", type=int, default=3, help="runs of each CLI command (0: skip)")
    ap.add_argument("--profile-n", type=int, default=20_000, help="posts in the profiled loop")
    ap.add_argument("--json", type=Path, default=BENCH / "out" / "engine_speed.json")
    ap.add_argument(
        "--training",
        action="store_true",
        help="measure on the training corpus's posts (about two thirds risky) "
        "instead of the generated corpus",
    )
    args = ap.parse_args(argv)

    jsonl = training_corpus() if args.training else ensure(args.n, args.seed)
    if args.training:
        args.n = sum(1 for _ in jsonl.open("rb"))
    print(f"$ {show([sys.executable, *sys.argv])}")
    print(
        f"corpus: {jsonl} ({args.n:,} posts, seed {args.seed}); "
        f"python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    t = time.perf_counter()
    posts = load_texts(jsonl)
    print(
        f"read {len(posts):,} posts in {time.perf_counter() - t:.2f} s "
        f"(not part of any figure below)\n"
    )
    res: dict[str, object] = {
        "n": args.n,
        "seed": args.seed,
        "runs": args.runs,
        "loadavg_start": os.getloadavg(),
    }
    import postcheck

    print(
        f"engine measured: {Path(postcheck.__file__).parent}; load average at start "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine "
        "inflates wall times)\n"
    )

    all_cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    _pin({0})
    print("pinned to CPU 0 for the in-process figures (os.sched_setaffinity(0, {0}))\n")

    ct = compile_time(args.runs)
    res["compile"] = ct
    print(
        f"1. rule compile time, Engine() in this process, {args.runs} runs: "
        f"{med(ct['in_process'])} s (CPU {med(ct['in_process_cpu'])} s)   "
        f"target < {TARGETS['compile_s']} s"
    )
    print(
        f"   fresh interpreter: import postcheck.engine {med(ct['fresh_import'])} s, "
        f"then first Engine() {med(ct['fresh_engine'])} s "
        f"(CPU {med(ct['fresh_engine_cpu'])} s)"
    )

    from postcheck.engine import Engine

    engine = Engine()
    rss_engine = self_peak_rss_mib()
    lat = latency(engine, posts, args.calls, args.runs, args.seed)
    res["latency"] = lat
    print(
        f"\n2. single-post latency, {args.calls:,} calls x {args.runs} runs "
        f"(random corpus posts, lang given, default Context):"
    )
    print(f"   median {med(lat['median_ms'])} ms")
    print(f"   p99    {med(lat['p99_ms'])} ms   target < {TARGETS['latency_p99_ms']} ms")
    print(f"   mean   {med(lat['mean_ms'])} ms")
    print(
        f"   CPU time of the call (thread_time_ns): median {med(lat['cpu_median_ms'])} ms, "
        f"p99 {med(lat['cpu_p99_ms'])} ms"
    )

    tp = throughput(engine, posts, args.runs)
    res["throughput"] = tp
    print(
        f"\n3. in-process batch on one core, engine.assess_batch, {len(posts):,} posts "
        f"x {args.runs} runs:"
    )
    print(f"   {med_int(tp['posts_per_s'])} posts/s (lang given)")
    print(
        f"   {med_int(tp['posts_per_cpu_s'])} posts per CPU-second (lang given; thread CPU "
        "time, less sensitive to other load on the machine)"
    )
    print(
        f"   {med_int(tp['posts_per_s_lang_auto'])} posts/s, "
        f"{med_int(tp['posts_per_cpu_s_lang_auto'])} per CPU-second "
        "(lang=None: detected per post)"
    )
    print(
        f"   {med_int(tp['posts_per_s_riskiest'])} posts/s, "
        f"{med_int(tp['posts_per_cpu_s_riskiest'])} per CPU-second "
        "(lang given, every post in the riskiest context: an identifiable executive with "
        "20,000 followers during an election)"
    )
    n_posts = len(posts)
    print(
        f"   full checks: {int(tp['full_checks'][0]):,} of {n_posts:,} posts in the default "
        f"context, {int(tp['full_checks_riskiest'][0]):,} in the riskiest (an untimed run; the "
        "others are settled by the batch pre-check)"
    )
    print(
        f"   {med_int(tp['posts_per_s_single'])} posts/s, "
        f"{med_int(tp['posts_per_cpu_s_single'])} per CPU-second "
        "(engine.assess one post at a time, for comparison)"
    )
    share = semantic_share(engine, posts)
    res["semantic_share"] = share
    print(
        f"   the semantic layer read {share['read']:.1%} of these posts in the default "
        f"context ({share['gated']:.1%} through its gate, the rest because a rule or the "
        "n-gram model raised something; an untimed run)"
    )
    gc.collect()
    res["self_peak_rss_mib"] = {"after_engine": rss_engine, "end": self_peak_rss_mib()}

    _pin(all_cpus)
    if args.cli_runs:
        print(
            f"\n4. batch CLI, whole process, {args.n:,} posts, {args.cli_runs} runs each "
            "(unpinned; CPU = user+sys of the process tree; max RSS = largest single "
            "process (GNU time %M); tree RSS = sum over the tree, sampled every 0.1 s):"
        )
        base = None
        for label, jobs in (("all cores", None), ("--jobs 1", 1)):
            r = cli(jsonl, args.cli_runs, jobs)
            res[f"cli_{'all' if jobs is None else 'jobs1'}"] = r
            rate = [args.n / w for w in r["wall_s"]]  # type: ignore[union-attr]
            print(f"   $ {r['cmd']}")
            print(
                f"     {label}: wall {med(r['wall_s'])} s = {med_int(rate)} posts/s"
                + (f" (target >= {TARGETS['cli_posts_per_s']:,})" if jobs is None else "")
                + "; "
                f"CPU {med(r['cpu_s'])} s; max RSS {med(r['max_rss_mib'])} MiB; "
                f"tree RSS {med(r['tree_rss_mib'])} MiB"
            )
            if base is None:
                base = statistics.median(r["wall_s"])  # type: ignore[arg-type]
            else:
                print(
                    f"     speed-up of all cores over --jobs 1: "
                    f"{statistics.median(r['wall_s']) / base:.2f}x"
                )  # type: ignore[arg-type]

    _pin({0})
    print(
        f"\n5. peak RSS of this process: {rss_engine:.1f} MiB after reading the corpus and "
        f"building engines; {self_peak_rss_mib():.1f} MiB at the end"
    )
    prof = profile(engine, posts, min(args.profile_n, len(posts)))
    print(
        f"\ncProfile of assess_batch ({min(args.profile_n, len(posts)):,} posts, one core; "
        "profiling overhead inflates the total):"
    )
    print("\n".join(line for line in prof.splitlines() if line.strip()))
    res["profile_top15"] = prof
    res["loadavg_end"] = os.getloadavg()
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, indent=1))
    print(f"\nraw figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
