"""Load bench of the web app under its production server (not a timed test).

Starts ``postcheck serve`` (gunicorn + whitenoise) on a loopback port with a fresh
SQLite data directory (or DATABASE_URL when set), then drives it with a bounded
closed-loop load generator running in separate processes: a fixed number of
keep-alive connections, each sending its next request when the previous answer
arrives, for a fixed duration. Prints throughput, latency percentiles, errors, and
the command line to reproduce.

    .venv/bin/python bench/load_web.py                      # defaults below
    .venv/bin/python bench/load_web.py --duration 20 --connections 16 --workers 3

Targets: POST /api/v1/check >= 300 req/s with p99 < 100 ms and no errors;
GET /en/check/ >= 150 req/s. Rate limits are switched off for the run
(POSTCHECK_RATE_API=0/60, POSTCHECK_RATE_CHECK=0/60). Only loopback addresses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"

POSTS = [
    ("Vote NDP on Monday! #VoteNDP", "en"),
    ("Beautiful sunrise over the Ottawa River this morning.", "en"),
    ("Our team's new policy is a disaster, the minister has no clue.", "en"),
    ("Votez pour le Bloc lundi prochain!", "fr"),
    ("Belle randonnée en famille au parc de la Gatineau.", "fr"),
    ("My badge opens every door on the 5th floor, lol", "en"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def _requests(kind: str, host: str, port: int) -> list[bytes]:
    out = []
    if kind == "api":
        for text, lang in POSTS:
            body = json.dumps(
                {
                    "text": text,
                    "lang": lang,
                    "context": {"role": "employee", "followers": 500, "identifiable": True},
                }
            ).encode()
            out.append(
                b"POST /api/v1/check HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (host.encode(), port, len(body), body)
            )
    else:
        out.append(b"GET /en/check/ HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (host.encode(), port))
    return out


async def _connection(host, port, requests, deadline, latencies, errors):
    reader, writer = await asyncio.open_connection(host, port)
    i = 0
    try:
        while time.perf_counter() < deadline:
            request = requests[i % len(requests)]
            i += 1
            start = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            close = False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
                elif name.lower() == "connection" and value.strip().lower() == "close":
                    close = True
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            status = int(status_line.split()[1]) if status_line else 0
            if status != 200:
                errors.append(status)
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


def _client(kind, host, port, connections, duration, queue):
    latencies: list[float] = []
    errors: list[int] = []
    requests = _requests(kind, host, port)

    async def main():
        deadline = time.perf_counter() + duration
        await asyncio.gather(
            *(
                _connection(host, port, requests, deadline, latencies, errors)
                for _ in range(connections)
            ),
            return_exceptions=False,
        )

    asyncio.run(main())
    queue.put((latencies, errors))


def drive(kind: str, port: int, connections: int, duration: float, processes: int) -> dict:
    queue: mp.Queue = mp.Queue()
    per = max(1, connections // processes)
    procs = [
        mp.Process(target=_client, args=(kind, LOOPBACK, port, per, duration, queue))
        for _ in range(processes)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r[0])
    errors = [x for r in results for x in r[1]]

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / duration,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": latencies[-1] * 1000,
        "wall_s": elapsed,
        "connections": per * processes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--clients", type=int, default=1, help="load generator processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    args = parser.parse_args()

    port = _free_port()
    data = Path(tempfile.mkdtemp(prefix="postcheck-bench-"))
    env = {
        **os.environ,
        "POSTCHECK_DATA_DIR": str(data),
        "POSTCHECK_RATE_API": "0/60",
        "POSTCHECK_RATE_CHECK": "0/60",
        "ALLOWED_HOSTS": LOOPBACK,
    }
    postcheck = Path(sys.executable).with_name("postcheck")
    server_cmd = [
        str(postcheck),
        "serve",
        "--no-demo",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
    ]
    server = subprocess.Popen(
        server_cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://{LOOPBACK}:{port}/en/check/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.3)
        drive("api", port, args.connections, 2.0, args.clients)  # warm-up, not reported
        print("command:", shlex.join([sys.executable, *sys.argv]))
        print(
            "server: ",
            shlex.join(server_cmd),
            f"(database: {'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'SQLite'})",
        )
        print(
            f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the "
            f"run; load generator: {args.clients} process(es), "
            f"{args.connections} keep-alive connections, closed loop, {args.duration:.0f} s"
        )
        ok = True
        for kind, label, target_rps, target_p99 in [
            ("api", "POST /api/v1/check", 300, 100.0),
            ("page", "GET /en/check/", 150, None),
        ]:
            r = drive(kind, port, args.connections, args.duration, args.clients)
            met = (
                r["rps"] >= target_rps
                and r["errors"] == 0
                and (target_p99 is None or r["p99_ms"] < target_p99)
            )
            ok &= met
            print(
                f"{label:<20} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  "
                f"p95 {r['p95_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
                f"max {r['max_ms']:6.1f} ms  requests {r['requests']}  errors {r['errors']}  "
                f"target >= {target_rps} req/s"
                + (f", p99 < {target_p99:.0f} ms" if target_p99 else "")
                + f": {'met' if met else 'NOT met'}"
            )
        return 0 if ok else 1
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
