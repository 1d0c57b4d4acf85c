"""``postcheck serve``: one command prepares the database, demo data and static files,
then serves the app with gunicorn and whitenoise."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

POSTCHECK = Path(sys.executable).with_name("postcheck")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY")
    }
    env["POSTCHECK_DATA_DIR"] = str(tmp_path)
    return env


@pytest.fixture
def cli() -> Path:
    if not POSTCHECK.exists():
        pytest.skip(f"postcheck console script not installed next to {sys.executable}")
    return POSTCHECK


def test_serve_prepares_everything_and_can_run_again(cli, tmp_path):
    first = subprocess.run(
        [cli, "serve", "--check-only"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    for username in (
        "demo-employee",
        "demo-manager",
        "demo-ethics",
        "demo-coi",
        "demo-ombud",
        "demo-admin",
        "demo-auditor",
    ):
        assert username in first.stdout
    assert (tmp_path / "postcheck.sqlite3").exists()
    assert (tmp_path / "static" / "gcds" / "gcds.css").exists()
    again = subprocess.run(
        [cli, "serve", "--check-only"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_pages_and_static_files_over_http(cli, tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [cli, "serve", "--port", str(port), "--workers", "1"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/en/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/static/gcds/gcds.css", timeout=5) as response:
            assert response.status == 200
            assert b"--gcds-" in response.read()
        with urllib.request.urlopen(f"{base}/fr/verifier/", timeout=5) as response:
            assert b'<html lang="fr">' in response.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
