"""Context weighting: how the same words weigh more or less depending on who posts.

The formula (parameters in ``rules/shared/scoring.yaml``)::

    evidence(c)   = max(w_f) + 0.25 * (noisy_or(w_f) - max(w_f))   over findings f of c,
                    noisy_or(w) = 1 - prod(1 - w); a weight > 1 is high on its own
    multiplier(c) = role[role]
                  * audience(followers)          step function, largest threshold <= followers
                  * identifiable                 if the author is identifiable as a public servant
                  * election_period[c]           during an election, for the codes listed
                  * about_own_work[c]            if the post is about one's own work, codes listed
                  * authorized[c]                if authorized to post on it, codes listed (< 1)
                  * disclaimer                   a "views are my own" disclaimer (slightly < 1)
                  * anonymous                    an anonymous account (1.0: no protection)
    risk(c)       = evidence(c) * multiplier(c)
    reported      = risk(c) >= report_threshold
    overall       = max(risk) + combine_others * (sum(risk of reported) - max(risk))
    level         = high if overall >= high_threshold, moderate if anything is reported, else low
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Context, Level
from .packs import ScoringSpec

# More cues for the same consideration add only a little: two partisan phrases are
# not twice as partisan.
SAME_CODE_BONUS = 0.25


@dataclass(frozen=True, slots=True)
class Weighting:
    """The context multipliers of one post, before per-code factors."""

    base: float
    spec: ScoringSpec
    context: Context

    def for_code(self, code: str) -> float:
        m = self.base
        ctx = self.context
        s = self.spec
        if ctx.election_period:
            m *= s.election_period.get(code, 1.0)
        if ctx.about_own_work:
            m *= s.about_own_work.get(code, 1.0)
        if ctx.authorized:
            m *= s.authorized.get(code, 1.0)
        return m


def audience_factor(spec: ScoringSpec, followers: int) -> float:
    factor = 1.0
    best = -1
    for threshold, value in spec.audience.items():
        t = int(threshold)
        if followers >= t > best:
            best, factor = t, value
    return factor


def weighting(spec: ScoringSpec, context: Context, disclaimer: bool) -> Weighting:
    base = spec.role.get(context.role, 1.0) * audience_factor(spec, context.followers)
    if context.identifiable:
        base *= spec.identifiable
    if disclaimer:
        base *= spec.disclaimer
    if context.anonymous:
        base *= spec.anonymous
    return Weighting(base=base, spec=spec, context=context)


def evidence(weights: Iterable[float]) -> float:
    """Noisy-or of finding weights: independent cues add up, never past 1."""
    keep = 1.0
    top = 0.0
    for w in weights:
        top = max(top, w)  # a weight above 1 marks a cue that is high on its own
        keep *= 1.0 - min(max(w, 0.0), 1.0)
    noisy_or = 1.0 - keep
    return top + SAME_CODE_BONUS * max(0.0, noisy_or - min(top, 1.0))


def overall(spec: ScoringSpec, risks: dict[str, float]) -> tuple[float, Level]:
    reported = [r for r in risks.values() if r >= spec.report_threshold]
    if not reported:
        return (max(risks.values()) if risks else 0.0), Level.LOW
    top = max(reported)
    total = top + spec.combine_others * (sum(reported) - top)
    return total, (Level.HIGH if total >= spec.high_threshold else Level.MODERATE)


def code_level(spec: ScoringSpec, risk: float) -> Level:
    if risk >= spec.high_threshold:
        return Level.HIGH
    if risk >= spec.report_threshold:
        return Level.MODERATE
    return Level.LOW
