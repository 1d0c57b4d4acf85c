"""The learned layer: a linear model over word n-grams, trained on the project's own
labeled training set (``rules/training/``), shipped as data (``rules/model/``).

It catches risks the rules miss (sarcasm, winks, implicit cues) and explains each
finding with the words that weighed most and the closest reference examples.
"""

from __future__ import annotations

from pathlib import Path

from .model import Context, Finding


class LearnedLayer:
    """Placeholder until a model file is shipped: contributes nothing."""

    @classmethod
    def load(cls, rules_dir: Path | None) -> LearnedLayer | None:
        return None

    def findings(
        self, folded: str, text: str, lang: str, ctx: Context, rule_findings: list[Finding]
    ) -> list[Finding]:
        return []
