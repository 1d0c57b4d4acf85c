"""One sentence saying why an assessment has its level, in the post's language.

It names the concern that weighs most, the words that show it, and what in the
context made it weigh more (or that it is high whatever the context).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .model import Context, Finding, Level, RaisedConsideration

SEMANTIC_MESSAGE = {
    "en": "Close in meaning to posts that raise this consideration",
    "fr": "Proche par le sens de publications qui soulèvent cette considération",
}

_LEVEL = {
    "en": {"low": "Low", "moderate": "Moderate", "high": "High"},
    "fr": {"low": "Faible", "moderate": "Modéré", "high": "Élevé"},
}
_FACTORS = {
    "en": {
        "manager": "a manager's post",
        "executive": "an executive's post",
        "communications": "a communications officer's post",
        "identifiable": "the author being identifiable as a public servant",
        "broad": "a broad audience ({n} followers)",
        "very_large": "a very large audience ({n} followers)",
        "own_work": "a post about one's own work",
        "election": "an election period",
    },
    "fr": {
        "manager": "publication d'un gestionnaire",
        "executive": "publication d'un cadre",
        "communications": "publication d'une personne des communications",
        "identifiable": "auteur identifiable comme fonctionnaire",
        "broad": "un large auditoire ({n} abonnés)",
        "very_large": "un très large auditoire ({n} abonnés)",
        "own_work": "sujet lié à son propre travail",
        "election": "une période électorale",
    },
}
_TEMPLATES = {
    "en": {
        "fixed": "{level}: {name} ({code}){words}, which is high whatever the context.",
        "scaled": "{level}: {name} ({code}){words}; it weighs more because of {factors}.",
        "plain": "{level}: {name} ({code}){words}; nothing in the context adds weight.",
        "words": ", shown by “{m}”",
    },
    "fr": {
        "fixed": "{level} : {name} ({code}){words}, ce qui est élevé quel que soit le contexte.",
        "scaled": "{level} : {name} ({code}){words}; le contexte l'alourdit : {factors}.",
        "plain": "{level} : {name} ({code}){words}; rien dans le contexte ne l'alourdit.",
        "words": ", d'après « {m} »",
    },
}


def context_factors(context: Context) -> list[str]:
    """The context facts that add weight to a concern (keys of :data:`_FACTORS`)."""
    out: list[str] = []
    if context.role != "employee":
        out.append(context.role)
    if context.identifiable:
        out.append("identifiable")
    if context.followers >= 5000:
        out.append("very_large")
    elif context.followers >= 1000:
        out.append("broad")
    if context.about_own_work:
        out.append("own_work")
    if context.election_period:
        out.append("election")
    return out


def level_reason(
    lang: str,
    level: Level,
    considerations: Sequence[RaisedConsideration],
    context: Context,
    findings: Sequence[Finding],
    specs: Mapping[str, Any],
    fixed_high: float = 1.0,
) -> str:
    """Why the post has ``level``: its weightiest concern, its words, its context."""
    if not considerations:
        return ""
    lang = lang if lang in _TEMPLATES else "en"
    top = max(considerations, key=lambda c: c.score)
    # the words a rule or detector matched first, else those a model weighed most
    ranked = sorted(
        (f for f in findings if f.code == top.code and f.matched.strip()),
        key=lambda f: f.source not in ("rule", "detector"),
    )
    words = ranked[0].matched if ranked else ""
    t = _TEMPLATES[lang]
    shown = t["words"].format(m=_clip(words)) if words else ""
    fixed = level is Level.HIGH and any(
        f.code == top.code and f.source in ("rule", "detector") and f.weight >= fixed_high * 1.1
        for f in findings
    )
    factors = context_factors(context)
    key = "fixed" if fixed else "scaled" if factors else "plain"
    names = _FACTORS[lang]
    n = f"{context.followers:,}"
    if lang == "fr":
        n = n.replace(",", "\u202f")  # 2 500 abonnés
    text = ", ".join(names[f].format(n=n) for f in factors)
    return t[key].format(
        level=_LEVEL[lang][level.value],
        name=getattr(specs[top.code].name, lang).lower()
        if lang == "en"
        else getattr(specs[top.code].name, lang),
        code=top.code,
        words=shown,
        factors=text,
    )


def _clip(words: str, limit: int = 60) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


__all__ = ["SEMANTIC_MESSAGE", "context_factors", "level_reason"]
