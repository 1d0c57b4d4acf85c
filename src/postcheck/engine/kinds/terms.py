"""``kind: terms``: a rule that fires on any of its terms (or any entry of a list it names).

.. code-block:: yaml

    - id: en.partisan.slogan
      code: PS01
      kind: terms
      terms: [vote ndp, "@parties", harass*]   # prefix*: harassed, harassment
      inflect: true                            # votes, voted, voting too

The rule reports the first of its hits (in the text's order) no exception covers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..model import Context
from .base import (
    K_LIST,
    K_RULE,
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
)

if TYPE_CHECKING:
    from ..packs import Rule


class TermsSettings(KindSettings):
    kind: Literal["terms"] = "terms"
    terms: list[Term] = Field(min_length=1)
    inflect: bool = False


class Terms(RuleKind):
    """Terms rules: a key of the automaton for each term (and its forms), and the
    entries of the lists they name."""

    name = "terms"
    settings = TermsSettings

    def __init__(self, lang: str, rules: Sequence[Rule]) -> None:
        super().__init__(lang, rules)
        self._mine = frozenset(self.indices)
        # the rules that name each list fire on that list's hits
        self.list_rules: dict[str, list[int]] = defaultdict(list)
        for i in self.indices:
            for t in _settings(rules[i]).terms:
                if t.startswith("@"):
                    self.list_rules[t[1:]].append(i)

    @classmethod
    def references(cls, settings: TermsSettings) -> Iterable[Sequence[str]]:
        return [settings.terms]

    def add_keys(self, index: int, rule: Rule, keys: Keys) -> None:
        s = _settings(rule)
        for t in s.terms:
            keys.add(t, K_RULE, index, s.inflect)

    def findings(
        self, folded: str, hits: Hits, context: Context, narrowed: object | None = None
    ) -> Iterator[tuple[int, int, int]]:
        mine = self._mine
        spans: dict[int, list[Span]] = {i: list(sp) for i, sp in hits.rules.items() if i in mine}
        for name, found in hits.lists.items():
            for i in self.list_rules.get(name, ()):
                spans.setdefault(i, []).extend(found)
        rules = self.rules
        for i, found in spans.items():
            if not applies(rules[i], context):
                continue
            for s, e in sorted(found):
                if not hits.excepted(i, s, e):
                    yield i, s, e
                    break

    def add_atoms(self, entries: Mapping[str, Sequence[Entry]], atoms: Atoms) -> None:
        mine, list_rules = self._mine, self.list_rules
        for key, vals in entries.items():
            for what, ref, wild in vals:
                word = (True, not wild)  # a whole word, or the start of one (prefix*)
                if what == K_RULE and ref in mine:
                    atoms.add(key, *word, ref)
                elif what == K_LIST:
                    for i in list_rules.get(ref, ()):
                        atoms.add(key, *word, i)

    def may_fire(self, found: Found, batch: Batch) -> MayFire:
        return MayFire(found.post, found.rule)


def _settings(rule: Rule) -> TermsSettings:
    assert isinstance(rule.settings, TermsSettings)
    return rule.settings
