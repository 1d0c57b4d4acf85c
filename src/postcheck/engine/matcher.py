"""One-pass compiled matcher: every term, list entry, anchor and exception of a
language goes into one Aho-Corasick automaton over folded text.

A single scan of a post yields all hits; word boundaries are checked per hit.
Terms may end with ``*`` (prefix: ``harass*`` matches harassed, harassment) or be
inflected automatically (``inflect: true``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import ahocorasick

from .literals import lowercase_ascii, required_literals
from .packs import Rule
from .text import fold, fold_pattern, is_word_char

# Entry kinds stored in the automaton.
K_TERM = 0  # (K_TERM, rule_index)
K_LIST = 1  # (K_LIST, list_name)
K_EXC = 2  # (K_EXC, rule_index or -1 for pack-wide)
K_ANCHOR = 3  # (K_ANCHOR, rule_index)

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


def _compile_pattern(folded: str) -> re.Pattern[str]:
    """A rule's (folded) pattern, compiled to match folded text whatever the case:
    case-sensitively when that is the same (much faster; see :func:`lowercase_ascii`)."""
    return re.compile(folded, 0 if lowercase_ascii(folded) else re.IGNORECASE)


@dataclass(slots=True)
class Hits:
    """What one scan found, by rule, list and exception."""

    terms: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    lists: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    exc_global: list[tuple[int, int]] = field(default_factory=list)
    exc_rule: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    anchors: set[int] = field(default_factory=set)

    def excepted(self, rule_index: int, start: int, end: int) -> bool:
        for s, e in self.exc_global:
            if s <= start and end <= e:
                return True
        return any(s <= start and end <= e for s, e in self.exc_rule.get(rule_index, ()))


class Matcher:
    """Compiled matcher for one language's rules and lists."""

    def __init__(
        self,
        lang: str,
        rules: list[Rule],
        lists: dict[str, tuple[str, ...]],
        exceptions: Iterable[str],
    ) -> None:
        self.lang = lang
        self.rules = rules
        self._auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, Any, bool]]] = defaultdict(list)
        used_lists: set[str] = set()

        def add(term: str, kind: int, ref: Any, inflect: bool = False) -> None:
            if term.startswith("@"):
                used_lists.add(term[1:])
                return
            wild = term.endswith("*")
            base = fold(term.rstrip("*").strip())
            if not base:
                return
            keys = inflections(base, lang) if inflect and not wild else {base}
            for key in keys:
                entries[key].append((kind, ref, wild))

        for i, rule in enumerate(rules):
            for t in rule.terms:
                add(t, K_TERM, i, rule.inflect)
            for t in rule.anchors:
                add(t, K_ANCHOR, i)
            for gi, g in enumerate(rule.groups):
                for t in g:
                    if t.startswith("@"):
                        used_lists.add(t[1:])
                    else:
                        add(t, K_LIST, f"#{i}.{gi}")
            for t in rule.exceptions:
                add(t, K_EXC, i)
        for t in exceptions:
            add(t, K_EXC, -1)
        # Group terms written inline are stored as private lists named after the group.
        self._group_keys: list[list[list[str]]] = []
        for i, rule in enumerate(rules):
            keys: list[list[str]] = []
            for gi, g in enumerate(rule.groups):
                names = [t[1:] for t in g if t.startswith("@")]
                if any(not t.startswith("@") for t in g):
                    names.append(f"#{i}.{gi}")
                keys.append(names)
            self._group_keys.append(keys)
        used_lists.update(name for name in ALWAYS_LISTS if name in lists)
        for name in sorted(used_lists):  # a set: sorted, so the order never depends on hashing
            for t in lists.get(name, ()):
                add(t, K_LIST, name, inflect=False)
        # terms rules that reference lists fire on those lists' hits
        self.list_rules: dict[str, list[int]] = defaultdict(list)
        for i, rule in enumerate(rules):
            if rule.kind == "terms":
                for t in rule.terms:
                    if t.startswith("@"):
                        self.list_rules[t[1:]].append(i)
        self.patterns: list[re.Pattern[str] | None] = [
            _compile_pattern(fold_pattern(r.pattern)) if r.kind == "pattern" else None
            for r in rules
        ]
        # Prefilter: a pattern runs only on texts holding one of its necessary literals.
        self.always_patterns: list[int] = []
        self._lit_auto = ahocorasick.Automaton()
        lit_map: dict[str, list[int]] = defaultdict(list)
        for i, pat in enumerate(self.patterns):
            if pat is None:
                continue
            req = required_literals(pat.pattern)
            if req is None:
                self.always_patterns.append(i)
            else:
                for lit in req:
                    lit_map[lit].append(i)
        for lit, idxs in lit_map.items():
            self._lit_auto.add_word(lit, tuple(idxs))
        self._has_lits = bool(lit_map)
        if self._has_lits:
            self._lit_auto.make_automaton()
        # Cooccurrence rules, with the list names each group draws on.
        self.cooccur: list[tuple[int, list[list[str]]]] = [
            (i, self._group_keys[i]) for i, r in enumerate(rules) if r.kind == "cooccur"
        ]
        # A cooccurrence rule is worth checking only when its first group has a hit.
        self.cooccur_by_name: dict[str, list[tuple[int, list[list[str]]]]] = defaultdict(list)
        for i, groups in self.cooccur:
            for name in groups[0]:
                self.cooccur_by_name[name].append((i, groups))
        self.entries: dict[str, tuple[tuple[int, Any, bool], ...]] = {
            key: tuple(vals) for key, vals in entries.items()
        }
        for key, vals in self.entries.items():
            self._auto.add_word(key, (len(key), vals))
        if len(entries):
            self._auto.make_automaton()
        self._empty = not len(entries)
        self.size = len(entries)

    def scan(self, folded: str) -> Hits:
        hits = Hits()
        if self._empty:
            return hits
        n = len(folded)
        terms, lists, exc_global, exc_rule, anchors = (
            hits.terms,
            hits.lists,
            hits.exc_global,
            hits.exc_rule,
            hits.anchors,
        )
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
            for kind, ref, wild in vals:
                if wild:
                    if wild_end == end:
                        while wild_end < n and is_word_char(folded[wild_end]):
                            wild_end += 1
                    span = (start, wild_end)
                elif plain_ok:
                    span = (start, end)
                else:
                    continue
                if kind == K_TERM:
                    terms[ref].append(span)
                elif kind == K_LIST:
                    lists[ref].append(span)
                elif kind == K_EXC:
                    if ref == -1:
                        exc_global.append(span)
                    else:
                        exc_rule[ref].append(span)
                else:
                    anchors.add(ref)
        return hits

    def candidate_patterns(self, folded: str) -> set[int]:
        """Indices of the pattern rules that may match ``folded``."""
        found = set(self.always_patterns)
        if self._has_lits:
            for _end, idxs in self._lit_auto.iter(folded):
                found.update(idxs)
        return found

    def group_spans(self, hits: Hits, rule_index: int, group: int) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for name in self._group_keys[rule_index][group]:
            spans.extend(hits.lists.get(name, ()))
        return spans
