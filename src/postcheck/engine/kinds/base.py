"""What a rule kind is, and what the kinds share with the matcher and the pre-check.

A kind (``terms``, ``pattern``, ``cooccur``) is one module in this package: a subclass of
:class:`RuleKind` holding the kind's schema (its own fields of a rule), how its rules add
keys to the language's one automaton (:class:`Keys`), how they match a scanned post
(:class:`Hits`), the atoms by which the batch pre-check finds where they may fire
(:class:`Atoms`, :class:`Found`, :class:`Batch`), and the most a rule adds to a post's
evidence. The kinds are registered in :data:`postcheck.engine.kinds.KINDS`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Protocol

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from ..model import Context

if TYPE_CHECKING:  # the packs loader reads the kinds: at run time, no import back
    from ..packs import Rule

Span = tuple[int, int]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

Term = Annotated[str, Field(min_length=1, max_length=200)]

# What a key of the automaton stands for (the first item of each of its entries).
K_RULE = 0  # (K_RULE, rule index): a key of the rule itself (a term, an anchor)
K_LIST = 1  # (K_LIST, list name): an entry of a list
K_EXC = 2  # (K_EXC, rule index, or -1 for pack-wide): an exception

Entry = tuple[int, Any, bool]  # (what the key stands for, its reference, prefix*)


class KindSettings(BaseModel):
    """A kind's own fields of a rule. The packs loader validates them together with the
    fields every rule has (``packs._RuleBase``), so each subclass names its ``kind``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str


@dataclass(slots=True)
class Hits:
    """What one scan of a folded post found, by rule, list and exception."""

    rules: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))
    lists: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    exc_global: list[Span] = field(default_factory=list)
    exc_rule: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))

    def excepted(self, rule_index: int, start: int, end: int) -> bool:
        """Whether an exception of the pack, or of rule ``rule_index``, covers the span."""
        for s, e in self.exc_global:
            if s <= start and end <= e:
                return True
        return any(s <= start and end <= e for s, e in self.exc_rule.get(rule_index, ()))


class Keys(Protocol):
    """The keys of a language's automaton, as a kind adds them (see ``matcher.Matcher``)."""

    def add(self, term: str, what: int, ref: Any, inflect: bool = False) -> None:
        """Add a term of a rule: ``@name`` uses the list ``name`` (its entries become
        keys), ``prefix*`` matches the start of a word, ``inflect`` adds its forms."""


class Atoms(Protocol):
    """The pre-check's keys, as a kind adds them (see ``precheck.PreCheck``)."""

    def add(
        self, key: str, left: bool, right: bool, rule: int | None, ref: int = 0, bit: int = 0
    ) -> None:
        """A key that must start a word (``left``) and end one (``right``); where it is
        found, the kind gets the ``(rule, ref, bit)`` back (:class:`Found`). ``rule``:
        counted only where that rule's ``when:`` holds (None: everywhere)."""


@dataclass(frozen=True, slots=True)
class Found:
    """The atoms of one kind found in a batch: one row per (post, atom), in parallel
    arrays, only where the atom's rule applies in the post's context."""

    post: Ints
    rule: Ints
    ref: Ints
    bit: Ints


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch as the pre-check sees it: each folded post, the posts joined (``big``,
    post ``p`` starting at ``starts[p]``), ``ok[p, i]`` (rule ``i`` applies in post
    ``p``'s context; one more column, always true) and ``must`` (posts that get the full
    check anyway: where a kind fires in them need not be found)."""

    folded: Sequence[str]
    big: str
    starts: Ints
    ok: Bools
    must: Bools


@dataclass(frozen=True, slots=True)
class MayFire:
    """Where a kind's rules may fire in a batch: the (post, rule) pairs, each rule at
    most once per post; and what the kind's :meth:`RuleKind.findings` then needs to
    look at in a post (``narrowed``, by post; ``default`` for the others; None: all)."""

    post: Ints
    rule: Ints
    narrowed: Mapping[int, object] = field(default_factory=dict)
    default: object | None = None


class RuleKind(ABC):
    """One kind of rule, compiled for one language's rules (those of this kind).

    Rule indices are positions in the language's list of rules, whatever their kind.
    A kind reports a rule at most once in a post, at the rule's weight (:meth:`bound`
    says otherwise); the batch's bound on what a post can raise rests on it.
    """

    name: ClassVar[str]
    settings: ClassVar[type[KindSettings]]

    def __init__(self, lang: str, rules: Sequence[Rule]) -> None:
        self.lang = lang
        self.rules = rules
        self.indices = [i for i, r in enumerate(rules) if r.kind == self.name]

    @classmethod
    @abstractmethod
    def references(cls, settings: Any) -> Iterable[Sequence[str]]:
        """The kind's lists of terms in a rule, where ``@name`` names a list."""

    @abstractmethod
    def add_keys(self, index: int, rule: Rule, keys: Keys) -> None:
        """Add the keys of one rule of this kind to the automaton."""

    @abstractmethod
    def findings(
        self, folded: str, hits: Hits, context: Context, narrowed: object | None = None
    ) -> Iterator[tuple[int, int, int]]:
        """(rule index, start, end) of each rule of this kind that fires in a post.
        ``narrowed``: what the pre-check left to look at (:class:`MayFire`)."""

    @abstractmethod
    def add_atoms(self, entries: Mapping[str, Sequence[Entry]], atoms: Atoms) -> None:
        """Add the pre-check's keys for this kind's rules (``entries``: the automaton's)."""

    @abstractmethod
    def may_fire(self, found: Found, batch: Batch) -> MayFire:
        """Where this kind's rules may fire in a batch, from its atoms found there.
        Exceptions and anchors only ever remove hits: they are left out."""

    def bound(self, rule: Rule) -> float:
        """The most one rule of this kind adds to a post's evidence for its code."""
        return rule.weight


def applies(rule: Rule, context: Context) -> bool:
    """Whether a rule's ``when:`` holds in a context (the keys: ``packs._RuleBase``)."""
    for key, want in rule.when:
        if key == "role":
            roles = want if isinstance(want, list) else [want]
            if context.role not in roles:
                return False
        elif key == "min_followers":
            if context.followers < int(want):
                return False
        elif bool(getattr(context, key)) != bool(want):
            return False
    return True


def or_by_key(keys: Ints, bits: Ints) -> tuple[Ints, Ints]:
    """Each distinct key, and the OR of its bits."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    acc = np.zeros(len(uniq), dtype=np.int64)
    np.bitwise_or.at(acc, inverse, bits)
    return uniq, acc
