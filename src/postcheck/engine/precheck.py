"""The batch pre-check: what may fire in each post of a batch under a language's rules,
decided for the whole batch at once.

Most posts raise nothing. For them, the full check (:class:`.matcher.Matcher` scan, every
rule, every detector) is wasted work; the pre-check finds them with one pass of a DFA
(ahocorasick-rs) over the batch's "spaced" text (the posts joined, every non-word
character made a space: a key padded with spaces then hits only at word boundaries),
and numpy does the rest:

* a terms rule can fire only on one of its terms or list entries;
* a cooccurrence rule only when every one of its groups has a hit;
* a pattern rule, split into its top-level alternatives, only where an alternative's
  condition on literals holds (:func:`.literals.required_condition`, whose literals
  know when a word boundary bounds them) and the alternative's regex then matches;
  an alternative with no literal is searched over the joined batch (``_Scan``);
* the disclaimer list and the engine's hints (marking words, cue domains) send the
  post to the full check (``must``).

Exceptions and anchors only ever remove or restrict hits, so they are left out. A rule
counts only where its ``when:`` holds for the post's context. The answer, per post, is
the rules that may fire (the engine bounds what they can raise, and skips posts where
it is nothing) or "must"; the full check decides every post it is given, so the
pre-check can only make the engine faster, never change a result
(tests/engine/test_batch_equivalence.py).
"""

from __future__ import annotations

import re
import re._constants as _c  # Python 3.11+: the stdlib's own regex parser
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from .literals import parse, required_condition, split_alternatives, unmark, walk
from .matcher import ALWAYS_LISTS, K_LIST, K_TERM, Matcher
from .text import (
    SEP,
    TABLE_SIZE,
    code_points,
    fold,
    from_code_points,
    is_word_char,
    join_batch,
    post_of,
    table_index,
    word_chars,
)

# What a key stands for.
FIRE = 0  # a hint or the disclaimer list: the post needs the full check
RULE = 1  # a terms rule
GROUP = 2  # one group of a cooccurrence rule (bit: the group)
LITERAL = 3  # a clause of an alternative's condition (ref: conjunction, bit: the clause)

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Maybe:
    """What the pre-check says of a batch's posts.

    ``must``: a hint (marking word, cue domain) or the disclaimer list is in the post;
    ``post``/``rule``: the (post, rule index) pairs where a rule may fire, each rule at
    most once per post (an index into the language's rules); ``possible``: the pattern
    alternatives that may match a post (indices into :attr:`PreCheck.subs`), for the
    posts with any besides ``always``.
    A post in neither ``must`` nor ``post`` raises nothing under the rules.
    """

    must: Bools
    post: Ints
    rule: Ints
    possible: dict[int, frozenset[int]]  # posts with alternatives to search
    always: frozenset[int]  # the alternatives every post may match


class PreCheck:
    """The pre-check for one language's rules (see the module's documentation)."""

    def __init__(self, matcher: Matcher, hints: Iterable[str] = ()) -> None:
        self.n_rules = len(matcher.rules)
        no_rule = self.n_rules  # the column of ``ok`` that is always true
        atoms: dict[str, set[tuple[int, int, int, int]]] = defaultdict(set)

        def add(
            key: str, left: bool, right: bool, kind: int, rule: int, ref: int = 0, bit: int = 0
        ) -> None:
            """A key that must start a word (``left``) and end one (``right``)."""
            atoms[_spaced_key(key, left, right)].add((kind, rule, ref, bit))

        group_users: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._group_full = np.zeros(self.n_rules + 1, dtype=np.int64)
        for i, groups in matcher.cooccur:
            self._group_full[i] = (1 << len(groups)) - 1
            for g, names in enumerate(groups):
                for name in names:
                    group_users[name].append((i, g))
        for key, vals in matcher.entries.items():
            for kind, ref, wild in vals:
                word = (True, not wild)  # a whole word, or the start of one (prefix*)
                if kind == K_TERM:
                    add(key, *word, RULE, ref)
                elif kind == K_LIST:
                    if ref in ALWAYS_LISTS:
                        add(key, *word, FIRE, no_rule)
                    for i in matcher.list_rules.get(ref, ()):
                        add(key, *word, RULE, i)
                    for i, g in group_users.get(ref, ()):
                        add(key, *word, GROUP, i, i, 1 << g)
        for h in hints:
            if h:
                add(fold(h), False, False, FIRE, no_rule)  # anywhere

        # Pattern rules, split into alternatives, each with a condition on literals.
        self.subs: list[tuple[int, re.Pattern[str]]] = []  # (rule index, regex)
        # alternatives with no condition: searched over the whole batch at once
        # (``_Scan``), or in every post when that is not exact
        always: list[int] = []
        self._scans: list[tuple[int, _Scan]] = []
        conj_sub: list[int] = []
        conj_full: list[int] = []
        for i, pat in enumerate(matcher.patterns):
            if pat is None:
                continue
            alts = split_alternatives(pat.pattern, pat.flags)
            for alt in alts:
                sub = len(self.subs)
                regex = pat if len(alts) == 1 else re.compile(alt, pat.flags)
                self.subs.append((i, regex))
                cond = required_condition(alt, marks=True)
                if any(not conj for conj in cond):
                    scan = _Scan.of(regex)
                    if scan is None:
                        always.append(sub)
                    else:
                        self._scans.append((sub, scan))
                    continue
                for conj in cond:
                    cid = len(conj_sub)
                    conj_sub.append(sub)
                    conj_full.append((1 << len(conj)) - 1)
                    for b, clause in enumerate(conj):
                        for lit in clause:
                            # marked where a word boundary bounds it in the regex
                            core, left, right = unmark(lit)
                            add(core, left, right, LITERAL, no_rule, cid, 1 << b)
        self.always = frozenset(always)
        self._conj_sub = np.asarray(conj_sub, dtype=np.int64)
        self._conj_full = np.asarray(conj_full, dtype=np.int64)
        self._sub_rule = np.asarray([i for i, _r in self.subs], dtype=np.int64)

        # Keys with a word character are searched in the batch's spaced text (every
        # other character a space, so that a key padded with spaces hits only at word
        # boundaries) by one automaton; keys without one (emoji, "#", "?!") in the
        # code points themselves (both in ``_hits``).
        # Key id k: its atoms are rows first[k]:first[k+1].
        first: list[int] = [0]
        rows: list[tuple[int, int, int, int]] = []
        spaced_keys: list[str] = []
        raw_keys: list[tuple[int, str]] = []
        for key, found in atoms.items():
            kid = len(first) - 1
            if key.startswith("\x00"):
                raw_keys.append((kid, key[1:]))
            else:
                spaced_keys.append(key)
            rows.extend(sorted(found))
            first.append(len(rows))
        raw_ids = {kid for kid, _key in raw_keys}
        self._spaced_ids = np.asarray(
            [k for k in range(len(first) - 1) if k not in raw_ids], dtype=np.int64
        )
        self._ascii_keys = all(k.isascii() for k in spaced_keys)
        self._auto = (
            ahocorasick_rs.BytesAhoCorasick(
                [k.encode() for k in spaced_keys], implementation=ahocorasick_rs.Implementation.DFA
            )
            if spaced_keys
            else None
        )
        self._raw_keys = raw_keys
        self._raw_first_cps = np.asarray(
            sorted({ord(k[0]) for _kid, k in raw_keys}), dtype=np.uint32
        )
        # which code points start a raw key (a table for the first two planes: emoji)
        self._raw_first = np.zeros(TABLE_SIZE, dtype=np.bool_)
        self._raw_first[self._raw_first_cps[self._raw_first_cps < TABLE_SIZE]] = True
        self._first = np.asarray(first, dtype=np.int64)
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        self._kind, self._rule, self._ref, self._bit = (table[:, c] for c in range(4))

    def maybe(
        self, folded: Sequence[str], ok: Bools, known: Bools | None = None, sep_free: bool = False
    ) -> Maybe:
        """For each folded post: what may fire in it. ``ok[p, i]``: rule ``i`` applies
        in post ``p``'s context (one more column, always true, for no rule).
        ``known``: posts the caller gives the full check anyway (in ``must``; where a
        pattern alternative fires in them is then not searched). ``sep_free``: the
        caller knows no text holds the batch separator."""
        n = len(folded)
        must = np.zeros(n, dtype=np.bool_) if known is None else known.copy()
        none = np.zeros(0, dtype=np.int64)
        always = self.always
        if n == 0:
            return Maybe(must, none, none, {}, always)
        if n > 1 and not sep_free and any(SEP in f for f in folded):
            # the separator cannot be told apart from the text: one post at a time
            parts = [
                self.maybe([f], ok[p : p + 1], None if known is None else known[p : p + 1])
                for p, f in enumerate(folded)
            ]
            return Maybe(
                np.concatenate([r.must for r in parts]),
                np.concatenate([r.post + p for p, r in enumerate(parts)]),
                np.concatenate([r.rule for r in parts]),
                {p: r.possible[0] for p, r in enumerate(parts) if r.possible},
                always,
            )
        big, starts_of = join_batch(folded)
        rule_post, rule_ids, cand_post, cand_sub = self._mark_keys(big, starts_of, ok, must)
        for sub, scan in self._scans:
            found = scan.posts(big, starts_of)
            cand_post = np.concatenate((cand_post, found))
            cand_sub = np.concatenate((cand_sub, np.full(len(found), sub, dtype=np.int64)))
        pat_post, pat_rule = self._mark_patterns(folded, ok, must, cand_post, cand_sub)
        by_post: dict[int, set[int]] = defaultdict(set)
        for p, sub in zip(cand_post.tolist(), cand_sub.tolist(), strict=True):
            by_post[p].add(sub)
        return Maybe(
            must,
            np.concatenate((rule_post, pat_post)),
            np.concatenate((rule_ids, pat_rule)),
            {p: always | subs for p, subs in by_post.items()},
            always,
        )

    def by_rule(self, subs: frozenset[int]) -> dict[int, list[re.Pattern[str]]]:
        """The alternatives ``subs`` grouped by pattern rule, in the rule's order."""
        out: dict[int, list[re.Pattern[str]]] = {}
        for sub in sorted(subs):
            i, regex = self.subs[sub]
            out.setdefault(i, []).append(regex)
        return out

    def _hits(
        self, big: str, starts_of: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(post, key id) of every hit of every key in the joined batch ``big``."""
        cps = code_points(big)
        low = table_index(cps)
        beyond = np.flatnonzero(cps >= TABLE_SIZE) if cps.max(initial=0) >= TABLE_SIZE else None
        posts: list[npt.NDArray[np.int64]] = []
        keys: list[npt.NDArray[np.int64]] = []
        if self._auto is not None:
            if self._ascii_keys:
                # one byte a character: a key (ASCII) never matches across another
                # script's letter, so any non-space byte can stand for it
                spaced8 = _spaced_tables()[1][low]
                if beyond is not None:  # rare: past the first two planes
                    spaced8[beyond] = np.where(word_chars(cps[beyond]), 1, 32)
                data = b" " + spaced8.tobytes() + b" "
            else:
                spaced_cps = _spaced_tables()[0][low]
                if beyond is not None:
                    spaced_cps[beyond] = np.where(word_chars(cps[beyond]), cps[beyond], _SPACE)
                data = b" " + from_code_points(spaced_cps).encode() + b" "
            found = self._auto.find_matches_as_indexes(data, overlapping=True)
            flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
            # the last byte of each hit, in the spaced text without its first space; a
            # padded key's last byte may be the space after its post, which is where
            # the separator is: still in the post (the next one starts after it)
            last = np.clip(flat[2::3] - 2, 0, max(len(data) - 3, 0))
            if len(data) - 2 == len(cps):  # a byte a character
                post_starts = starts_of
            else:
                nbytes = 1 + (spaced_cps >= 0x80) + (spaced_cps >= 0x800) + (spaced_cps >= 0x10000)
                byte_at = np.concatenate(([0], np.cumsum(nbytes)))
                post_starts = byte_at[starts_of]
            posts.append(post_of(post_starts, last))
            keys.append(self._spaced_ids[flat[0::3]])
        if self._raw_keys:
            first = self._raw_first[low]
            if beyond is not None:
                first[beyond] = np.isin(cps[beyond], self._raw_first_cps)
            at = np.flatnonzero(first)
            if len(at):
                n = len(cps)
                for kid, key in self._raw_keys:
                    hit = at[cps[at] == ord(key[0])]
                    for j, ch in enumerate(key[1:], start=1):
                        inside = hit + j < n
                        hit = hit[inside]
                        hit = hit[cps[hit + j] == ord(ch)]
                    if len(hit):
                        posts.append(post_of(starts_of, hit))
                        keys.append(np.full(len(hit), kid, dtype=np.int64))
        if not posts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(posts), np.concatenate(keys)

    def _mark_keys(
        self, big: str, starts_of: npt.NDArray[np.int64], ok: Bools, must: Bools
    ) -> tuple[Ints, Ints, Ints, Ints]:
        """Mark the posts a hint or the disclaimer list is in (``must``); return the
        (post, rule) pairs where a terms or cooccurrence rule may fire, and the (post,
        alternative) pairs whose condition on literals holds, to be searched."""
        none = np.zeros(0, dtype=np.int64)
        post, keys = self._hits(big, starts_of)
        if not len(keys):
            return none, none, none, none
        # one row per (hit, atom of its key)
        counts = self._first[keys + 1] - self._first[keys]
        hit = np.repeat(np.arange(len(keys)), counts)
        offsets = np.arange(len(hit)) - np.repeat(np.cumsum(counts) - counts, counts)
        atom = np.repeat(self._first[keys], counts) + offsets
        post_a = post[hit]
        rule = self._rule[atom]
        valid = ok[post_a, rule]
        kind = self._kind[atom]
        must[post_a[valid & (kind == FIRE)]] = True
        terms = valid & (kind == RULE)
        rule_post, rule_ids = [post_a[terms]], [rule[terms]]
        group = valid & (kind == GROUP)
        if group.any():
            width = self.n_rules + 1
            uniq, mask = _or_by_key(post_a[group] * width + rule[group], self._bit[atom][group])
            full = uniq[mask == self._group_full[uniq % width]]
            rule_post.append(full // width)
            rule_ids.append(full % width)
        pairs = np.concatenate(rule_post), np.concatenate(rule_ids)
        lit = valid & (kind == LITERAL)
        if not lit.any():
            return *pairs, none, none
        n_conj = len(self._conj_sub)
        uniq, mask = _or_by_key(post_a[lit] * n_conj + self._ref[atom][lit], self._bit[atom][lit])
        conj = uniq % n_conj
        held = mask == self._conj_full[conj]
        return *pairs, uniq[held] // n_conj, self._conj_sub[conj[held]]

    def _mark_patterns(
        self, folded: Sequence[str], ok: Bools, must: Bools, cand_post: Ints, cand_sub: Ints
    ) -> tuple[Ints, Ints]:
        """The (post, pattern rule) pairs where an alternative matches: each candidate
        (post, alternative) searched once, and the alternatives with no condition in
        every post (not in posts already marked ``must``: they get the full check)."""
        subs = self.subs
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

    def posts(self, big: str, starts_of: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
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


# The spaced text: a word character stays, any other becomes a space. A table maps the
# code points of the first two planes (every script and the emoji); past them, rare,
# each character is looked at.
_SPACE = np.uint32(32)
_SPACED: tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint8]] | None = None


def _spaced_tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint8]]:
    """The spaced text's code point for each code point, and its byte when keys are
    ASCII (an ASCII word character itself, another word character 1, else a space)."""
    global _SPACED
    if _SPACED is None:
        cps = np.arange(TABLE_SIZE, dtype=np.uint32)
        word = word_chars(cps)
        _SPACED = (
            np.where(word, cps, _SPACE).astype(np.uint32),
            np.where(word, np.where(cps < 128, cps, 1), 32).astype(np.uint8),
        )
    return _SPACED


def _spaced_key(key: str, left: bool, right: bool) -> str:
    """How a key is searched: in the spaced text, its non-word characters made spaces,
    with a space on each side where it must sit at a word boundary (``left``,
    ``right``; the space then stands for any non-word character or the text's edge);
    a key with no word character is searched as is (marked by a leading NUL, which
    no key holds)."""
    if not any(is_word_char(ch) for ch in key):
        return "\x00" + key
    core = "".join(ch if is_word_char(ch) else " " for ch in key)
    if left and is_word_char(key[0]):
        core = " " + core
    if right and is_word_char(key[-1]):
        core = core + " "
    return core


def _or_by_key(
    keys: npt.NDArray[np.int64], bits: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Each distinct key, and the OR of its bits."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    acc = np.zeros(len(uniq), dtype=np.int64)
    np.bitwise_or.at(acc, inverse, bits)
    return uniq, acc


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
