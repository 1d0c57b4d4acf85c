"""Necessary literals of a regular expression, for prefiltering.

``required_literals(pattern)`` returns a set of strings such that any match of the
pattern contains at least one of them, or ``None`` when no such set is known (then
the pattern must run on every text). The matcher puts these literals in an
Aho-Corasick automaton and runs a pattern only on texts that contain one: the
result is exactly the same, only faster.
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the stdlib's own regex parser
import re._parser as _p
from typing import Any

Req = frozenset[str] | None

_MIN_USEFUL = 3

# Literals so frequent in posts that requiring them filters little.
_COMMON = frozenset(
    ["the", "and", "for", "from", "with", "you", "are", "our", "was", "were", "this", "that", "have", "has", "not", "but", "all", "can", "her", "here", "its", "his", "who", "out", "now", "one", "new", "get", "got", "just", "like", "very", "some", "more", "your", "they", "them", "les", "des", "une", "est", "que", "qui", "pour", "dans", "sur", "pas", "avec", "mon", "mes", "son", "ses"]
)


def _selectivity(req: frozenset[str]) -> int:
    """How selective a requirement is: its weakest literal, by length, common words low."""
    worst = 99
    for lit in req:
        core = lit.strip(" '.,")
        score = 1 if core in _COMMON else len(core)
        worst = min(worst, score)
    return worst


def _better(a: Req, b: Req) -> Req:
    """The more selective of two requirements."""
    if a is None:
        return b
    if b is None:
        return a
    return a if _selectivity(a) >= _selectivity(b) else b


def _seq(items: Any) -> Req:
    best: Req = None
    run: list[str] = []

    def close() -> None:
        nonlocal best, run
        if len(run) >= _MIN_USEFUL:
            best = _better(best, frozenset(["".join(run)]))
        run = []

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            # zero-width: does not break a run of literals
            continue
        close()
        if op is _c.SUBPATTERN:
            best = _better(best, _seq(av[-1]))
        elif op is _c.BRANCH:
            alts = [_seq(b) for b in av[1]]
            if alts and all(a is not None for a in alts):
                best = _better(best, frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                best = _better(best, _seq(sub))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            best = _better(best, _seq(av))
    close()
    return best


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains (None: unknown)."""
    try:
        parsed = _p.parse(pattern, flags)
    except re.error:
        return None
    req = _seq(parsed)
    if req is None or min(map(len, req)) < _MIN_USEFUL:
        return None
    return req
