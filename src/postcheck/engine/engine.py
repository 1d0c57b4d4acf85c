"""The engine: built once (rules compiled once), then reused for every post; here, the
check of one post. Many posts: :mod:`.batch`; the guidance as reference data:
:mod:`.reference`."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from . import detectors as det
from . import reasons, scoring
from .batch import BatchPlanner
from .errors import RulePackError
from .kinds.base import Hits
from .learned import HIGH_ROW, RAISED_ROW, LearnedLayer, LearnedResult
from .matcher import Matcher
from .model import (
    LANGS,
    Assessment,
    Context,
    Finding,
    Level,
    Post,
    RaisedConsideration,
)
from .packs import CODES, Rule, load_ruleset
from .prepare import DEFAULT_CONTEXT, prepare
from .reference import Reference
from .semantic import LEVEL_NAMES, SemanticLayer, SemanticResult, readable
from .text import fold

# a rule or detector finding this heavy is high whatever the context (levels.md §3)
FIXED_HIGH_WEIGHT = 1.1
# a rule finding this heavy, or any detector's (an identifier, a marking, a cue link),
# keeps the post at least moderate whatever the semantic layer thinks (a weaker rule's,
# only unless the layer is sure the post is low)
STRONG_WEIGHT = 0.8


class Engine(Reference):
    """Checks posts against the considerations (and lists them: :class:`.Reference`).

    >>> engine = Engine()
    >>> engine.assess(Post("Vote NDP on Monday!", lang="en"), Context()).level
    <Level.MODERATE: 'moderate'>
    """

    def __init__(
        self,
        rules_dir: Path | None = None,
        *,
        contacts: dict[str, dict[str, dict[str, str]]] | None = None,
        learned: bool = True,
        semantic: bool = True,
    ) -> None:
        super().__init__(load_ruleset(rules_dir), contacts)
        self._rules_dir = rules_dir
        assert self.ruleset.scoring is not None and self.ruleset.guidance is not None
        self.scoring = self.ruleset.scoring
        self.guidance = self.ruleset.guidance
        # Substrings without which no detector can raise a consideration: marking
        # words, and the domains whose links are cues (other links raise nothing).
        hints = det.MARKING_HINTS + tuple(
            d for name in ("party", "disinformation") for d in self.ruleset.domains.get(name, ())
        )
        self.matchers: dict[str, Matcher] = {
            lang: Matcher(
                lang,
                self.ruleset.rules[lang],
                self.ruleset.lists[lang],
                self.ruleset.exceptions[lang],
            )
            for lang in LANGS
        }
        self.detectors = self.ruleset.detectors
        # Immutable results that recur, computed once per key (up to 4,096 keys each).
        self._weighting: Callable[[Context, bool], scoring.Weighting] = lru_cache(4096)(
            self._new_weighting
        )
        # Nothing found: the result depends only on (language, context, disclaimer).
        self._quiet: Callable[[str, Context, bool], Assessment] = lru_cache(4096)(
            self._conclude_quiet
        )
        # the same few risks recur (the same weights and multipliers)
        self._raised: Callable[[str, str, float], RaisedConsideration] = lru_cache(4096)(
            self._new_raised
        )
        self._domain_sets = {name: frozenset(ds) for name, ds in self.ruleset.domains.items()}
        self.learned: LearnedLayer | None = LearnedLayer.load(rules_dir) if learned else None
        # the semantic layer reads the n-gram model's scores: it needs that model
        self.semantic: SemanticLayer | None = (
            SemanticLayer.load(rules_dir) if semantic and self.learned is not None else None
        )
        if (
            self.semantic is not None
            and self.learned is not None
            and (self.learned.codes != [*CODES, HIGH_ROW, RAISED_ROW])
        ):
            raise RulePackError(
                "the semantic model needs a learned model with one row per code, then "
                f"{HIGH_ROW!r} and {RAISED_ROW!r}",
                file=str(self._rules_dir or "rules"),
            )
        self._batch = BatchPlanner(self, hints)

    # ------------------------------------------------------------------ public API

    def detect_language(self, text: str) -> str:
        return det.detect_language(text)

    def assess(self, post: Post | str, context: Context | None = None) -> Assessment:
        """Check one post in one context. Never raises on any string.

        One post gets the full check directly: the batch pre-check pays off over many
        posts, not one (see :meth:`assess_batch`).
        """
        return self.assess_exhaustive(post, context)

    def assess_batch(self, items: Iterable[tuple[Post | str, Context | None]]) -> list[Assessment]:
        """Check many posts in this process (see :mod:`postcheck.engine.parallel` for cores).

        The same result as :meth:`assess` on each, faster: the learned layer scores a
        chunk of posts at once, and a post that no rule, detector or model can raise
        skips the full scan.
        """
        return self._batch.assess(items)

    def assess_exhaustive(self, post: Post | str, context: Context | None = None) -> Assessment:
        """The full check of one post, with no pre-check skipping anything.

        :meth:`assess` and :meth:`assess_batch` must always give this same result;
        the tests hold them to it.
        """
        text, lang, ctx = prepare(post, context)
        if lang not in LANGS:
            return self._unchecked(lang, ctx)
        folded = fold(text)
        raw = None if self.learned is None else self.learned.scores(folded, ctx)
        return self._assess_one(text, folded, lang, ctx, raw)

    def rule_evidence(
        self, post: Post | str, context: Context | None = None
    ) -> tuple[list[float], Level]:
        """What the rules and detectors alone show in a post: each code's evidence
        (before the context weighs it) and the level they reach in its context. The
        semantic layer reads both; its trainer computes them with this method."""
        text, lang, ctx = prepare(post, context)
        found = self._findings(text, fold(text), lang, ctx)
        disclaimer_detected = any(f.rule_id.startswith("disclaimer") for f in found)
        w = self._weighting(ctx, disclaimer_detected)
        by_code: dict[str, list[float]] = defaultdict(list)
        for f in found:
            if f.code:
                by_code[f.code].append(f.weight)
        risks = {c: scoring.evidence(ws) * w.for_code(c) for c, ws in by_code.items()}
        level = scoring.overall(self.scoring, risks)[1] if risks else Level.LOW
        return [scoring.evidence(by_code[c]) if c in by_code else 0.0 for c in CODES], level

    def _unchecked(self, lang: str, context: Context) -> Assessment:
        """A post in a language postcheck does not check: no finding from another
        language's rules, the language named."""
        w = self._weighting(context, False)
        return Assessment(
            level=Level.LOW,
            lang=lang,
            findings=(),
            considerations=(),
            contacts=(),
            courses=(),
            context=context,
            multiplier=w.base,
            guidance_version=self.guidance.version,
            checked=False,
        )

    def _assess_one(
        self,
        text: str,
        folded: str,
        lang: str,
        context: Context,
        raw: list[float] | None,
        narrowed: Sequence[object | None] | None = None,
        identifiers: list[det.Detection] | None = None,
        model_quiet: bool | None = None,
        must: bool = True,
    ) -> Assessment:
        """The full check of one prepared post. ``narrowed``: by kind of rule, what the
        pre-check left it to look at; ``identifiers``: the identifiers in the post
        (already found by the batch); None: find out here.
        ``model_quiet``: the model raises nothing (the batch knows); ``must``: False
        when the batch found no hint any detector needs (see :meth:`_findings`)."""
        findings = self._findings(
            text, folded, lang, context, narrowed, identifiers, detectors=must
        )
        disclaimer_detected = any(f.rule_id.startswith("disclaimer") for f in findings)
        findings = [f for f in findings if f.code]
        learned = None
        if self.learned is not None and raw is not None and text.strip():
            learned = self.learned.analyze(folded, text, lang, context, raw, model_quiet)
            findings.extend(learned.findings)
        return self._conclude(text, lang, context, findings, disclaimer_detected, learned, raw)

    # ------------------------------------------------------------------ matching

    def _findings(
        self,
        text: str,
        folded: str,
        lang: str,
        ctx: Context,
        narrowed: Sequence[object | None] | None = None,
        identifiers: list[det.Detection] | None = None,
        detectors: bool = True,
    ) -> list[Finding]:
        """The rules' and detectors' findings. A post mixing English and French is
        checked with both languages' rules (the batch sends it to the full check)."""
        other = det.other_language(text, lang)
        if other is None:
            return self._findings_in(text, folded, lang, ctx, narrowed, identifiers, detectors)
        return self._findings_in(text, folded, lang, ctx, None, identifiers, detectors) + (
            self._findings_in(text, folded, other, ctx, None, [], detectors=False)
        )

    def _findings_in(
        self,
        text: str,
        folded: str,
        lang: str,
        ctx: Context,
        narrowed: Sequence[object | None] | None = None,
        identifiers: list[det.Detection] | None = None,
        detectors: bool = True,
    ) -> list[Finding]:
        """The findings of one language's rules, kind by kind, then the detectors'.
        ``narrowed``: by kind (in the matcher's order), what the pre-check left it to
        look at (:class:`.kinds.base.MayFire`), or None for everything.
        ``detectors``: False when the pre-check found no hint a detector needs to raise
        anything (no identifier, marking word, cue domain or disclaimer): then none
        would, and they are not run."""
        matcher = self.matchers[lang]
        hits = matcher.scan(folded)
        rules = matcher.rules
        out: list[Finding] = []
        for k, kind in enumerate(matcher.kinds.values()):
            for i, s, e in kind.findings(
                folded, hits, ctx, None if narrowed is None else narrowed[k]
            ):
                out.append(_finding(rules[i], text, s, e))
        if detectors:
            out.extend(self._detections(text, folded, lang, hits, identifiers))
        return out

    def _detections(
        self,
        text: str,
        folded: str,
        lang: str,
        hits: Hits,
        identifiers: list[det.Detection] | None = None,
    ) -> list[Finding]:
        found: list[det.Detection] = []
        found.extend(det.detect_identifiers(text, folded) if identifiers is None else identifiers)
        found.extend(det.detect_markings(text, folded))
        for d, _host in det.detect_urls(text, self._domain_sets, folded):
            found.append(d)
        for s, e in hits.lists.get("disclaimers", ()):
            found.append(det.Detection("disclaimer", s, e))
        out: list[Finding] = []
        for d in found:
            spec = self.detectors.get(d.detector)
            if spec is None:
                continue
            if hits.excepted(-1, d.start, d.end):
                continue
            out.append(
                Finding(
                    code=spec.code or "",
                    rule_id=spec.id,
                    start=d.start,
                    end=d.end,
                    matched=text[d.start : d.end],
                    message=getattr(spec.message, lang),
                    weight=spec.weight,
                    source="detector",
                )
            )
        return out

    # ------------------------------------------------------------------ scoring

    def _conclude(
        self,
        text: str,
        lang: str,
        context: Context,
        findings: list[Finding],
        disclaimer_detected: bool,
        learned: LearnedResult | None = None,
        raw: list[float] | None = None,
    ) -> Assessment:
        semantic_layer = self.semantic
        text_scores: list[float] | None = None
        if (
            semantic_layer is not None
            and self.learned is not None
            and raw is not None
            and readable(text)
        ):
            text_scores = self.learned.text_scores(raw, context)
        gated = (
            text_scores is not None
            and semantic_layer is not None
            and semantic_layer.gate(text_scores)
        )
        if not findings and not gated:
            return self._quiet(lang, context, disclaimer_detected)
        spec = self.scoring
        w = self._weighting(context, disclaimer_detected)
        by_code: dict[str, list[float]] = defaultdict(list)
        learned_by_code: dict[str, list[float]] = defaultdict(list)
        for f in findings:
            (learned_by_code if f.source == "learned" else by_code)[f.code].append(f.weight)
        rule_risks = {code: scoring.evidence(ws) * w.for_code(code) for code, ws in by_code.items()}
        # The learned layer fills gaps: where a rule already raised a consideration,
        # the model's view of the same thing is not counted twice.
        risks = dict(rule_risks)
        for code, ws in learned_by_code.items():
            if code not in by_code:
                risks[code] = scoring.evidence(ws) * w.for_code(code)
        _total, level = scoring.overall(spec, risks)
        raised_codes = [c for c in CODES if risks.get(c, 0.0) >= spec.report_threshold]
        # The learned layer has seen whole posts with their levels: when it is
        # confident that a post with a raised consideration is high, say so.
        if (
            learned is not None
            and raised_codes
            and self.learned is not None
            and level is not Level.HIGH
            and learned.p_high >= self.learned.high_threshold
        ):
            level = Level.HIGH
        sem: SemanticResult | None = None
        if text_scores is not None and semantic_layer is not None and (raised_codes or gated):
            rule_level = scoring.overall(spec, rule_risks)[1] if rule_risks else Level.LOW
            evidence = [scoring.evidence(by_code[c]) if c in by_code else 0.0 for c in CODES]
            w0 = self._weighting(DEFAULT_CONTEXT, disclaimer_detected)
            neutral = {c: evidence[CODES.index(c)] * w0.for_code(c) for c in by_code}
            neutral_level = scoring.overall(spec, neutral)[1] if neutral else Level.LOW
            sem = semantic_layer.judge(
                text, context, text_scores, evidence, rule_level.rank, neutral_level.rank
            )
            findings = self._semantic_findings(text, lang, context, findings, sem, raised_codes)
            for code in sem.codes:
                p = sem.probabilities[CODES.index(code)]
                risks[code] = max(risks.get(code, 0.0), spec.report_threshold, p * w.for_code(code))
            sem_level = Level(LEVEL_NAMES[sem.level])
            if semantic_layer.level_mode == "model":
                # the model weighs the context; the rules keep their fixed highs, and
                # what they raised is at least moderate
                fixed = any(
                    f.source in ("rule", "detector") and f.weight >= FIXED_HIGH_WEIGHT
                    for f in findings
                )
                strong = any(
                    f.source == "detector" or (f.source == "rule" and f.weight >= STRONG_WEIGHT)
                    for f in findings
                )
                floor = (
                    Level.MODERATE
                    if raised_codes
                    and (strong or sem.level_probabilities[0] < semantic_layer.low_veto)
                    else Level.LOW
                )
                level = Level.HIGH if fixed else max(sem_level, floor, key=lambda lv: lv.rank)
            elif sem_level.rank > level.rank:
                level = sem_level
            if (
                level is Level.HIGH
                and sem.codes
                and not any(risks.get(c, 0.0) >= spec.high_threshold for c in CODES)
            ):
                top = max(sem.codes, key=lambda c: sem.probabilities[CODES.index(c)])
                risks[top] = max(risks[top], spec.high_threshold)
            raised_codes = [c for c in CODES if risks.get(c, 0.0) >= spec.report_threshold]
            if level is Level.LOW:
                raised_codes = []
        if not raised_codes:
            return self._quiet(lang, context, disclaimer_detected)
        kept = tuple(
            sorted(
                (f for f in findings if f.code in raised_codes),
                key=lambda f: (
                    f.start,
                    f.end,
                    f.code,
                    f.rule_id,
                ),  # the same order in every process
            )
        )
        considerations = tuple(self._raised(code, lang, risks[code]) for code in raised_codes)
        return Assessment(
            level=level,
            lang=lang,
            findings=kept,
            considerations=considerations,
            contacts=self.route_contacts(raised_codes, lang),
            courses=self.route_courses(raised_codes, lang),
            context=context,
            multiplier=w.base,
            disclaimer_detected=disclaimer_detected,
            guidance_version=self.guidance.version,
            reason=reasons.level_reason(
                lang, level, considerations, context, kept, self.ruleset.considerations
            ),
        )

    def _semantic_findings(
        self,
        text: str,
        lang: str,
        context: Context,
        findings: list[Finding],
        sem: SemanticResult,
        raised_codes: Sequence[str],
    ) -> list[Finding]:
        """The findings with the semantic layer's: a finding for each code it raises
        that nothing else raised, and, on every model finding, the training posts
        closest in meaning."""
        like = tuple(
            f"like: {n.id} ({n.level}, {n.similarity:.2f}): {n.text[:160]}" for n in sem.neighbours
        )
        out = [
            replace(f, evidence=f.evidence + like) if f.source == "learned" else f for f in findings
        ]
        have = {f.code for f in findings if f.code in raised_codes}
        learned_words = {f.code: f for f in findings if f.source == "learned"}
        layer = self.learned
        needed = any(c not in have and c not in learned_words for c in sem.codes)
        contributions = (
            layer.contributions(fold(text), context) if layer is not None and needed else None
        )
        for code in sem.codes:
            if code in have:
                continue
            p = sem.probabilities[CODES.index(code)]
            phrase = learned_words.get(code)
            if phrase is not None:
                start, end = phrase.start, phrase.end
            elif layer is not None and contributions is not None:
                # the phrase the n-gram model weighed most towards this code
                row = contributions[layer.codes.index(code)]
                top = layer.explaining([c for c in row if c[3] > c[2]], 1)
                start, end = (top[0][2], top[0][3]) if top else (0, 0)
            else:
                start, end = 0, 0
            out.append(
                Finding(
                    code=code,
                    rule_id=f"semantic.{code.lower()}",
                    start=start,
                    end=end,
                    matched=text[start:end],
                    message=reasons.SEMANTIC_MESSAGE[lang] + f" (p={p:.2f}).",
                    weight=p,
                    source="semantic",
                    evidence=like,
                )
            )
        return out

    def _new_weighting(self, context: Context, disclaimer_detected: bool) -> scoring.Weighting:
        # a disclaimer given in the context wins over what the text shows
        given = context.disclaimer
        return scoring.weighting(
            self.scoring, context, disclaimer_detected if given is None else given
        )

    def _conclude_quiet(self, lang: str, context: Context, disclaimer_detected: bool) -> Assessment:
        w = self._weighting(context, disclaimer_detected)
        return Assessment(
            level=Level.LOW,
            lang=lang,
            findings=(),
            considerations=(),
            contacts=(),
            courses=self.route_courses([], lang),
            context=context,
            multiplier=w.base,
            disclaimer_detected=disclaimer_detected,
            guidance_version=self.guidance.version,
        )

    def _new_raised(self, code: str, lang: str, risk: float) -> RaisedConsideration:
        c = self.ruleset.considerations[code]
        return RaisedConsideration(
            code=code,
            name=getattr(c.name, lang),
            why=getattr(c.why, lang),
            questions=tuple(getattr(c.questions, lang)),
            score=risk,
            level=scoring.code_level(self.scoring, risk),
        )


# ---------------------------------------------------------------------- helpers


def _finding(rule: Rule, text: str, s: int, e: int) -> Finding:
    return Finding(
        code=rule.code,
        rule_id=rule.id,
        start=s,
        end=e,
        matched=text[s:e],
        message=rule.message,
        weight=rule.weight,
        source="rule",
    )


_DEFAULT: Engine | None = None
_DEFAULT_LOCK = threading.Lock()


def default_engine() -> Engine:
    """A process-wide engine with the packaged rules, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Engine()
    return _DEFAULT


__all__ = ["Engine", "default_engine"]
