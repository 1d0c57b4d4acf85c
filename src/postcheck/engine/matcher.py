"""One-pass compiled matcher: every term, list entry, anchor and exception of a
language goes into one Aho-Corasick automaton over folded text.

A single scan of a post yields all hits; word boundaries are checked per hit.
Terms may end with ``*`` (prefix: ``harass*`` matches harassed, harassment) or be
inflected automatically (``inflect: true``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import product
from typing import Any

import ahocorasick

from .kinds import KINDS, RuleKind
from .kinds.base import K_EXC, K_LIST, K_RULE, Entry, Hits
from .packs import Rule
from .text import fold, is_word_char

# Lists the engine reads directly (not through a rule).
ALWAYS_LISTS = ("disclaimers",)


def _en_forms(word: str) -> set[str]:
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    forms |= {word + "s", word + "es", word + "ed", word + "ing", word + "er", word + "ers"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing", word + "r", word + "rs"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing", word + word[-1] + "er"}
    return forms


def _fr_forms(word: str) -> set[str]:
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    forms |= {word + "s", word + "e", word + "es", word + "x"}
    if word.endswith("er"):
        stem = word[:-2]
        forms |= {
            stem + s
            for s in (
                "e",
                "es",
                "ent",
                "ons",
                "ez",
                "ait",
                "aient",
                "ais",
                "ee",
                "ees",
                "era",
                "eront",
                "ant",
            )
        }
    if word.endswith("al"):
        forms.add(word[:-2] + "aux")
    if word.endswith("eux"):
        forms |= {word[:-1] + "se", word[:-1] + "ses"}
    if word.endswith("if"):
        forms |= {word[:-1] + "ve", word[:-1] + "ves"}
    return forms


def inflections(term: str, lang: str) -> set[str]:
    """Inflected forms of every word of a (folded) term, capped to stay small."""
    words = term.split(" ")
    make = _en_forms if lang == "en" else _fr_forms
    options = [sorted(make(w)) for w in words]
    out: set[str] = set()
    for combo in product(*options):
        out.add(" ".join(combo))
        if len(out) >= 256:
            break
    return out


class Matcher:
    """Compiled matcher for one language's rules and lists: the keys of every rule, of
    every kind (:data:`.kinds.KINDS`), in one automaton, and each kind's own part."""

    def __init__(
        self,
        lang: str,
        rules: list[Rule],
        lists: dict[str, tuple[str, ...]],
        exceptions: Iterable[str],
    ) -> None:
        self.lang = lang
        self.rules = rules
        self.kinds: dict[str, RuleKind] = {name: kind(lang, rules) for name, kind in KINDS.items()}
        keys = _Keys(lang)
        for i, rule in enumerate(rules):
            self.kinds[rule.kind].add_keys(i, rule, keys)
            for t in rule.exceptions:
                keys.add(t, K_EXC, i)
        for t in exceptions:
            keys.add(t, K_EXC, -1)
        used_lists = keys.used_lists
        used_lists.update(name for name in ALWAYS_LISTS if name in lists)
        for name in sorted(used_lists):  # a set: sorted, so the order never depends on hashing
            for t in lists.get(name, ()):
                keys.add(t, K_LIST, name)
        self.entries: dict[str, tuple[Entry, ...]] = {
            key: tuple(vals) for key, vals in keys.entries.items()
        }
        self._auto = ahocorasick.Automaton()
        for key, vals in self.entries.items():
            self._auto.add_word(key, (len(key), vals))
        if self.entries:
            self._auto.make_automaton()
        self._empty = not self.entries
        self.size = len(self.entries)

    # the hot loop of every check, inlined on purpose: split, it costs a call per hit
    def scan(self, folded: str) -> Hits:  # noqa: C901
        hits = Hits()
        if self._empty:
            return hits
        n = len(folded)
        rules, lists, exc_global, exc_rule = hits.rules, hits.lists, hits.exc_global, hits.exc_rule
        for end_idx, (length, vals) in self._auto.iter(folded):
            start = end_idx - length + 1
            # a key must start a word (is_word_char inlined: this loop is hot)
            if start > 0:
                c = folded[start - 1]
                if c.isalnum() or c == "_":
                    c = folded[start]
                    if c.isalnum() or c == "_":
                        continue
            end = end_idx + 1
            plain_ok = True
            if end < n:
                c = folded[end]
                if c.isalnum() or c == "_":
                    c = folded[end - 1]
                    plain_ok = not (c.isalnum() or c == "_")
            wild_end = end
            for what, ref, wild in vals:
                if wild:
                    if wild_end == end:
                        while wild_end < n and is_word_char(folded[wild_end]):
                            wild_end += 1
                    span = (start, wild_end)
                elif plain_ok:
                    span = (start, end)
                else:
                    continue
                if what == K_RULE:
                    rules[ref].append(span)
                elif what == K_LIST:
                    lists[ref].append(span)
                elif ref == -1:
                    exc_global.append(span)
                else:
                    exc_rule[ref].append(span)
        return hits


class _Keys:
    """The keys of a language's automaton as the kinds add them (:class:`.kinds.base.Keys`)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.entries: dict[str, list[Entry]] = defaultdict(list)
        self.used_lists: set[str] = set()

    def add(self, term: str, what: int, ref: Any, inflect: bool = False) -> None:
        if term.startswith("@"):
            self.used_lists.add(term[1:])
            return
        wild = term.endswith("*")
        base = fold(term.rstrip("*").strip())
        if not base:
            return
        for key in inflections(base, self.lang) if inflect and not wild else (base,):
            self.entries[key].append((what, ref, wild))
