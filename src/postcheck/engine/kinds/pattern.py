r"""``kind: pattern``: a rule that fires where its regular expression matches the folded text.

.. code-block:: yaml

    - id: en.security.secure-spaces
      code: PS07
      kind: pattern
      pattern: "\\b(?P<hit>secure room|scif|(top secret|secret) (network|system))"
      anchors: [secure, scif, secret]   # optional: one of them must be in the post

The pattern is written for folded text (lower case, accents kept, look-alike letters
folded; :func:`..text.fold_pattern`). The rule reports its first match not covered by an
exception. A pattern runs only on texts holding one of its necessary literals
(:func:`..literals.required_literals`); in a batch, the pre-check splits it into its
top-level alternatives, each with a condition on literals
(:func:`..literals.required_condition`), and searches only those whose condition holds.
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the stdlib's own regex parser
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import ahocorasick
import numpy as np
from pydantic import Field, field_validator

from ..literals import (
    Dnf,
    lowercase_ascii,
    parse,
    required_condition,
    required_literals,
    split_alternatives,
    unmark,
    walk,
)
from ..model import Context
from ..text import fold_pattern
from .base import (
    K_RULE,
    Atoms,
    Batch,
    Entry,
    Found,
    Hits,
    Ints,
    Keys,
    KindSettings,
    MayFire,
    RuleKind,
    Span,
    Term,
    applies,
    or_by_key,
)

if TYPE_CHECKING:
    from ..packs import Rule


class PatternSettings(KindSettings):
    kind: Literal["pattern"] = "pattern"
    pattern: str = Field(min_length=1)
    anchors: list[Term] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        try:
            re.compile(fold_pattern(v))
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        return v


class Pattern(RuleKind):
    """Pattern rules: each regex compiled, with its prefilter and its alternatives."""

    name = "pattern"
    settings = PatternSettings

    def __init__(self, lang: str, rules: Sequence[Rule]) -> None:
        super().__init__(lang, rules)
        self.regexes: dict[int, re.Pattern[str]] = {
            i: _compile(fold_pattern(_settings(rules[i]).pattern)) for i in self.indices
        }
        # the lists among each rule's anchors (the words are keys of the rule itself)
        self._anchor_lists: dict[int, list[str]] = {
            i: [a[1:] for a in _settings(rules[i]).anchors if a.startswith("@")]
            for i in self.indices
        }
        # Prefilter: a pattern runs only on texts holding one of its necessary literals.
        self._unfiltered: list[int] = []
        self._literals = ahocorasick.Automaton()
        by_literal: dict[str, list[int]] = defaultdict(list)
        for i, regex in self.regexes.items():
            needed = required_literals(regex.pattern)
            if needed is None:
                self._unfiltered.append(i)
            else:
                for lit in needed:
                    by_literal[lit].append(i)
        for lit, idxs in by_literal.items():
            self._literals.add_word(lit, tuple(idxs))
        self._has_literals = bool(by_literal)
        if self._has_literals:
            self._literals.make_automaton()
        # For the batch: the patterns split into alternatives (``subs``), each with a
        # condition on literals (a disjunction of conjunctions of clauses); those with
        # no condition are searched over the whole batch at once (``_Scan``), or in
        # every post when that is not exact (``always``).
        self.subs: list[tuple[int, re.Pattern[str]]] = []  # (rule index, regex)
        self._conditions: list[tuple[int, Dnf]] = []  # (sub, condition)
        always: list[int] = []
        self._scans: list[tuple[int, _Scan]] = []
        for i, regex in self.regexes.items():
            alts = split_alternatives(regex.pattern, regex.flags)
            for alt in alts:
                sub = len(self.subs)
                alt_regex = regex if len(alts) == 1 else re.compile(alt, regex.flags)
                self.subs.append((i, alt_regex))
                cond = required_condition(alt, marks=True)
                if any(not conj for conj in cond):
                    scan = _Scan.of(alt_regex)
                    if scan is None:
                        always.append(sub)
                    else:
                        self._scans.append((sub, scan))
                else:
                    self._conditions.append((sub, cond))
        self.always = frozenset(always)
        self._sub_rule = np.asarray([i for i, _r in self.subs], dtype=np.int64)
        conj_sub: list[int] = []
        conj_full: list[int] = []
        for sub, cond in self._conditions:
            for conj in cond:
                conj_sub.append(sub)
                conj_full.append((1 << len(conj)) - 1)
        self._conj_sub = np.asarray(conj_sub, dtype=np.int64)
        self._conj_full = np.asarray(conj_full, dtype=np.int64)

    @classmethod
    def references(cls, settings: PatternSettings) -> Iterable[Sequence[str]]:
        return [settings.anchors]

    def add_keys(self, index: int, rule: Rule, keys: Keys) -> None:
        for t in _settings(rule).anchors:
            keys.add(t, K_RULE, index)

    def candidates(self, folded: str) -> set[int]:
        """Indices of the pattern rules that may match ``folded`` (the prefilter)."""
        found = set(self._unfiltered)
        if self._has_literals:
            for _end, idxs in self._literals.iter(folded):
                found.update(idxs)
        return found

    def by_rule(self, subs: frozenset[int]) -> dict[int, list[re.Pattern[str]]]:
        """The alternatives ``subs`` grouped by pattern rule, in the rule's order."""
        out: dict[int, list[re.Pattern[str]]] = {}
        for sub in sorted(subs):
            i, regex = self.subs[sub]
            out.setdefault(i, []).append(regex)
        return out

    def findings(
        self, folded: str, hits: Hits, context: Context, narrowed: object | None = None
    ) -> Iterator[tuple[int, int, int]]:
        """``narrowed``: the alternatives that may match (from the pre-check), or None
        to try every pattern rule whose literals are present."""
        alternatives = None
        if narrowed is not None:
            assert isinstance(narrowed, frozenset)
            alternatives = self.by_rule(narrowed)
        candidates = self.candidates(folded) if alternatives is None else alternatives
        rules, regexes, anchor_lists = self.rules, self.regexes, self._anchor_lists
        for i in sorted(candidates):
            rule = rules[i]
            if (
                _settings(rule).anchors
                and i not in hits.rules
                and not any(hits.lists.get(name) for name in anchor_lists[i])
            ):
                continue
            if not applies(rule, context):
                continue
            if alternatives is not None:
                # The pattern's first match is the leftmost of its alternatives' first
                # matches (the earliest alternative on a tie); search only those that
                # may match, and fall back to the whole pattern if that one is excepted.
                first = _first_match(alternatives[i], folded)
                if first is None:
                    continue
                s, e = first
                if e > s and not hits.excepted(i, s, e):
                    yield i, s, e
                    continue
            for m in regexes[i].finditer(folded):
                s, e = _span(m)
                if e > s and not hits.excepted(i, s, e):
                    yield i, s, e
                    break

    def add_atoms(self, entries: Mapping[str, Sequence[Entry]], atoms: Atoms) -> None:
        cid = 0
        for _sub, cond in self._conditions:
            for conj in cond:
                for b, clause in enumerate(conj):
                    for lit in clause:
                        # marked where a word boundary bounds it in the regex
                        core, left, right = unmark(lit)
                        atoms.add(core, left, right, None, cid, 1 << b)
                cid += 1

    def may_fire(self, found: Found, batch: Batch) -> MayFire:
        """The (post, alternative) pairs whose condition on literals holds, and those
        the scans find, are searched (:meth:`_search`)."""
        none = np.zeros(0, dtype=np.int64)
        cand_post, cand_sub = none, none
        if len(found.post):
            n_conj = len(self._conj_sub)
            uniq, mask = or_by_key(found.post * n_conj + found.ref, found.bit)
            conj = uniq % n_conj
            held = mask == self._conj_full[conj]
            cand_post, cand_sub = uniq[held] // n_conj, self._conj_sub[conj[held]]
        for sub, scan in self._scans:
            posts = scan.posts(batch.big, batch.starts)
            cand_post = np.concatenate((cand_post, posts))
            cand_sub = np.concatenate((cand_sub, np.full(len(posts), sub, dtype=np.int64)))
        post, rule = self._search(batch, cand_post, cand_sub)
        by_post: dict[int, set[int]] = defaultdict(set)
        for p, sub in zip(cand_post.tolist(), cand_sub.tolist(), strict=True):
            by_post[p].add(sub)
        always = self.always
        return MayFire(
            post, rule, {p: always | subs for p, subs in by_post.items()}, default=always
        )

    def _search(self, batch: Batch, cand_post: Ints, cand_sub: Ints) -> tuple[Ints, Ints]:
        """The (post, pattern rule) pairs where an alternative matches: each candidate
        (post, alternative) searched once, and the alternatives with no condition in
        every post (not in posts already marked ``must``: they get the full check)."""
        subs, folded, ok, must = self.subs, batch.folded, batch.ok, batch.must
        found: set[tuple[int, int]] = set()
        if len(cand_post):
            pair = np.unique(cand_post * len(subs) + cand_sub)
            posts, which = pair // len(subs), pair % len(subs)
            rules = self._sub_rule[which]
            todo = ok[posts, rules] & ~must[posts]
            for p, sub, i in zip(
                posts[todo].tolist(), which[todo].tolist(), rules[todo].tolist(), strict=True
            ):
                if (p, i) not in found and subs[sub][1].search(folded[p]) is not None:
                    found.add((p, i))
        for p in np.flatnonzero(~must).tolist() if self.always else ():
            f = folded[p]
            for sub in sorted(self.always):
                i, regex = subs[sub]
                if ok[p, i] and (p, i) not in found and regex.search(f) is not None:
                    found.add((p, i))
        pairs = np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)
        return pairs[:, 0], pairs[:, 1]


def _settings(rule: Rule) -> PatternSettings:
    assert isinstance(rule.settings, PatternSettings)
    return rule.settings


def _compile(folded: str) -> re.Pattern[str]:
    """A rule's (folded) pattern, compiled to match folded text whatever the case:
    case-sensitively when that is the same (much faster; see :func:`lowercase_ascii`)."""
    return re.compile(folded, 0 if lowercase_ascii(folded) else re.IGNORECASE)


def _span(m: re.Match[str]) -> Span:
    """A match's span: its group ``hit`` if the pattern names one."""
    try:
        return m.span("hit")
    except IndexError:
        return m.span()


def _first_match(alternatives: list[re.Pattern[str]], folded: str) -> Span | None:
    best: re.Match[str] | None = None
    for regex in alternatives:
        m = regex.search(folded)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    return None if best is None else _span(best)


class _Scan:
    """Finds the posts of a joined batch an alternative with no literal condition may
    match, with a few searches of the whole batch instead of one search per post.

    Exact for a regex whose only assertions are word boundaries (``\\b``, ``\\B``): the
    separator is not a word character, so each post reads as it does alone, and a search
    resumed at each post's start finds every post with a match (a match running past
    its post's end only adds that post). A leading ``\\b`` is dropped for the scan, which
    only adds posts; the posts found are then searched with the exact regex.
    """

    def __init__(self, exact: re.Pattern[str], loose: re.Pattern[str]) -> None:
        self.exact = exact
        self.loose = loose

    @classmethod
    def of(cls, regex: re.Pattern[str]) -> _Scan | None:
        if not _boundaries_only(regex.pattern, regex.flags):
            return None
        loose = regex.pattern[2:] if regex.pattern.startswith(r"\b") else regex.pattern
        try:
            return cls(regex, re.compile(loose, regex.flags))
        except re.error:
            return cls(regex, regex)

    def posts(self, big: str, starts_of: Ints) -> Ints:
        found: list[int] = []
        starts = starts_of.tolist()
        n, pos = len(starts), 0
        search = self.loose.search
        while (m := search(big, pos)) is not None:
            p = int(np.searchsorted(starts_of, m.start(), side="right")) - 1
            end = len(big) if p + 1 >= n else starts[p + 1] - 1
            if self.exact.search(big, starts[p], end) is not None:
                found.append(p)
            if p + 1 >= n:
                break
            pos = starts[p + 1]
        return np.asarray(found, dtype=np.int64)


def _boundaries_only(pattern: str, flags: int) -> bool:
    """True when the regex asserts nothing but word boundaries (no ^, $, look-around)."""
    try:
        parsed = parse(pattern, flags)
    except re.error:
        return False
    if flags & re.MULTILINE or parsed.state.flags & re.MULTILINE:
        return False
    return not any(
        (op is _c.AT and av not in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY))
        or op in (_c.ASSERT, _c.ASSERT_NOT, _c.GROUPREF, _c.GROUPREF_EXISTS)
        for op, av in walk(parsed)
    )
