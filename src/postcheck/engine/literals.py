"""Necessary literals of a regular expression, for prefiltering.

``required_condition(pattern)`` reads the regex with the standard library's own parser
and returns a condition that every match satisfies: for one of the pattern's
alternatives, each of its clauses has one of its literals in the text. The batch
pre-check (precheck.py) evaluates it per alternative (``split_alternatives``).

``required_literals(pattern)`` sums it up as one set of strings such that any match
contains at least one of them, or ``None`` when no such set is known (then the pattern
must run on every text); the matcher runs a pattern only on texts holding one.

Either way the result is exactly the same, only faster.
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the stdlib's own regex parser
import re._parser as _p
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .text import is_word_char

_MIN_USEFUL = 3


@lru_cache(maxsize=2048)
def parse(pattern: str, flags: int = 0) -> Any:
    """The stdlib parser's tree of a regex (read, never changed, by this module and
    the pre-check: parsed once per pattern)."""
    return _p.parse(pattern, flags)


# Literals so frequent in posts that requiring them filters little.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "from",
        "with",
        "you",
        "are",
        "our",
        "was",
        "were",
        "this",
        "that",
        "have",
        "has",
        "not",
        "but",
        "all",
        "can",
        "her",
        "here",
        "its",
        "his",
        "who",
        "out",
        "now",
        "one",
        "new",
        "get",
        "got",
        "just",
        "like",
        "very",
        "some",
        "more",
        "your",
        "they",
        "them",
        "les",
        "des",
        "une",
        "est",
        "que",
        "qui",
        "pour",
        "dans",
        "sur",
        "pas",
        "avec",
        "mon",
        "mes",
        "son",
        "ses",
    ]
)


def literal_selectivity(req: frozenset[str]) -> int:
    """How selective a requirement is: its weakest literal, by length, common words low."""
    worst = 99
    for lit in req:
        core = unmark(lit)[0].strip(" '.,")
        score = 1 if core in _COMMON else len(core)
        worst = min(worst, score)
    return worst


# --------------------------------------------------------------------------- conditions

Clause = frozenset[str]  # at least one of these literals is in every match
Conj = tuple[Clause, ...]  # all of these clauses hold
Dnf = tuple[Conj, ...]  # one of these conjunctions holds (empty conjunction: always)

_MAX_ALTS = 64  # above this many alternatives, a branch is summed up as one clause

_ALWAYS: Dnf = ((),)


def _cross(a: Dnf, b: Dnf) -> Dnf:
    if len(a) * len(b) > _MAX_ALTS:
        # too many combinations: keep the more selective side's alternatives
        return a if _dnf_strength(a) >= _dnf_strength(b) else b
    return tuple(x + y for x in a for y in b)


def _dnf_strength(d: Dnf) -> int:
    """How selective a condition is: its weakest alternative's best clause."""
    return min((max((literal_selectivity(c) for c in conj), default=0) for conj in d), default=0)


# In a condition read with ``marks=True``, a literal that sits at a word boundary in
# every match (after or before a ``\\b``) carries these marks at that end.
LEFT_MARK = "\x01"
RIGHT_MARK = "\x02"


_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
_NONWORD_CATEGORIES = (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD)


def _nonword_char(op: Any, av: Any) -> bool:
    """The item matches one character, never a word character."""
    if op is _c.LITERAL:
        return not is_word_char(chr(av))
    if op is _c.IN:
        return all(
            (o is _c.LITERAL and not is_word_char(chr(a)))
            or (o is _c.CATEGORY and a in _NONWORD_CATEGORIES)
            for o, a in av
        )
    return False


def _starts_nonword(item: Any) -> bool:
    """Every match of the item starts with a character that is no word character."""
    op, av = item
    if _nonword_char(op, av):
        return True
    if op is _c.SUBPATTERN:
        return bool(av[-1]) and _starts_nonword(av[-1][0])
    if op is _c.BRANCH:
        return all(bool(b) and _starts_nonword(b[0]) for b in av[1])
    if op in _REPEATS:
        return av[0] >= 1 and bool(av[2]) and _starts_nonword(av[2][0])
    return False


def _ends_nonword(items: Any) -> bool:
    """Every match of the sequence ends with a character that is no word character."""
    items = list(items)
    if not items:
        return False
    op, av = items[-1]
    if _nonword_char(op, av):
        return True
    if op is _c.SUBPATTERN:
        return _ends_nonword(av[-1])
    if op is _c.BRANCH:
        return all(_ends_nonword(b) for b in av[1])
    if op in _REPEATS:
        return av[0] >= 1 and _ends_nonword(av[2])
    return False


def unmark(lit: str) -> tuple[str, bool, bool]:
    """(literal, bounded on the left, bounded on the right)."""
    core = lit.lstrip(LEFT_MARK).rstrip(RIGHT_MARK)
    return core, lit.startswith(LEFT_MARK), lit.endswith(RIGHT_MARK)


# one branch per kind of parsed regex item, sharing the run being built: clearer together
def _dnf_seq(  # noqa: C901
    items: Any, left: bool = False, right: bool = False, marks: bool = False
) -> Dnf:
    """The condition of a sequence of parsed items. ``left``/``right``: the sequence
    starts after / ends before a word boundary (for ``marks``)."""
    items = list(items)
    out: Dnf = _ALWAYS
    run: list[str] = []
    run_left = False  # the current run starts at a word boundary
    bounded = left  # a run starting here would start at a word boundary
    boundary_after = False  # a \b follows the current run's last literal

    def close(right_here: bool) -> None:
        nonlocal out, run
        if len(run) >= _MIN_USEFUL:
            lit = "".join(run)
            if marks:
                lit = (LEFT_MARK if run_left else "") + lit + (RIGHT_MARK if right_here else "")
            out = _cross(out, ((frozenset([lit]),),))
        run = []

    def next_is_boundary(k: int) -> bool:
        # a \b next, or a character that is no word character
        return k + 1 < len(items) and (
            items[k + 1] == (_c.AT, _c.AT_BOUNDARY) or _starts_nonword(items[k + 1])
        )

    for k, (op, av) in enumerate(items):
        if op is _c.LITERAL:
            if not run:
                run_left = bounded
            run.append(chr(av))
            boundary_after = False
            bounded = False
            continue
        if op is _c.AT:
            if av is _c.AT_BOUNDARY:
                if run:
                    boundary_after = True
                else:
                    bounded = True
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        after = next_is_boundary(k) or (k == len(items) - 1 and right)
        sub_left = bounded
        if op in (_c.BRANCH, _c.SUBPATTERN) and run:
            # the parser factors a common prefix out of alternatives ("e(very|ach)"), and
            # a group may follow literals (" (morning|night)"): put the run in front of
            # each alternative, so that each keeps its whole words
            prefix = [(_c.LITERAL, ord(ch)) for ch in run]
            sub_left = run_left
            run = []
            if op is _c.BRANCH:
                av = (av[0], [prefix + list(b) for b in av[1]])
            else:
                av = (*av[:-1], prefix + list(av[-1]))
        close(boundary_after)
        boundary_after = False
        was_bounded = bounded
        if op in _REPEATS and av[0] == 0:
            # optional: after it, either where it would start or after its last character
            bounded = was_bounded and _ends_nonword(av[2])
        else:
            bounded = _ends_nonword([(op, av)])
        if op is _c.SUBPATTERN:
            out = _cross(out, _dnf_seq(av[-1], sub_left, after, marks))
        elif op is _c.BRANCH:
            alts: Dnf = ()
            for b in av[1]:
                alts += _dnf_seq(b, sub_left, after, marks)
            if any(not conj for conj in alts):
                alts = _ALWAYS  # one alternative needs no literal
            elif all(len(conj) == 1 for conj in alts) or len(alts) > _MAX_ALTS:
                # one clause: one of the alternatives' literals
                alts = (
                    (frozenset().union(*(max(conj, key=literal_selectivity) for conj in alts)),),
                )
            out = _cross(out, alts)
        elif op in _REPEATS:
            lo, hi, sub = av
            if lo >= 1:
                # the first repetition starts here; only a single one also ends here
                out = _cross(out, _dnf_seq(sub, sub_left, after and hi == 1, marks))
        elif op is _ATOMIC:
            out = _cross(out, _dnf_seq(av, sub_left, after, marks))
    close(boundary_after or right)
    return out


def required_condition(
    pattern: str, flags: int = 0, min_selectivity: int = 3, marks: bool = False
) -> Dnf:
    """A condition on literals that every match of ``pattern`` satisfies.

    The result is a disjunction of conjunctions of clauses: for some alternative of
    the pattern, every clause has one of its literals in the text. Clauses weaker than
    ``min_selectivity`` (short or very common literals) are dropped, as they filter
    little; an alternative left with no clause is always possible (``((),)``).
    With ``marks``, a literal bounded by ``\\b`` carries :data:`LEFT_MARK` /
    :data:`RIGHT_MARK` at that end (see :func:`unmark`).
    """
    try:
        parsed = parse(pattern, flags)
    except re.error:
        return _ALWAYS
    out: list[Conj] = []
    for conj in _dnf_seq(parsed, marks=marks):
        usable = [c for c in conj if min(len(unmark(lit)[0]) for lit in c) >= _MIN_USEFUL]
        kept = tuple(c for c in usable if literal_selectivity(c) >= min_selectivity)
        if not kept and usable:
            kept = (max(usable, key=literal_selectivity),)  # weak, but better than nothing
        if not kept:
            return _ALWAYS  # this alternative needs no literal
        out.append(kept)
    return tuple(out)


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literals one of which every match of ``pattern`` contains (None: unknown): the
    most selective clause of each alternative of :func:`required_condition`."""
    cond = required_condition(pattern, flags)
    if any(not conj for conj in cond):
        return None
    return frozenset().union(*(max(conj, key=literal_selectivity) for conj in cond))


def lowercase_ascii(pattern: str) -> bool:
    """True when every character ``pattern`` names (literals, set members, range ends)
    is ASCII and not an upper-case letter, and it has no back-reference.

    On folded text (see :mod:`.text`), such a pattern matches the same with or without
    ``re.IGNORECASE``: every character of the text is either lower-case ASCII or
    matches no ASCII character whatever the case. Without the flag, ``re`` scans for a
    literal prefix or a first-character set, several times faster.
    """
    try:
        parsed = parse(pattern, 0)
    except re.error:
        return False
    return _lowercase_ascii(parsed)


def walk(items: Any) -> Iterator[tuple[Any, Any]]:
    """Every node of a parsed regex (:func:`parse`), depth first."""
    for op, av in items:
        yield op, av
        if op is _c.SUBPATTERN:
            yield from walk(av[-1])
        elif op is _c.BRANCH:
            for b in av[1]:
                yield from walk(b)
        elif op in _REPEATS:
            yield from walk(av[2])
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from walk(av[1])
        elif op is _ATOMIC:
            yield from walk(av)
        elif op is _c.GROUPREF_EXISTS:
            yield from walk(av[1])
            if av[2] is not None:
                yield from walk(av[2])


def _plain(cp: int) -> bool:
    return cp < 128 and not 65 <= cp <= 90


def _lowercase_ascii(items: Any) -> bool:
    for op, av in walk(items):
        if op in (_c.LITERAL, _c.NOT_LITERAL) and not _plain(av):
            return False
        if op is _c.IN:
            for sub_op, sub_av in av:
                if sub_op in (_c.LITERAL, _c.NOT_LITERAL) and not _plain(sub_av):
                    return False
                if sub_op is _c.RANGE and not (
                    _plain(sub_av[0])
                    and _plain(sub_av[1])
                    and not (sub_av[0] <= 90 and sub_av[1] >= 65)
                ):
                    return False
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return False  # a back-reference compares text with text, case included
    return True


_BACKREF_RE = re.compile(r"\\[1-9]|\(\?P=")


def split_alternatives(pattern: str, flags: int = 0) -> list[str]:
    """The top-level alternatives of ``pattern``, each a whole pattern of its own.

    ``PREFIX(?P<hit>A|B|C)SUFFIX`` (or ``A|B|C``) gives ``PREFIX(?P<hit>A)SUFFIX`` and
    so on: the pattern matches somewhere exactly when one of them does, and each
    can be prefiltered by its own literals. Patterns with back-references, or that
    cannot be split cleanly, come back whole.
    """
    if _BACKREF_RE.search(pattern):
        return [pattern]
    open_at = pattern.find("(?P<hit>")
    start = 0 if open_at < 0 else open_at + len("(?P<hit>")
    depth = 0
    cuts: list[int] = []
    end = len(pattern)
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                end = i  # the end of the hit group
                break
            depth -= 1
        elif ch == "|" and depth == 0:
            cuts.append(i)
        i += 1
    if not cuts or (open_at >= 0 and end == len(pattern)):
        return [pattern]
    bounds = [start, *[c + 1 for c in cuts]]
    ends = [*cuts, end]
    head, tail = pattern[:start], pattern[end:]
    out = [head + pattern[b:e] + tail for b, e in zip(bounds, ends, strict=False)]
    try:
        for alt in out:
            re.compile(alt, flags)
    except re.error:
        return [pattern]
    return out
