"""``postcheck rules [CODE]``: list considerations and rules, or document one."""

from __future__ import annotations

import argparse
import sys

import orjson

from ..engine import CODES, Engine, InputError
from .common import EXIT_OK, Subparsers

_HEAD = {
    "en": (
        "What it flags",
        "Why it matters",
        "Examples",
        "What to do instead",
        "Who can help",
        "Learning",
        "Rules",
    ),
    "fr": (
        "Ce qui est signalé",
        "Pourquoi c'est important",
        "Exemples",
        "Quoi faire plutôt",
        "Qui peut aider",
        "Formation",
        "Règles",
    ),
}


def add_parser(subparsers: Subparsers) -> argparse.ArgumentParser:
    """Declare ``rules`` and its arguments."""
    rules = subparsers.add_parser(
        "rules", help="list the considerations and rules, or document one"
    )
    rules.add_argument("code", nargs="?", help="a consideration code (PS04) or a rule id")
    rules.add_argument("--lang", choices=["en", "fr"], default="en")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    return rules


def run(args: argparse.Namespace) -> int:
    """List the considerations and their rules, or document the one ``code`` names."""
    engine = Engine(learned=False)
    lang = args.lang
    out = sys.stdout
    considerations = {c["code"]: c for c in engine.considerations(lang)}
    if args.code is None:
        if args.format == "json":
            data = {
                "considerations": list(considerations.values()),
                "rules": [_rule(r) for r in engine.rules()],
            }
            out.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
            return EXIT_OK
        for code in CODES:
            c = considerations[code]
            rules = engine.rules(code)
            out.write(f"{code}  {c['short']:<22} {c['name']}  ({len(rules)} rules)\n")
            for r in rules:
                out.write(f"    {r.id:<40} {r.kind:<8} {r.lang}  {r.file}:{r.line}\n")
        return EXIT_OK
    key = args.code.strip()
    if key.upper() in considerations:
        c = considerations[key.upper()]
        if args.format == "json":
            c = dict(c, rules=[_rule(r) for r in engine.rules(key.upper())])
            out.write(orjson.dumps(c, option=orjson.OPT_INDENT_2).decode() + "\n")
            return EXIT_OK
        h = _HEAD[lang]
        out.write(f"{c['code']} {c['name']} ({c['short']})\n\n")
        out.write(f"{h[0]}:\n  {c['covers']}\n\n{h[1]}:\n  {c['why']}\n\n{h[2]}:\n")
        for ex in c["examples"]:
            out.write(f"  - {ex}\n")
        out.write(f"\n{h[3]}:\n  {c['instead']}\n\n{h[4]}:\n")
        for cid in c["contacts"]:
            ct = engine.contact(cid, lang)
            out.write(f"  - {ct.name}\n")
        courses = [co.code for co in engine.route_courses([c["code"]], lang)]
        out.write(f"\n{h[5]}: {', '.join(courses)}\n\n{h[6]}:\n")
        for r in engine.rules(c["code"]):
            out.write(f"  - {r.id} ({r.kind}, {r.lang}): {r.message}\n")
        return EXIT_OK
    for r in engine.rules():
        if r.id == key:
            out.write(orjson.dumps(_rule(r), option=orjson.OPT_INDENT_2).decode() + "\n")
            return EXIT_OK
    raise InputError(f"no consideration or rule named {key!r}: try 'postcheck rules' for the list")


def _rule(r: object) -> dict[str, object]:
    return {k: getattr(r, k) for k in ("id", "code", "kind", "lang", "message", "file", "line")}
