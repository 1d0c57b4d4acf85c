"""``postcheck rules [CODE | RULE-ID]``: list considerations and rules, or document one."""

from __future__ import annotations

import argparse
import sys

import orjson

from ..engine import CODES, Context, Engine, InputError
from ..engine.packs import Rule
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
    rule = _find_rule(engine, key)
    if rule is not None:
        if args.format == "json":
            out.write(orjson.dumps(_rule_doc(rule), option=orjson.OPT_INDENT_2).decode() + "\n")
        else:
            out.write(_rule_text(rule, considerations[rule.code], lang))
        return EXIT_OK
    raise InputError(f"no consideration or rule named {key!r}: try 'postcheck rules' for the list")


def _rule(r: object) -> dict[str, object]:
    return {k: getattr(r, k) for k in ("id", "code", "kind", "lang", "message", "file", "line")}


_RULE_HEAD = {
    "en": {
        "raises": "Raises",
        "message": "Message",
        "kind": "Kind",
        "lang": "Language",
        "applies": "Applies",
        "always": "to every post",
        "when": "only when",
        "exceptions": "Exceptions (innocent senses it ignores)",
        "flag": "Posts it flags",
        "pass": "Posts it passes",
        "context": "context",
        "pack": "Pack",
    },
    "fr": {
        "raises": "Soulève",
        "message": "Message",
        "kind": "Type",
        "lang": "Langue",
        "applies": "S'applique",
        "always": "à toute publication",
        "when": "seulement quand",
        "exceptions": "Exceptions (sens innocents ignorés)",
        "flag": "Publications signalées",
        "pass": "Publications non signalées",
        "context": "contexte",
        "pack": "Fichier",
    },
}


def _find_rule(engine: Engine, rule_id: str) -> Rule | None:
    for rules in engine.ruleset.rules.values():
        for rule in rules:
            if rule.id == rule_id:
                return rule
    return None


def _rule_text(rule: Rule, consideration: dict[str, object], lang: str) -> str:
    """A rule's documentation as ``ruff rule`` prints one: what it raises, its message and
    ``doc``, where it applies, its exceptions and its examples. Headings follow ``lang``;
    the rule's own words stay in the rule's language."""
    h = _RULE_HEAD[lang]
    lines = [
        f"{rule.id}",
        "",
        f"{h['raises']}: {rule.code} {consideration['name']} ({consideration['short']})",
        f"{h['message']}: {rule.message}",
    ]
    if rule.doc:
        lines += ["", rule.doc]
    applies = f"{h['when']} {_conditions(dict(rule.when))}" if rule.when else h["always"]
    lines += [
        "",
        f"{h['kind']}: {rule.kind}",
        f"{h['lang']}: {rule.lang}",
        f"{h['applies']}: {applies}",
    ]
    if rule.exceptions:
        lines += ["", f"{h['exceptions']}:"] + [f"  - {e}" for e in rule.exceptions]
    for flag in (True, False):
        lines += ["", f"{h['flag' if flag else 'pass']}:"]
        for ex in rule.examples:
            if ex.flag is flag:
                given = _conditions(_given(ex.context))
                lines.append(f"  - {ex.text}" + (f"  ({h['context']}: {given})" if given else ""))
    lines += ["", f"{h['pack']}: {rule.file}:{rule.line}"]
    return "\n".join(lines) + "\n"


def _given(context: Context) -> dict[str, object]:
    """The fields of ``context`` that differ from the default context."""
    default = Context().to_dict()
    return {k: v for k, v in context.to_dict().items() if v != default[k]}


def _conditions(values: dict[str, object]) -> str:
    return ", ".join(f"{k}={orjson.dumps(v).decode()}" for k, v in values.items())


def _rule_doc(rule: Rule) -> dict[str, object]:
    doc = _rule(rule)
    doc.update(
        doc=rule.doc,
        when=dict(rule.when),
        exceptions=list(rule.exceptions),
        examples={
            key: [
                {"text": ex.text, "context": _given(ex.context)}
                for ex in rule.examples
                if ex.flag is flag
            ]
            for key, flag in (("flag", True), ("pass", False))
        },
    )
    return doc
