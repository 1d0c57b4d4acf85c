"""The kinds of rule a pack may use, one module each, registered here.

To add a kind: write ``kinds/<kind>.py`` with a :class:`~.base.RuleKind` subclass (see
``terms.py`` for the smallest), add it to :data:`KINDS`, and add a fixture folder
``tests/fixtures/engine/kinds/<kind>/`` (``en/`` and ``fr/``: small packs named for their
consideration, ``psNN-<kind>.yaml``, each rule with the examples it flags and passes);
``tests/engine/test_kinds.py`` runs it through both ``assess`` and ``assess_batch``. The packs loader, the matcher and the pre-check read :data:`KINDS`;
rules of every language are matched kind by kind, in its order.
"""

from __future__ import annotations

from .base import RuleKind
from .cooccur import Cooccur
from .pattern import Pattern
from .terms import Terms

KINDS: dict[str, type[RuleKind]] = {kind.name: kind for kind in (Terms, Pattern, Cooccur)}

__all__ = ["KINDS", "RuleKind"]
