"""``kind: cooccur``: a rule that fires where a term of each of its groups is found, all
within a few words of the first group's.

.. code-block:: yaml

    - id: en.confidential.teaser
      code: PS06
      kind: cooccur
      all: [["@teaser"], ["@future_event", "@internal_docs"]]   # two to four groups
      window: 16       # at most this many spaces between the first group's term and each other

The same words cannot fill two groups. The rule reports the span from the first term
to the last, for the first of the first group's terms that completes a match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from ..model import Context
from .base import (
    K_LIST,
    Atoms,
    Batch,
    Entry,
    Found,
    Hits,
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


class CooccurSettings(KindSettings):
    kind: Literal["cooccur"] = "cooccur"
    all: list[list[Term]] = Field(min_length=2, max_length=4)
    window: int = Field(default=12, ge=1, le=200)


class Cooccur(RuleKind):
    """Cooccurrence rules: each group's terms are entries of a list (a group's terms
    written inline make a private list named ``#<rule>.<group>``)."""

    name = "cooccur"
    settings = CooccurSettings

    def __init__(self, lang: str, rules: Sequence[Rule]) -> None:
        super().__init__(lang, rules)
        # the list names each group of each rule draws on
        self._groups: dict[int, list[list[str]]] = {}
        for i in self.indices:
            keys: list[list[str]] = []
            for g, terms in enumerate(_settings(rules[i]).all):
                names = [t[1:] for t in terms if t.startswith("@")]
                if any(not t.startswith("@") for t in terms):
                    names.append(_private_list(i, g))
                keys.append(names)
            self._groups[i] = keys
        # the bits of a rule's groups, all set (the pre-check's mark of a full match)
        self._full = np.zeros(len(rules) + 1, dtype=np.int64)
        for i, groups in self._groups.items():
            self._full[i] = (1 << len(groups)) - 1
        # a rule is worth checking only when its first group has a hit
        self._by_first: dict[str, list[int]] = defaultdict(list)
        for i, groups in self._groups.items():
            for name in groups[0]:
                self._by_first[name].append(i)

    @classmethod
    def references(cls, settings: CooccurSettings) -> Iterable[Sequence[str]]:
        return settings.all

    def add_keys(self, index: int, rule: Rule, keys: Keys) -> None:
        for g, terms in enumerate(_settings(rule).all):
            for t in terms:
                keys.add(t, K_LIST, _private_list(index, g))

    def findings(
        self, folded: str, hits: Hits, context: Context, narrowed: object | None = None
    ) -> Iterator[tuple[int, int, int]]:
        present = hits.lists
        if not present:
            return
        seen: set[int] = set()
        for i in (i for name in present for i in self._by_first.get(name, ())):
            if i in seen:
                continue
            seen.add(i)
            groups = self._groups[i]
            if all(any(name in present for name in g) for g in groups[1:]):
                rule = self.rules[i]
                if applies(rule, context):
                    span = self._span(hits, i, folded)
                    if span is not None:
                        yield i, span[0], span[1]

    def _span(self, hits: Hits, i: int, folded: str) -> Span | None:
        """The span of rule ``i``'s first match, if any."""
        window = _settings(self.rules[i]).window
        groups = [
            [sp for name in names for sp in hits.lists.get(name, ())] for names in self._groups[i]
        ]
        if any(not g for g in groups):
            return None
        if hits.exc_global or i in hits.exc_rule:
            groups = [[sp for sp in g if not hits.excepted(i, *sp)] for g in groups]
            if any(not g for g in groups):
                return None
        for first in groups[0]:
            chosen = [first]
            for other in groups[1:]:
                best = None
                for sp in other:
                    if sp[0] < first[1] and first[0] < sp[1]:
                        continue  # the same words cannot fill two groups
                    lo, hi = min(first[1], sp[1]), max(first[0], sp[0])
                    gap = folded.count(" ", lo, hi) if hi > lo else 0
                    if gap <= window and (best is None or gap < best[0]):
                        best = (gap, sp)
                if best is None:
                    break
                chosen.append(best[1])
            else:
                return min(s for s, _ in chosen), max(e for _, e in chosen)
        return None

    def add_atoms(self, entries: Mapping[str, Sequence[Entry]], atoms: Atoms) -> None:
        users: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, groups in self._groups.items():
            for g, names in enumerate(groups):
                for name in names:
                    users[name].append((i, g))
        for key, vals in entries.items():
            for what, ref, wild in vals:
                if what == K_LIST:
                    for i, g in users.get(ref, ()):
                        atoms.add(key, True, not wild, i, i, 1 << g)

    def may_fire(self, found: Found, batch: Batch) -> MayFire:
        """A rule may fire where every one of its groups has a hit."""
        if not len(found.post):
            return MayFire(found.post, found.rule)
        width = len(self._full)
        uniq, mask = or_by_key(found.post * width + found.rule, found.bit)
        fired = uniq[mask == self._full[uniq % width]]
        return MayFire(fired // width, fired % width)


def _settings(rule: Rule) -> CooccurSettings:
    assert isinstance(rule.settings, CooccurSettings)
    return rule.settings


def _private_list(rule_index: int, group: int) -> str:
    return f"#{rule_index}.{group}"
