"""Bad input to ``postcheck check`` never ends in a traceback: the CLI says what was wrong
and exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

CLI = [sys.executable, "-c", "from postcheck.cli import main; raise SystemExit(main())"]


def run(*args: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*CLI, *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=timeout,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


def err(proc: subprocess.CompletedProcess) -> str:
    return proc.stderr.decode("utf-8", "replace")


# --------------------------------------------------------------------------- one post


def test_empty_argument_is_refused():
    proc = run("check", "")
    assert proc.returncode == 2
    assert "empty" in err(proc)


def test_blank_stdin_is_refused():
    proc = run("check", stdin=b"  \n\t\n")
    assert proc.returncode == 2
    assert "empty" in err(proc)


def test_one_megabyte_post_is_checked():
    text = ("Lovely walk by the river this morning with the dog. " * 20_000)[:1_000_000]
    proc = run("check", "--format", "json", stdin=text.encode())
    assert proc.returncode in (0, 1), err(proc)
    assert orjson.loads(proc.stdout)["level"] in ("low", "moderate", "high")


def test_one_megabyte_post_in_text_format():
    text = ("Vote NDP! Lovely walk by the river. " * 30_000)[:1_000_000]
    proc = run("check", "--color", "never", stdin=text.encode())
    assert proc.returncode in (0, 1), err(proc)
    assert proc.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_control_characters_are_checked(fmt):
    text = "Vote\x00 NDP\x07 on\x1b[31m Monday\x7f!\r\n\x0b\x0c\u2028\u0085 done"
    proc = run("check", "--format", fmt, "--color", "never", stdin=text.encode())
    assert proc.returncode in (0, 1), err(proc)
    assert proc.stdout


def test_invalid_utf8_on_stdin_is_refused():
    proc = run("check", stdin=b"Vote NDP \xff\xfe on Monday")
    assert proc.returncode == 2
    assert "UTF-8" in err(proc)


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "king"],
        ["--followers", "-5"],
        ["--followers", "many"],
        ["--lang", "de"],
        ["--fail-on", "sometimes"],
        ["--disclaimer", "maybe"],
    ],
    ids=["role", "negative-followers", "followers-word", "lang", "fail-on", "disclaimer"],
)
def test_unknown_context_values_are_refused(args):
    proc = run("check", "Hello", *args)
    assert proc.returncode == 2
    assert "error" in err(proc)
    assert args[0] in err(proc)


# --------------------------------------------------------------------------- batch

GOOD = b'{"id": "a", "text": "Vote NDP on Monday!", "lang": "en"}\n'
BAD_LINES = [
    b"{not json\n",
    b'["a list"]\n',
    b'{"id": "no-text"}\n',
    b'{"id": "n", "text": 42}\n',
    b'{"id": "l", "text": "Bonjour", "lang": "Deutsch!"}\n',
    b'{"id": "c", "text": "Hello", "context": {"role": "king"}}\n',
    b'{"id": "f", "text": "Hello", "context": {"followers": -3}}\n',
    b'{"id": "u", "text": "Hello", "context": "manager"}\n',
    b'{"id": "bad-utf8", "text": "caf\xe9"}\n',
]


def batch_file(tmp_path: Path, lines: list[bytes]) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def test_a_line_in_another_language_is_reported_unchecked_with_its_language(tmp_path):
    path = batch_file(
        tmp_path,
        [
            b'{"id": "de", "text": "Das ist ein sch\xc3\xb6ner Tag mit der Familie", "lang": "de"}\n',
            b'{"id": "es", "text": "Hoy voy con mi madre al mercado con mis amigos"}\n',
            GOOD,
        ],
    )
    proc = run("check", "--input", str(path), "--format", "jsonl")
    recs = [orjson.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["id"], r["level"], r.get("lang")) for r in recs[:2]] == [
        ("de", "unchecked", "de"),
        ("es", "unchecked", "es"),
    ]
    assert recs[0]["findings"] == [] and recs[1]["codes"] == []
    assert recs[2]["level"] in ("moderate", "high")


def test_malformed_lines_are_reported_by_line_number_and_skipped(tmp_path):
    lines = [GOOD]
    for bad in BAD_LINES:
        lines += [bad, GOOD]
    path = batch_file(tmp_path, lines)
    proc = run("check", "--input", str(path), "--format", "jsonl", "--on-error", "continue")
    assert proc.returncode in (0, 1), err(proc)
    for i in range(len(BAD_LINES)):
        assert f"line {2 * i + 2}:" in err(proc), err(proc)
    out = proc.stdout.decode().splitlines()
    assert len(out) == len(lines)
    for i, line in enumerate(out, 1):
        rec = orjson.loads(line)
        if i % 2 == 1:
            assert rec["id"] == "a" and rec["level"] in ("moderate", "high")
        else:
            assert rec["line"] == i and rec["error"], rec


def test_blank_line_keeps_output_aligned_with_input(tmp_path):
    path = batch_file(tmp_path, [GOOD, b"\n", b"   \n", GOOD])
    proc = run("check", "--input", str(path), "--format", "jsonl", "--jobs", "1")
    assert proc.returncode in (0, 1)
    out = [orjson.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(out) == 4
    assert [r.get("line") for r in out[1:3]] == [2, 3]


def test_on_error_stop_exits_2_at_the_first_bad_line(tmp_path):
    path = batch_file(tmp_path, [GOOD, GOOD, b"{oops\n", GOOD])
    proc = run(
        "check", "--input", str(path), "--format", "jsonl", "--on-error", "stop", "--jobs", "1"
    )
    assert proc.returncode == 2
    assert "line 3:" in err(proc)
    assert len(proc.stdout.decode().splitlines()) <= 2


def test_unknown_context_field_names_the_field_and_line(tmp_path):
    line = b'{"id": 7, "text": "Hello", "context": {"identifable": true, "role": "manager"}}\n'
    path = batch_file(tmp_path, [GOOD, line])
    proc = run("check", "--input", str(path), "--format", "jsonl")
    assert proc.returncode in (0, 1)
    assert "line 2:" in err(proc) and "identifable" in err(proc)
    out = [orjson.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(out) == 2 and out[0]["id"] == "a"
    assert out[1]["line"] == 2 and "identifable" in out[1]["error"]


def test_missing_input_file_is_refused(tmp_path):
    proc = run("check", "--input", str(tmp_path / "nope.jsonl"), "--format", "jsonl")
    assert proc.returncode == 2
    assert "nope.jsonl" in err(proc)


def test_batch_with_other_format_is_refused(tmp_path):
    path = batch_file(tmp_path, [GOOD])
    proc = run("check", "--input", str(path), "--format", "sarif")
    assert proc.returncode == 2
    assert "jsonl" in err(proc)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_while_writing_is_a_clear_error():
    # /dev/full opens fine and fails every write with ENOSPC: the error comes while
    # writing (or flushing), not when opening
    proc = run("check", "Vote NDP on Monday!", "--format", "json", "-o", "/dev/full")
    assert proc.returncode == 2
    assert "cannot write /dev/full" in err(proc)
