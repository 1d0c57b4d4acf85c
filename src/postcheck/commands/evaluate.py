"""``postcheck evaluate FILE``: quality figures on a labeled JSONL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from ..engine import Engine
from ..evaluation import evaluate, format_report, load_labeled
from .common import EXIT_OK, Subparsers


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Declare ``evaluate`` and its arguments."""
    ev = subparsers.add_parser(
        "evaluate", help="score the engine on a labeled JSONL (dev-set schema)"
    )
    ev.add_argument("path", help="labeled JSONL file")
    ev.add_argument("--format", choices=["text", "json"], default="text")
    ev.add_argument("--errors", action="store_true", help="list the records it gets wrong")
    return ev


def run(args: argparse.Namespace) -> int:
    """Print the quality figures (and, with ``--errors``, the records it gets wrong)."""
    records = load_labeled(Path(args.path))
    result = evaluate(Engine(), records)
    if args.format == "json":
        sys.stdout.write(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    sys.stdout.write(format_report(result) + "\n")
    if args.errors:
        sys.stdout.write(f"\n{len(result['errors'])} records not fully right:\n")
        for e in result["errors"]:
            sys.stdout.write(
                f"  {e['id']:<6} {e['lang']} expected {e['expected'][0]:<8} {','.join(e['expected'][1]):<20}"
                f" got {e['got'][0]:<8} {','.join(e['got'][1]):<20} | {e['text'][:90]!r}\n"
            )
    return EXIT_OK
