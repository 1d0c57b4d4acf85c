"""``postcheck`` command line: a thin layer over the engine.

Exit status, like a linter: 0 nothing at or above ``--fail-on``, 1 found, 2 usage or
input error. Errors are one clear line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from .engine import (
    CODES,
    LEVELS,
    ROLES,
    Context,
    InputError,
    Level,
    PostcheckError,
    RulePackError,
)

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"postcheck: error: {message}\n")
        raise SystemExit(EXIT_ERROR)


@contextmanager
def open_output(path: str | None, what: str = "", newline: str | None = None) -> Iterator[IO[str]]:
    """The output file (UTF-8), or stdout when none (or '-') is given; a clear error when
    it cannot be opened or written (a full disk), so the block should only write.
    ``what`` names it in that error ("the report")."""
    if not path or path == "-":
        yield sys.stdout
        return
    try:
        with open(path, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
    except OSError as exc:
        raise InputError(
            f"cannot write {what + ' to ' if what else ''}{path}: {exc.strerror}"
        ) from None


def add_context_arguments(p: argparse.ArgumentParser) -> None:
    """The context flags shared by ``check`` and ``review``."""
    g = p.add_argument_group("context")
    g.add_argument("--role", default="employee", choices=ROLES)
    g.add_argument(
        "--followers",
        type=_non_negative_int,
        default=0,
        help="audience size (followers or connections)",
    )
    g.add_argument(
        "--identifiable", action="store_true", help="people can tell you are a public servant"
    )
    g.add_argument(
        "--own-work",
        action="store_true",
        dest="about_own_work",
        help="the post relates to your own work or organization",
    )
    g.add_argument(
        "--authorized", action="store_true", help="you are authorized to post on this topic"
    )
    g.add_argument(
        "--election",
        action="store_true",
        dest="election_period",
        help="an election or campaign period is under way",
    )
    g.add_argument(
        "--disclaimer",
        choices=["auto", "yes", "no"],
        default="auto",
        help="a 'views are my own' disclaimer on the profile (auto: detect in text)",
    )
    g.add_argument("--anonymous", action="store_true", help="the account is anonymous")


def context_from_args(args: argparse.Namespace) -> Context:
    disclaimer = {"auto": None, "yes": True, "no": False}[args.disclaimer]
    return Context(
        role=args.role,
        followers=args.followers,
        identifiable=args.identifiable,
        about_own_work=args.about_own_work,
        authorized=args.authorized,
        election_period=args.election_period,
        disclaimer=disclaimer,
        anonymous=True if args.anonymous else None,
    )


def _non_negative_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="postcheck",
        description="Check a post against the guidance on public servants' personal use "
        "of social media, review your own history, or run the web app.",
    )
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check one post (argument or stdin) or a JSONL batch")
    check.add_argument("text", nargs="?", help="the post; read from stdin when omitted")
    check.add_argument("--lang", choices=["auto", "en", "fr"], default="auto")
    check.add_argument(
        "--input",
        "-i",
        metavar="FILE",
        help="JSONL batch: one {id, text, lang?, context?} per line ('-' = stdin)",
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

    rules = sub.add_parser("rules", help="list the considerations and rules, or document one")
    rules.add_argument("code", nargs="?", help="a consideration code (PS04) or a rule id")
    rules.add_argument("--lang", choices=["en", "fr"], default="en")
    rules.add_argument("--format", choices=["text", "json"], default="text")

    ev = sub.add_parser("evaluate", help="score the engine on a labeled JSONL (dev-set schema)")
    ev.add_argument("path", help="labeled JSONL file")
    ev.add_argument("--format", choices=["text", "json"], default="text")
    ev.add_argument("--errors", action="store_true", help="list the records it gets wrong")

    review = sub.add_parser("review", help="review your own history from a platform export")
    _attach("postcheck.review", review)

    serve = sub.add_parser("serve", help="run the web app (migrate, demo data, production server)")
    _attach("postcheck.web.serve", serve)
    return parser


def _attach(module: str, parser: argparse.ArgumentParser) -> None:
    """Let a feature module declare its own arguments (``add_arguments``) and ``run``."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        parser.set_defaults(_missing=f"{parser.prog} is not available: {exc}")
        return
    mod.add_arguments(parser)
    parser.set_defaults(_run=mod.run)


def _version() -> str:
    from . import __version__

    return f"postcheck {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        if args.command == "check":
            from .commands.check import run_check

            return run_check(args)
        if args.command == "rules":
            from .commands.rules import run_rules

            return run_rules(args)
        if args.command == "evaluate":
            from .commands.evaluate import run_evaluate

            return run_evaluate(args)
        if getattr(args, "_missing", None):
            sys.stderr.write(f"postcheck: {args._missing}\n")
            return EXIT_ERROR
        result: int = args._run(args)
        return result
    except RulePackError as exc:
        sys.stderr.write(f"postcheck: bad rule pack: {exc}\n")
        return EXIT_ERROR
    except (InputError, PostcheckError) as exc:
        sys.stderr.write(f"postcheck: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("postcheck: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def fail_level(name: str) -> Level | None:
    return None if name == "never" else Level(name)


def reached(level: Level, threshold: Level | None) -> bool:
    return threshold is not None and level.rank >= threshold.rank


__all__ = ["CODES", "add_context_arguments", "build_parser", "context_from_args", "main"]
