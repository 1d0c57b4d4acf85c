"""Small helpers shared by the bench scripts: statistics, child processes, peak memory."""

from __future__ import annotations

import os
import resource
import shlex
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def med(values: list[float]) -> str:
    """'median (min–max)' with 3 significant-ish decimals."""
    return f"{statistics.median(values):,.3f} ({min(values):,.3f}–{max(values):,.3f})"


def med_int(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def self_peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def postcheck_cmd() -> list[str]:
    """The ``postcheck`` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "postcheck"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from postcheck.cli import main; raise SystemExit(main())"]


def show(cmd: list[str]) -> str:
    return " ".join(shlex.quote(c) for c in cmd)


def _tree_rss_kib(root: int) -> int:
    """Sum of VmRSS of ``root`` and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            with open(f"/proc/{pid}/statm", "rb") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents[pid] = ppid
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total = 0
    for pid in rss:
        p = pid
        while p and p != root and p in parents:
            p = parents[p]
        if p == root:
            total += rss[pid]
    return total


@dataclass
class RunResult:
    cmd: list[str]
    returncode: int
    wall_s: float
    cpu_s: float
    max_rss_mib: float  # largest single process of the tree (GNU time's %M), nan without it
    tree_rss_mib: float  # largest sum over the tree, sampled every ``sample_s``
    stderr: str


GNU_TIME = "/usr/bin/time"


def run_measured(
    cmd: list[str],
    *,
    sample_s: float = 0.1,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    affinity: set[int] | None = None,
) -> RunResult:
    """Run ``cmd`` to completion and measure wall, CPU (user+sys of the whole tree) and memory.

    The peak of the largest process comes from GNU time (``%M``), not from our own ``wait4``:
    a child forked from this (big) process inherits its resident pages until ``exec``, and
    Linux keeps that high-water mark in the child's ``maxrss``, so ``wait4`` would report at
    least this script's own RSS. GNU time is small, so the command it forks is measured clean.
    """

    def pre() -> None:
        if affinity is not None:
            os.sched_setaffinity(0, affinity)

    rss_file = None
    full = cmd
    if os.access(GNU_TIME, os.X_OK):
        import tempfile

        fd, rss_file = tempfile.mkstemp(prefix="bench-rss-")
        os.close(fd)
        full = [GNU_TIME, "-f", "%M", "-o", rss_file, *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, preexec_fn=pre
    )
    peak = [0]
    done = threading.Event()

    def sampler() -> None:
        while not done.wait(sample_s):
            peak[0] = max(peak[0], _tree_rss_kib(proc.pid))

    th = threading.Thread(target=sampler, daemon=True)
    th.start()
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    max_rss = float("nan")
    if rss_file is not None:
        with open(rss_file) as f:
            lines = f.read().split()
        os.unlink(rss_file)
        if lines and lines[-1].isdigit():
            max_rss = int(lines[-1]) / 1024
        # GNU time prints "Command exited with non-zero status N" first; drop it from stderr
    return RunResult(
        cmd, proc.returncode, wall, ru.ru_utime + ru.ru_stime, max_rss, peak[0] / 1024, err
    )
