"""``postcheck check``: one post, or a JSONL batch (the evaluation interface)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from typing import IO, Any

import orjson

from ..engine import LEVELS, UNCHECKED, Assessment, Context, Engine, InputError, Level, Post
from ..engine.parallel import cpu_count, imap_chunks, worker_engine
from ..reports.text import print_assessment
from .common import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_OK,
    Subparsers,
    add_context_arguments,
    context_from_args,
    open_output,
)


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Declare ``check`` and its arguments."""
    check = subparsers.add_parser(
        "check", help="check one post (argument or stdin) or a JSONL batch"
    )
    check.add_argument("text", nargs="?", help="the post; read from stdin when omitted")
    check.add_argument("--lang", choices=["auto", "en", "fr"], default="auto")
    check.add_argument(
        "--input",
        "-i",
        metavar="FILE",
        help="JSONL batch: one {id, text, lang?, context?} per line ('-' = stdin); the "
        "context flags apply to every line, a line's context overrides the fields it names",
    )
    check.add_argument("--format", "-f", choices=["text", "json", "sarif", "jsonl"])
    check.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    check.add_argument(
        "--fail-on",
        choices=[*LEVELS, "never"],
        default="moderate",
        help="exit 1 when a post reaches this level",
    )
    check.add_argument(
        "--on-error",
        choices=["stop", "continue"],
        default="continue",
        help="batch: on a malformed line, stop (exit 2) or report it and go on",
    )
    check.add_argument(
        "--jobs", "-j", type=int, default=0, help="batch: worker processes (0 = all cores)"
    )
    check.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    add_context_arguments(check)
    return check


def _fail_level(name: str) -> Level | None:
    """The level ``--fail-on`` names; ``None`` for ``never``."""
    return None if name == "never" else Level(name)


def _reached(level: Level, threshold: Level | None) -> bool:
    return threshold is not None and level.rank >= threshold.rank


def read_stdin_text() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not valid UTF-8 (bad byte at offset {exc.start}); "
            "save the text as UTF-8 and try again"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Check the post (or the ``--input`` batch); exit 1 when one reaches ``--fail-on``."""
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
    return EXIT_FOUND if _reached(assessment.level, _fail_level(args.fail_on)) else EXIT_OK


# --------------------------------------------------------------------------- batch


class BadLine(Exception):
    def __init__(self, lineno: int, message: str) -> None:
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno
        self.message = message


# en, fr, or another language's code (such a post is reported unchecked)
_LANG_TAG = re.compile(r"[a-z]{2,3}")


def parse_line(
    raw: bytes, lineno: int, default_lang: str | None, default_context: Context | None = None
) -> tuple[Any, Post, Context]:
    """One input line as (id, post, context). ``default_context`` (the command line's
    context flags) applies to every line; a line's own ``context`` overrides the fields
    it names."""
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
    if lang is not None and not (isinstance(lang, str) and _LANG_TAG.fullmatch(lang)):
        raise BadLine(lineno, f"'lang' must be a language code such as 'en' or 'fr', got {lang!r}")
    line_ctx = obj.get("context")
    try:
        if default_context is None:
            ctx = Context.from_dict(line_ctx)
        elif line_ctx is None:
            ctx = default_context
        elif isinstance(line_ctx, dict):
            ctx = Context.from_dict({**default_context.to_dict(), **line_ctx})
        else:
            ctx = Context.from_dict(line_ctx)  # the error names the wrong type
    except InputError as exc:
        raise BadLine(lineno, str(exc)) from None
    return obj.get("id", lineno), Post(text, lang=lang, platform=obj.get("platform")), ctx


def batch_projection(post: Post, a: Assessment) -> tuple[str, bytes]:
    """What a worker sends back for one post: its level and its output line."""
    d: dict[str, Any] = {
        "level": a.level.value if a.checked else UNCHECKED,
        "codes": a.codes,
        "findings": [f.to_dict() for f in a.findings],
    }
    if not a.checked:
        d["lang"] = a.lang
    return a.level.value, orjson.dumps(d)


# What a chunk of input lines becomes: per line, ("ok", level, output line) or
# ("bad", line number, message).
LineResult = tuple[str, Any, Any]
LINES_CHUNK = 1024


# What a worker gets: the default language and context, and the chunk's lines.
LineChunk = tuple[str | None, Context | None, list[tuple[int, bytes]]]


def assess_lines(chunk: LineChunk, engine: Engine | None = None) -> list[LineResult]:
    """Parse, check and format a chunk of input lines (in a worker: the parsing and
    the JSON out are spread over the cores too, not left to the main process)."""
    default_lang, default_context, lines = chunk
    out: list[LineResult] = []
    good: list[tuple[Post, Context]] = []
    ids: list[Any] = []
    for lineno, raw in lines:
        try:
            rid, post, ctx = parse_line(raw, lineno, default_lang, default_context)
        except BadLine as bad:
            out.append(("bad", bad.lineno, bad.message))
            continue
        out.append(("ok", None, None))
        good.append((post, ctx))
        ids.append(rid)
    results = (engine or worker_engine()).assess_batch(good)
    k = 0
    for i, row in enumerate(out):
        if row[0] == "ok":
            level, line = batch_projection(good[k][0], results[k])
            out[i] = ("ok", level, b'{"id":' + orjson.dumps(ids[k]) + b"," + line[1:] + b"\n")
            k += 1
    return out


def _line_chunks(
    stream: IO[bytes], default_lang: str | None, default_context: Context
) -> Iterator[LineChunk]:
    chunk: list[tuple[int, bytes]] = []
    for lineno, raw in enumerate(stream, 1):
        chunk.append((lineno, raw))
        if len(chunk) == LINES_CHUNK:
            yield default_lang, default_context, chunk
            chunk = []
    if chunk:
        yield default_lang, default_context, chunk


def _run_batch(args: argparse.Namespace) -> int:
    fmt = args.format or "jsonl"
    if fmt != "jsonl":
        raise InputError("--input works with --format jsonl")
    default_lang = None if args.lang == "auto" else args.lang
    threshold = _fail_level(args.fail_on)
    if args.input == "-":
        stream: IO[bytes] = sys.stdin.buffer
    else:
        try:
            stream = open(args.input, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"cannot read {args.input}: {exc.strerror}") from None

    stop = args.on_error == "stop"
    workers = args.jobs or cpu_count()
    errors = 0
    found = False
    # the input file is closed however this ends (stdin is left open)
    with nullcontext() if stream is sys.stdin.buffer else stream, open_output(args.output) as out:
        chunks = _line_chunks(stream, default_lang, context_from_args(args))
        if workers <= 1:
            engine = Engine()
            results: Iterator[list[LineResult]] = (assess_lines(c, engine) for c in chunks)
        else:
            results = imap_chunks(assess_lines, chunks, workers=workers)
        for chunk_results in results:
            for kind, a, b in chunk_results:
                if kind == "bad":
                    # reported in line order; the line keeps its place in the output
                    sys.stderr.write(f"postcheck: {args.input}: line {a}: {b}\n")
                    errors += 1
                    if stop:
                        return EXIT_ERROR
                    out.write(orjson.dumps({"id": None, "line": a, "error": b}).decode() + "\n")
                    continue
                out.write(b.decode())
                if _reached(Level(a), threshold):
                    found = True
    if errors:
        sys.stderr.write(f"postcheck: {errors} malformed line(s) reported and skipped\n")
    return EXIT_FOUND if found else EXIT_OK
