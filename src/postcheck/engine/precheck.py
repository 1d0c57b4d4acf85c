"""The batch pre-check: what may fire in each post of a batch under a language's rules,
decided for the whole batch at once.

Most posts raise nothing. For them, the full check (:class:`.matcher.Matcher` scan, every
rule, every detector) is wasted work; the pre-check finds them with one pass of a DFA
(ahocorasick-rs) over the batch's "spaced" text (the posts joined, every non-word
character made a space: a key padded with spaces then hits only at word boundaries),
and numpy does the rest:

* each kind of rule (:data:`.kinds.KINDS`) adds its keys ("atoms") and, from the atoms
  found in the batch, says where its rules may fire (:meth:`.kinds.base.RuleKind.may_fire`:
  a terms rule on one of its terms, a cooccurrence rule where every group has a hit, a
  pattern rule where an alternative's condition on literals holds and it matches);
* the disclaimer list and the engine's hints (marking words, cue domains) send the
  post to the full check (``must``).

A rule counts only where its ``when:`` holds for the post's context. The answer, per
post, is the rules that may fire (the engine bounds what they can raise, and skips posts
where it is nothing) or "must"; the full check decides every post it is given, so the
pre-check can only make the engine faster, never change a result
(tests/engine/test_batch_equivalence.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

from .kinds.base import K_LIST, Batch, Bools, Found, Ints, applies
from .matcher import ALWAYS_LISTS, Matcher
from .model import Context
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

# What a key stands for: FIRE, or the kind (1 + its position in the matcher's kinds)
# that added it.
FIRE = 0  # a hint or the disclaimer list: the post needs the full check


@dataclass(frozen=True, slots=True)
class Maybe:
    """What the pre-check says of a batch's posts.

    ``must``: a hint (marking word, cue domain) or the disclaimer list is in the post;
    ``post``/``rule``: the (post, rule index) pairs where a rule may fire (an index into
    the language's rules); ``narrowed``/``default``: by kind (in the matcher's order),
    what each post leaves that kind to look at (:class:`.kinds.base.MayFire`).
    A post in neither ``must`` nor ``post`` raises nothing under the rules.
    """

    must: Bools
    post: Ints
    rule: Ints
    narrowed: tuple[Mapping[int, object], ...]
    default: tuple[object | None, ...]

    def narrowed_for(self, post: int) -> tuple[object | None, ...]:
        """What each kind is left to look at in a post, for its full check."""
        return tuple(n.get(post, d) for n, d in zip(self.narrowed, self.default, strict=True))


class PreCheck:
    """The pre-check for one language's rules (see the module's documentation)."""

    def __init__(self, matcher: Matcher, hints: Iterable[str] = ()) -> None:
        self.n_rules = len(matcher.rules)
        self.kinds = list(matcher.kinds.values())
        no_rule = self.n_rules  # the column of ``ok`` that is always true
        atoms: dict[str, set[tuple[int, int, int, int]]] = defaultdict(set)
        for key, vals in matcher.entries.items():
            for what, ref, wild in vals:
                if what == K_LIST and ref in ALWAYS_LISTS:
                    atoms[_spaced_key(key, True, not wild)].add((FIRE, no_rule, 0, 0))
        for h in hints:
            if h:  # anywhere
                atoms[_spaced_key(fold(h), False, False)].add((FIRE, no_rule, 0, 0))
        for tag, kind in enumerate(self.kinds, start=1):
            kind.add_atoms(matcher.entries, _KindAtoms(atoms, tag, no_rule))

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
        self._tag, self._rule, self._ref, self._bit = (table[:, c] for c in range(4))

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
        if n == 0:
            return Maybe(must, none, none, tuple({} for _ in self.kinds), (None,) * len(self.kinds))
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
                tuple(
                    {p: r.narrowed[k][0] for p, r in enumerate(parts) if 0 in r.narrowed[k]}
                    for k in range(len(self.kinds))
                ),
                parts[0].default,
            )
        big, starts_of = join_batch(folded)
        found = self._mark_keys(big, starts_of, ok, must)
        batch = Batch(folded, big, starts_of, ok, must)
        fires = [kind.may_fire(f, batch) for kind, f in zip(self.kinds, found, strict=True)]
        return Maybe(
            must,
            np.concatenate([f.post for f in fires]),
            np.concatenate([f.rule for f in fires]),
            tuple(f.narrowed for f in fires),
            tuple(f.default for f in fires),
        )

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
    ) -> list[Found]:
        """Mark the posts a hint or the disclaimer list is in (``must``); return, for each
        kind, its atoms found in the batch where their rule applies."""
        post, keys = self._hits(big, starts_of)
        if not len(keys):
            none = np.zeros(0, dtype=np.int64)
            return [Found(none, none, none, none) for _ in self.kinds]
        # one row per (hit, atom of its key)
        counts = self._first[keys + 1] - self._first[keys]
        hit = np.repeat(np.arange(len(keys)), counts)
        offsets = np.arange(len(hit)) - np.repeat(np.cumsum(counts) - counts, counts)
        atom = np.repeat(self._first[keys], counts) + offsets
        post_a = post[hit]
        rule = self._rule[atom]
        valid = ok[post_a, rule]
        tag = self._tag[atom]
        must[post_a[valid & (tag == FIRE)]] = True
        out: list[Found] = []
        for k in range(1, len(self.kinds) + 1):
            mine = valid & (tag == k)
            at = atom[mine]
            out.append(Found(post_a[mine], rule[mine], self._ref[at], self._bit[at]))
        return out


class _KindAtoms:
    """The pre-check's keys as one kind adds them (:class:`.kinds.base.Atoms`)."""

    def __init__(self, atoms: dict[str, set[tuple[int, int, int, int]]], tag: int, no_rule: int):
        self._atoms = atoms
        self._tag = tag
        self._no_rule = no_rule

    def add(
        self, key: str, left: bool, right: bool, rule: int | None, ref: int = 0, bit: int = 0
    ) -> None:
        row = (self._tag, self._no_rule if rule is None else rule, ref, bit)
        self._atoms[_spaced_key(key, left, right)].add(row)


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


def context_table(matcher: Matcher, contexts: Sequence[Context]) -> Bools:
    """``ok[p, i]``: rule ``i`` of ``matcher`` applies in ``contexts[p]`` (and a last
    column, always true)."""
    rows: dict[Context, Bools] = {}
    which: list[Bools] = []
    for ctx in contexts:
        row = rows.get(ctx)
        if row is None:
            row = rows[ctx] = np.asarray(
                [applies(r, ctx) for r in matcher.rules] + [True], dtype=np.bool_
            )
        which.append(row)
    if len(rows) == 1:
        return np.broadcast_to(which[0], (len(contexts), len(which[0])))
    return np.vstack(which) if which else np.ones((0, len(matcher.rules) + 1), dtype=np.bool_)
