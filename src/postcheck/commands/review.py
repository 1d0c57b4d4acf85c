"""``postcheck review``: review your own posting history from a platform export.

Thin layer: arguments here; reading in ``archives``, assessing in
``postcheck.review``, writing in ``reports``. Runs locally and stores nothing except
the report you ask for.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from ..archives import IMPORTERS, ImportOptions, open_export, supported_formats
from ..engine import LEVELS, ROLES, InputError, Level
from ..reports.history import ReviewResult
from ..review import DEFAULT_KINDS, Progress, ReviewPlan, run_review
from .common import (
    EXIT_FOUND,
    EXIT_OK,
    Subparsers,
    add_context_arguments,
    context_from_args,
    open_output,
)

# the words --include and --exclude take, and the post kind each names
_KIND_FLAGS = {"replies": "reply", "reposts": "repost", "comments": "comment", "posts": "post"}


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Declare ``review`` and its arguments."""
    parser = subparsers.add_parser(
        "review",
        help="review your own history from a platform export",
        description="Review your own posting history from a platform export (zip, tar.gz, "
        f"folder or file). Supported: {supported_formats()}. Private messages are never "
        "opened, on any platform, even when named: direct messages, chats, inboxes, "
        "message files and LinkedIn invitations; the report lists them under Left out.",
    )
    parser.add_argument("export", help="your downloaded export: zip, tar.gz, folder or file")
    parser.add_argument(
        "--format-hint",
        choices=list(IMPORTERS),
        help="read the input as this format instead of detecting it; 'generic' reads a CSV "
        "or JSONL of your posts: the file itself, or inside an archive or folder the file "
        "named with --file",
    )
    parser.add_argument("--since", metavar="DATE", help="only posts on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="only posts before DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--as-role", choices=ROLES, help="judge every post as if posted in this (new) role"
    )
    parser.add_argument(
        "--role-change-date",
        metavar="DATE",
        help="with --as-role: when the role changed; older posts are also "
        "judged in the former role (--role) to show what the change raises",
    )
    parser.add_argument(
        "--min-level",
        choices=LEVELS,
        default="moderate",
        help="report posts at or above this level (default: moderate)",
    )
    parser.add_argument(
        "--include", metavar="KINDS", default="", help="also review these: replies,reposts,comments"
    )
    parser.add_argument(
        "--exclude", metavar="KINDS", default="", help="leave these out: replies,reposts,comments"
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--report",
        metavar="FILE.html",
        help="write a self-contained HTML report (bilingual, accessible)",
    )
    out.add_argument("--lang", choices=["en", "fr"], default="en", help="report language")
    out.add_argument(
        "--format",
        "-f",
        choices=["json", "csv", "jsonl"],
        help="machine-readable result on stdout (or -o FILE)",
    )
    out.add_argument("--output", "-o", metavar="FILE", help="write --format output here")
    out.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (0 = all cores)")
    gen = parser.add_argument_group("generic CSV/JSONL")
    gen.add_argument(
        "--file",
        metavar="NAME",
        action="append",
        default=[],
        help="the CSV or JSONL file of your posts inside the archive or folder, read with "
        "--format-hint generic (implied); its path inside the archive, or its name when "
        "only one file has it; repeat for more. A file of private messages is refused",
    )
    gen.add_argument("--text-column")
    gen.add_argument("--date-column")
    gen.add_argument("--id-column")
    gen.add_argument("--url-column")
    add_context_arguments(parser)
    return parser


def _date(value: str | None, flag: str) -> datetime | None:
    if value is None:
        return None
    try:
        d = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{flag}: {value!r} is not a date; use YYYY-MM-DD") from None
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def _kinds(include: str, exclude: str) -> frozenset[str]:
    kinds = set(DEFAULT_KINDS)
    for raw, add in ((include, True), (exclude, False)):
        for word in filter(None, (w.strip().lower() for w in raw.split(","))):
            kind = _KIND_FLAGS.get(word)
            if kind is None:
                raise InputError(
                    f"unknown kind {word!r} in --include/--exclude: use replies, reposts, "
                    "comments or posts"
                )
            (kinds.add if add else kinds.discard)(kind)
    return frozenset(kinds)


def _plan(args: argparse.Namespace) -> ReviewPlan:
    if args.role_change_date and not args.as_role:
        raise InputError("--role-change-date needs --as-role (the role you changed to)")
    if args.jobs < 0:
        raise InputError("--jobs cannot be negative")
    since, until = _date(args.since, "--since"), _date(args.until, "--until")
    if since and until and since >= until:
        raise InputError("--since must be before --until")
    return ReviewPlan(
        context=context_from_args(args),
        min_level=Level(args.min_level),
        kinds=_kinds(args.include, args.exclude),
        since=since,
        until=until,
        as_role=args.as_role,
        role_change=_date(args.role_change_date, "--role-change-date"),
        workers=args.jobs,
    )


def run(args: argparse.Namespace) -> int:
    """Run the review; exit 1 when a post reaches ``--min-level``, 0 otherwise."""
    from ..reports.history import write_csv, write_json, write_jsonl
    from ..reports.text import unchecked_note

    plan = _plan(args)
    if args.output and not args.format:
        raise InputError("-o/--output needs --format json, csv or jsonl")
    if args.report == "-":
        raise InputError("--report needs a file name (the HTML report is not written to stdout)")
    options = ImportOptions(
        args.text_column, args.date_column, args.id_column, args.url_column, tuple(args.file)
    )
    export = open_export(args.export, format_hint=args.format_hint, options=options)
    progress, stop = _progress_bar()
    try:
        result = run_review(export, plan, progress)
    finally:
        stop()
        export.close()
    if args.report:
        _write_report(args.report, result, args.lang)
    fmt = args.format or ("json" if not args.report else None)
    if fmt:
        writer = {"json": write_json, "csv": write_csv, "jsonl": write_jsonl}[fmt]
        with open_output(args.output, newline="") as out:
            writer(result, out)
    if result.unchecked:
        sys.stderr.write(unchecked_note(result.unchecked) + "\n")
    if args.report and sys.stderr.isatty():
        sys.stderr.write(f"report written to {args.report}\n")
    return EXIT_FOUND if len(result.flagged) else EXIT_OK


def _write_report(path: str, result: ReviewResult, lang: str) -> None:
    from ..engine import default_engine
    from ..reports.html import write_html

    considerations = default_engine().considerations(lang)
    with open_output(path, what="the report") as fh:
        write_html(result, fh, lang=lang, considerations=considerations)


def _progress_bar() -> tuple[Progress | None, Callable[[], None]]:
    """A rich progress bar on stderr when it is a terminal; quiet otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("reviewing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("posts · {task.fields[rate]} posts/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    task = bar.add_task("review", total=None, rate="-")
    started = [False]

    def update(done: int, total: int | None) -> None:
        # Started on the first update, once the worker processes exist: forking while
        # the bar's refresh thread holds a lock could hang a worker.
        if not started[0]:
            bar.start()
            started[0] = True
        elapsed = bar.tasks[0].elapsed or 0
        rate = f"{done / elapsed:,.0f}" if elapsed else "-"
        bar.update(task, completed=done, total=max(total, done) if total else None, rate=rate)

    def stop() -> None:
        if started[0]:
            bar.stop()

    return update, stop
