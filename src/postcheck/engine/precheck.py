"""The batch pre-check: which posts of a batch may raise something under a language's
rules, decided for the whole batch at once.

Most posts raise nothing. For them, the full check (:class:`.matcher.Matcher` scan, every
rule, every detector) is wasted work; the pre-check finds them with one pass of an
Aho-Corasick automaton over the batch's texts joined together, and numpy does the rest:

* a terms rule can fire only on one of its terms or list entries, at word boundaries;
* a cooccurrence rule only when every one of its groups has a hit;
* a pattern rule, split into its top-level alternatives, only where an alternative's
  condition on literals holds (:func:`.literals.required_condition`) and the
  alternative's regex then matches (the only per-post work, and rare);
* the disclaimer list and the engine's hints (marking words, cue domains) always count.

Exceptions and anchors only ever remove or restrict hits, so they are left out. A rule
counts only where its ``when:`` holds for the post's context. The answer is "maybe" or
"certainly not": the full check decides every "maybe", so the pre-check can only make
the engine faster, never change a result (tests/engine/test_batch_equivalence.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import ahocorasick
import numpy as np
import numpy.typing as npt

from .literals import required_condition, split_alternatives
from .matcher import ALWAYS_LISTS, K_LIST, K_TERM, Matcher
from .text import SEP, code_points, fold, join_batch, post_of, word_chars

# How a key must sit in the text to count.
ANY = 0  # anywhere (a literal, a hint)
START = 1  # at a word start (a ``prefix*`` term)
BOTH = 2  # a whole word or phrase

# What a key stands for.
FIRE = 0  # a hint or the disclaimer list: the post needs the full check
RULE = 1  # a terms rule
GROUP = 2  # one group of a cooccurrence rule (bit: the group)
LITERAL = 3  # a clause of an alternative's condition (ref: conjunction, bit: the clause)

Bools = npt.NDArray[np.bool_]


class PreCheck:
    """The pre-check for one language's rules (see the module's documentation)."""

    def __init__(self, matcher: Matcher, hints: Iterable[str] = ()) -> None:
        self.n_rules = len(matcher.rules)
        no_rule = self.n_rules  # the column of ``ok`` that is always true
        atoms: dict[str, set[tuple[int, int, int, int, int]]] = defaultdict(set)

        def add(key: str, mode: int, kind: int, rule: int, ref: int = 0, bit: int = 0) -> None:
            atoms[key].add((mode, kind, rule, ref, bit))

        group_users: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._group_full = np.zeros(self.n_rules + 1, dtype=np.int64)
        for i, groups in matcher.cooccur:
            self._group_full[i] = (1 << len(groups)) - 1
            for g, names in enumerate(groups):
                for name in names:
                    group_users[name].append((i, g))
        for key, vals in matcher.entries.items():
            for kind, ref, wild in vals:
                mode = START if wild else BOTH
                if kind == K_TERM:
                    add(key, mode, RULE, ref)
                elif kind == K_LIST:
                    if ref in ALWAYS_LISTS:
                        add(key, mode, FIRE, no_rule)
                    for i in matcher.list_rules.get(ref, ()):
                        add(key, mode, RULE, i)
                    for i, g in group_users.get(ref, ()):
                        add(key, mode, GROUP, i, i, 1 << g)
        for h in hints:
            if h:
                add(fold(h), ANY, FIRE, no_rule)

        # Pattern rules, split into alternatives, each with a condition on literals.
        self.subs: list[tuple[int, re.Pattern[str]]] = []  # (rule index, regex)
        self.always: list[int] = []  # alternatives with no condition: searched always
        conj_sub: list[int] = []
        conj_full: list[int] = []
        for i, pat in enumerate(matcher.patterns):
            if pat is None:
                continue
            alts = split_alternatives(pat.pattern, pat.flags)
            for alt in alts:
                sub = len(self.subs)
                self.subs.append((i, pat if len(alts) == 1 else re.compile(alt, pat.flags)))
                cond = required_condition(alt)
                if any(not conj for conj in cond):
                    self.always.append(sub)
                    continue
                for conj in cond:
                    cid = len(conj_sub)
                    conj_sub.append(sub)
                    conj_full.append((1 << len(conj)) - 1)
                    for b, clause in enumerate(conj):
                        for lit in clause:
                            add(lit, ANY, LITERAL, no_rule, cid, 1 << b)
        self._conj_sub = np.asarray(conj_sub, dtype=np.int64)
        self._conj_full = np.asarray(conj_full, dtype=np.int64)
        self._sub_rule = np.asarray([i for i, _r in self.subs], dtype=np.int64)

        # One automaton: key -> key id; the atoms of key k are rows first[k]:first[k+1].
        self._auto = ahocorasick.Automaton()
        key_len: list[int] = []
        first: list[int] = [0]
        rows: list[tuple[int, int, int, int, int]] = []
        for key, found in atoms.items():
            self._auto.add_word(key, len(key_len))
            key_len.append(len(key))
            rows.extend(sorted(found))
            first.append(len(rows))
        self._empty = not key_len
        if not self._empty:
            self._auto.make_automaton()
        self._key_len = np.asarray(key_len, dtype=np.int64)
        self._first = np.asarray(first, dtype=np.int64)
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
        self._mode, self._kind, self._rule, self._ref, self._bit = (table[:, c] for c in range(5))

    def maybe(self, folded: Sequence[str], ok: Bools) -> tuple[Bools, list[frozenset[int]]]:
        """For each folded post: may any rule fire? ``ok[p, i]``: rule ``i`` applies
        in post ``p``'s context (one more column, always true, for no rule).

        Also, for each post, the pattern alternatives (indices into :attr:`subs`) that
        may match it (their condition holds, or they have none): no other can.
        """
        n = len(folded)
        out = np.zeros(n, dtype=np.bool_)
        if n == 0:
            return out, []
        if n > 1 and any(SEP in f for f in folded):
            # the separator cannot be told apart from the text: one post at a time
            possible: list[frozenset[int]] = []
            for p, f in enumerate(folded):
                one, rules = self.maybe([f], ok[p : p + 1])
                out[p] = one[0]
                possible.extend(rules)
            return out, possible
        big, starts_of = join_batch(folded)
        candidates = [] if self._empty else self._mark_keys(big, starts_of, ok, out)
        self._mark_patterns(folded, ok, out, candidates)
        by_post: dict[int, set[int]] = defaultdict(set)
        for p, sub in candidates:
            by_post[p].add(sub)
        always = frozenset(self.always)
        return out, [always | by_post[p] if p in by_post else always for p in range(n)]

    def by_rule(self, subs: frozenset[int]) -> dict[int, list[re.Pattern[str]]]:
        """The alternatives ``subs`` grouped by pattern rule, in the rule's order."""
        out: dict[int, list[re.Pattern[str]]] = {}
        for sub in sorted(subs):
            i, regex = self.subs[sub]
            out.setdefault(i, []).append(regex)
        return out

    def _mark_keys(
        self, big: str, starts_of: npt.NDArray[np.int64], ok: Bools, out: Bools
    ) -> list[tuple[int, int]]:
        """Mark the posts where a key makes a rule fire; return the (post, alternative)
        pairs whose condition on literals holds, to be searched."""
        flat = np.fromiter(chain.from_iterable(self._auto.iter(big)), dtype=np.int64)
        if not len(flat):
            return []
        ends, keys = flat[0::2], flat[1::2]
        starts = ends - self._key_len[keys] + 1
        # word characters on each side of each hit's two edges (outside the text: none)
        cps = np.concatenate((code_points(big), [0]))  # code point 0 is no word character
        size = len(cps) - 1
        before = word_chars(cps[np.where(starts > 0, starts - 1, size)])
        after = word_chars(cps[np.where(ends + 1 < size, ends + 1, size)])
        at_start = ~(before & word_chars(cps[starts]))
        at_end = ~(after & word_chars(cps[ends]))
        post = post_of(starts_of, starts)
        # one row per (hit, atom of its key)
        counts = self._first[keys + 1] - self._first[keys]
        hit = np.repeat(np.arange(len(keys)), counts)
        offsets = np.arange(len(hit)) - np.repeat(np.cumsum(counts) - counts, counts)
        atom = np.repeat(self._first[keys], counts) + offsets
        mode = self._mode[atom]
        valid = (mode == ANY) | (at_start[hit] & ((mode == START) | at_end[hit]))
        post_a = post[hit]
        rule = self._rule[atom]
        valid &= ok[post_a, rule]
        kind = self._kind[atom]
        fire = valid & ((kind == FIRE) | (kind == RULE))
        out[post_a[fire]] = True
        group = valid & (kind == GROUP)
        if group.any():
            full = _or_by_key(post_a[group] * (self.n_rules + 1) + rule[group], self._bit[atom][group])
            for key, mask in full:
                r = key % (self.n_rules + 1)
                if mask == self._group_full[r]:
                    out[key // (self.n_rules + 1)] = True
        lit = valid & (kind == LITERAL)
        if not lit.any():
            return []
        n_conj = len(self._conj_sub)
        ored = _or_by_key(post_a[lit] * n_conj + self._ref[atom][lit], self._bit[atom][lit])
        return [
            (key // n_conj, int(self._conj_sub[key % n_conj]))
            for key, mask in ored
            if mask == self._conj_full[key % n_conj]
        ]

    def _mark_patterns(
        self, folded: Sequence[str], ok: Bools, out: Bools, candidates: list[tuple[int, int]]
    ) -> None:
        subs = self.subs
        for p, sub in sorted(set(candidates)):
            if out[p]:
                continue
            i, regex = subs[sub]
            if ok[p, i] and regex.search(folded[p]) is not None:
                out[p] = True
        if self.always:
            for p in np.flatnonzero(~out).tolist():
                f = folded[p]
                for sub in self.always:
                    i, regex = subs[sub]
                    if ok[p, i] and regex.search(f) is not None:
                        out[p] = True
                        break


def _or_by_key(keys: npt.NDArray[np.int64], bits: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(key, OR of its bits) for each distinct key."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    acc = np.zeros(len(uniq), dtype=np.int64)
    np.bitwise_or.at(acc, inverse, bits)
    return list(zip(uniq.tolist(), acc.tolist(), strict=True))


def context_table(matcher: Matcher, when_ok: Any, contexts: Sequence[Any]) -> Bools:
    """``ok[p, i]``: rule ``i`` of ``matcher`` applies in ``contexts[p]`` (and a last
    column, always true). ``when_ok(rule, ctx)`` is the engine's test."""
    rows: dict[Any, Bools] = {}
    which: list[Bools] = []
    for ctx in contexts:
        row = rows.get(ctx)
        if row is None:
            row = rows[ctx] = np.asarray(
                [when_ok(r, ctx) for r in matcher.rules] + [True], dtype=np.bool_
            )
        which.append(row)
    if len(rows) == 1:
        return np.broadcast_to(which[0], (len(contexts), len(which[0])))
    return np.vstack(which) if which else np.ones((0, len(matcher.rules) + 1), dtype=np.bool_)
