"""``postcheck check``: one post, or a JSONL batch (the evaluation interface)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from typing import IO, Any

import orjson

from ..cli import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    context_from_args,
    fail_level,
    open_output,
    reached,
)
from ..engine import Assessment, Context, Engine, InputError, Level, Post
from ..engine.parallel import assess_parallel
from ..reports.text import print_assessment


def read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not valid UTF-8 (bad byte at offset {exc.start}); "
            "save the text as UTF-8 and try again"
        ) from None


def run_check(args: argparse.Namespace) -> int:
    if args.input:
        return _run_batch(args)
    if args.text is not None:
        text = args.text
    elif sys.stdin is None or sys.stdin.isatty():
        raise InputError("nothing to check: give the post as an argument or on standard input")
    else:
        text = read_stdin_text()
    if not text.strip():
        raise InputError("nothing to check: the post is empty")
    context = context_from_args(args)
    engine = Engine()
    lang = None if args.lang == "auto" else args.lang
    assessment = engine.assess(Post(text, lang=lang), context)
    fmt = args.format or "text"
    with open_output(args.output) as out:
        if fmt == "text":
            print_assessment(text, assessment, out=out, color=args.color)
        elif fmt in ("json", "jsonl"):
            d = assessment.to_dict()
            opt = orjson.OPT_INDENT_2 if fmt == "json" else 0
            out.write(orjson.dumps(d, option=opt).decode() + "\n")
        else:
            from .. import __version__
            from ..reports.sarif import sarif_document

            doc = sarif_document(engine, [("post.txt", text, assessment)], __version__)
            out.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n")
    return EXIT_FOUND if reached(assessment.level, fail_level(args.fail_on)) else EXIT_OK


# --------------------------------------------------------------------------- batch


class BadLine(Exception):
    def __init__(self, lineno: int, message: str) -> None:
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno
        self.message = message


def parse_line(raw: bytes, lineno: int, default_lang: str | None) -> tuple[Any, Post, Context]:
    if not raw.strip():
        # an empty line still gets its output line, so output line N answers input line N
        raise BadLine(lineno, "empty line")
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadLine(lineno, f"not valid JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise BadLine(lineno, "expected a JSON object with 'id' and 'text'")
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadLine(lineno, "'text' is missing or not a string")
    lang = obj.get("lang") or default_lang
    if lang is not None and lang not in ("en", "fr"):
        raise BadLine(lineno, f"'lang' must be 'en' or 'fr', got {lang!r}")
    try:
        ctx = Context.from_dict(obj.get("context"))
    except InputError as exc:
        raise BadLine(lineno, str(exc)) from None
    return obj.get("id", lineno), Post(text, lang=lang, platform=obj.get("platform")), ctx


def batch_projection(post: Post, a: Assessment) -> tuple[str, bytes]:
    """What a worker sends back for one post: its level and its output line."""
    d = {
        "level": a.level.value,
        "codes": a.codes,
        "findings": [f.to_dict() for f in a.findings],
    }
    return a.level.value, orjson.dumps(d)


def _run_batch(args: argparse.Namespace) -> int:
    fmt = args.format or "jsonl"
    if fmt != "jsonl":
        raise InputError("--input works with --format jsonl")
    default_lang = None if args.lang == "auto" else args.lang
    threshold = fail_level(args.fail_on)
    if args.input == "-":
        stream: IO[bytes] = sys.stdin.buffer
    else:
        try:
            stream = open(args.input, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read {args.input}: {exc.strerror}") from None

    # one entry per input line: its id, or the BadLine that replaces it in the output
    ids: list[Any] = []
    errors: list[BadLine] = []
    stop = args.on_error == "stop"

    def items() -> Iterator[tuple[Post, Context]]:
        for lineno, raw in enumerate(stream, 1):
            try:
                rid, post, ctx = parse_line(raw, lineno, default_lang)
            except BadLine as bad:
                sys.stderr.write(f"postcheck: {args.input}: {bad}\n")
                errors.append(bad)
                if stop:
                    return
                ids.append(bad)
                # keep the line in the output so lines stay aligned with input
                yield Post(""), Context()
                continue
            ids.append(rid)
            yield post, ctx

    found = False
    # the input file is closed however this ends (stdin is left open)
    with (nullcontext() if stream is sys.stdin.buffer else stream), open_output(args.output) as out:
        for i, (level, line) in enumerate(
            assess_parallel(items(), workers=args.jobs, project=batch_projection)
        ):
            rid = ids[i]
            if isinstance(rid, BadLine):
                bad = rid
                out.write(
                    orjson.dumps({"id": None, "line": bad.lineno, "error": bad.message}).decode()
                    + "\n"
                )
                continue
            out.write('{"id":' + orjson.dumps(rid).decode() + "," + line.decode()[1:] + "\n")
            if reached(Level(level), threshold):
                found = True
    if errors and stop:
        return EXIT_ERROR
    if errors:
        sys.stderr.write(f"postcheck: {len(errors)} malformed line(s) reported and skipped\n")
    return EXIT_FOUND if found else EXIT_OK


