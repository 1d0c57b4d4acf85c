"""Behaviour that needs a real PostgreSQL server (DATABASE_URL=postgres://...).

Two people editing one case at the same moment lose no update; a writer killed
mid-transaction, or the server itself crashing mid-write, loses none of what was
committed and leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from django.db import connection, connections

from postcheck.cases import handling
from postcheck.cases.errors import EditConflict
from postcheck.cases.models import Case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _on_postgresql():
    # tests/cases/conftest.py selects these only with DATABASE_URL=postgres://...
    assert connection.vendor == "postgresql"


def test_two_people_saving_the_same_version_at_once_one_wins_the_other_gets_a_conflict(
    open_case, people
):
    case = open_case()
    version = case.version
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def edit(name: str, **change: str) -> None:
        try:
            barrier.wait(timeout=10)
            handling.update_details(people["manager"], case.pk, version, **change)
            results[name] = "saved"
        except EditConflict as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=edit, args=("first",), kwargs={"raised_by": "A reporter"}),
        threading.Thread(
            target=edit, args=("second",), kwargs={"post_url": "https://example.org/p/1"}
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    outcomes = sorted(type(r).__name__ if not isinstance(r, str) else r for r in results.values())
    assert outcomes == ["EditConflict", "saved"]
    loser = next(name for name, r in results.items() if r != "saved")
    assert "Someone else changed this case" in str(results[loser])

    # The loser reloads and makes their change again: both changes are kept.
    fresh = Case.objects.get(pk=case.pk)
    retry = {
        "first": {"raised_by": "A reporter"},
        "second": {"post_url": "https://example.org/p/1"},
    }[loser]
    handling.update_details(people["manager"], case.pk, fresh.version, **retry)
    final = Case.objects.get(pk=case.pk)
    assert final.raised_by == "A reporter"
    assert final.post_url == "https://example.org/p/1"
    assert final.version == version + 2


WRITER = textwrap.dedent("""
    import sys, time
    import psycopg
    dsn, case_id, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sql = ("INSERT INTO cases_note (case_id, body, step, visibility, created_at) "
           "VALUES (%s, %s, '', 'case', now())")
    with psycopg.connect(dsn) as conn:
        for i in range(n):
            with conn.transaction():
                conn.execute(sql, (case_id, f"committed {i}"))
        # Autocommit is off: this insert opens a transaction that is never committed.
        conn.execute(sql, (case_id, "partial"))
        print("READY", flush=True)
        time.sleep(120)
""")


def test_a_writer_killed_mid_transaction_loses_no_committed_row_and_leaves_no_partial_one(
    open_case,
):
    case = open_case()
    dsn = _dsn(connection.settings_dict)
    n = 25
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, dsn, str(case.pk), str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        assert line == "READY", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    bodies = _raw_note_bodies(case)
    assert bodies == {f"committed {i}" for i in range(n)}


def _raw_note_bodies(case) -> set[str]:
    """The notes as the writer stored them: its raw SQL bypasses the field's encryption."""
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM cases_note WHERE case_id = %s", [case.pk])
        return {body for (body,) in cur.fetchall()}


def _dsn(s) -> str:
    return (
        f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} dbname={s['NAME']} "
        f"user={s['USER'] or 'postgres'}" + (f" password={s['PASSWORD']}" if s["PASSWORD"] else "")
    )


def _local_cluster(settings_dict) -> tuple[str, str] | None:
    """(version, name) of the PostgreSQL cluster on this machine that serves the tests."""
    if settings_dict.get("HOST") not in ("", None, "127.0.0.1", "localhost", "::1"):
        return None
    if shutil.which("pg_ctlcluster") is None or not os.path.isdir("/etc/postgresql"):
        return None
    if os.geteuid() != 0 or shutil.which("pg_lsclusters") is None:
        return None
    # the cluster listening on the tests' port (there may be several versions installed)
    port = str(settings_dict.get("PORT") or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listing.stdout.splitlines():
        version, name, cluster_port, *_rest = line.split()
        if cluster_port == port:
            return version, name
    return None


def _server_started_at() -> object:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_postmaster_start_time()")
        return cur.fetchone()[0]


def _pg(version: str, name: str, action: str, *extra: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action, *extra],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_the_server_crashing_mid_write_loses_no_committed_row_and_no_partial_one(open_case):
    """The PostgreSQL server itself is stopped in 'immediate' mode (a crash: no checkpoint,
    WAL replayed at restart) while a transaction is open; after the restart every
    committed note is there and the uncommitted one is not."""
    cluster = _local_cluster(connection.settings_dict)
    if cluster is None:
        pytest.skip(
            "needs the local PostgreSQL cluster and root to crash and restart it "
            "(pg_ctlcluster); CI runs as root on the machine that serves the tests"
        )
    case = open_case()
    started = _server_started_at()
    dsn = _dsn(connection.settings_dict)
    n = 25
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, dsn, str(case.pk), str(n)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    version, name = cluster
    s = connection.settings_dict
    try:
        line = proc.stdout.readline().strip()
        assert line == "READY", proc.stderr.read()
        connections.close_all()
        _pg(version, name, "stop", "-m", "immediate")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        _pg(version, name, "start")
    for _ in range(60):
        ready = subprocess.run(
            ["pg_isready", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432)],
            capture_output=True,
        )
        if ready.returncode == 0:
            break
        time.sleep(0.5)
    # the server that serves the tests really went down and came back
    assert _server_started_at() != started
    bodies = _raw_note_bodies(case)
    assert bodies == {f"committed {i}" for i in range(n)}
