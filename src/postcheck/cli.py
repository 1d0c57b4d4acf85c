"""``postcheck`` command line: the parser of every command in ``commands``, and ``main``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import __version__
from .commands import COMMANDS
from .commands.common import EXIT_ERROR, Parser, run_reporting_errors


def build_parser() -> argparse.ArgumentParser:
    """The ``postcheck`` parser, with a subparser per command."""
    parser = Parser(
        prog="postcheck",
        description="Check a post against the guidance on public servants' personal use "
        "of social media, review your own history, or run the web app.",
    )
    parser.add_argument("--version", action="version", version=f"postcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS:
        command.add_parser(sub).set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``postcheck`` with ``argv`` (the process's arguments when ``None``); the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    return run_reporting_errors(args.run, args)


__all__ = ["build_parser", "main"]
