"""The engine: built once (rules compiled once), then reused for every post."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import detectors as det
from . import reasons, scoring
from .errors import InputError, RulePackError
from .learned import HIGH_ROW, RAISED_ROW, LearnedLayer, LearnedResult
from .matcher import Hits, Matcher
from .model import (
    LANGS,
    Assessment,
    Contact,
    Context,
    Course,
    Finding,
    Level,
    Post,
    RaisedConsideration,
)
from .packs import CODES, Rule, RuleSet, load_ruleset
from .precheck import PreCheck, context_table
from .semantic import LEVEL_NAMES, SemanticLayer, SemanticResult
from .text import SEP, fold, fold_joined, post_of

_DEFAULT_CONTEXT = Context()  # immutable: one serves every post given none
# a platform's language tag (BCP 47's primary subtag); X's pseudo-codes name no language
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}")
_NO_LANGUAGE = frozenset({"und", "qme", "qht", "qam", "qct", "qst", "zxx", "mis", "mul"})
MAX_TEXT_CHARS = 100_000  # longer posts are checked on their first 100,000 characters
BATCH_CHUNK = 1024  # posts scored together by the learned layer in assess_batch
# a rule or detector finding this heavy is high whatever the context (levels.md §3)
FIXED_HIGH_WEIGHT = 1.1
# a rule finding this heavy, or any detector's (an identifier, a marking, a cue link),
# keeps the post at least moderate whatever the semantic layer thinks (a weaker rule's,
# only unless the layer is sure the post is low)
STRONG_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as listed by ``postcheck rules``."""

    id: str
    code: str
    kind: str
    lang: str
    message: str
    file: str
    line: int


class Engine:
    """Checks posts against the considerations.

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
        self.ruleset: RuleSet = load_ruleset(rules_dir)
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
        self.prechecks: dict[str, PreCheck] = {
            lang: PreCheck(self.matchers[lang], hints) for lang in LANGS
        }
        self.detectors = self.ruleset.detectors
        self._contact_overrides = contacts or {}
        # Routing depends only on (codes, language): computed once per combination.
        self._route_cache: dict[tuple[object, ...], tuple[object, ...]] = {}
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
        self._code_multiplier: Callable[[Context, int], float] = lru_cache(4096)(
            self._new_code_multiplier
        )
        self._domain_sets = {name: frozenset(ds) for name, ds in self.ruleset.domains.items()}
        # each rule's code (an index into CODES) and weight, for the batch's bound
        self._rule_code = {
            lang: np.asarray(
                [CODES.index(r.code) for r in self.ruleset.rules[lang]] + [0], dtype=np.int64
            )
            for lang in LANGS
        }
        self._rule_weight = {
            lang: np.asarray([r.weight for r in self.ruleset.rules[lang]] + [0.0], dtype=np.float64)
            for lang in LANGS
        }
        # a rule whose id starts with "disclaimer" marks the post's disclaimer (which the
        # result shows even when nothing is raised): where it may fire, the full check
        self._rule_disclaims = {
            lang: np.asarray(
                [r.id.startswith("disclaimer") for r in self.ruleset.rules[lang]] + [False],
                dtype=np.bool_,
            )
            for lang in LANGS
        }
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
        self._anchor_lists: dict[str, dict[int, list[str]]] = {
            lang: {
                i: [a[1:] for a in r.anchors if a.startswith("@")]
                for i, r in enumerate(self.ruleset.rules[lang])
                if r.kind == "pattern"
            }
            for lang in LANGS
        }

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
        out: list[Assessment] = []
        it = iter(items)
        while chunk := list(islice(it, BATCH_CHUNK)):
            out.extend(self._assess_chunk(chunk))
        return out

    def assess_exhaustive(self, post: Post | str, context: Context | None = None) -> Assessment:
        """The full check of one post, with no pre-check skipping anything.

        :meth:`assess` and :meth:`assess_batch` must always give this same result;
        the tests hold them to it.
        """
        text, lang, ctx = self._prepare(post, context)
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
        text, lang, ctx = self._prepare(post, context)
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

    def _prepare(self, post: Post | str, context: Context | None) -> tuple[str, str, Context]:
        """(text as checked, language, context) of one input."""
        if isinstance(post, str):
            post = Post(post)
        text = post.text
        if not isinstance(text, str):
            raise InputError(f"post text must be a string, got {type(text).__name__}")
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]
        if post.lang in LANGS:
            lang = post.lang
        elif (
            isinstance(post.lang, str)
            and _LANGUAGE_TAG.fullmatch(post.lang)
            and (post.lang not in _NO_LANGUAGE)
        ):
            lang = post.lang  # a platform's own tag: trusted
        else:
            lang = det.identify_language(text)
        return text, lang, context or _DEFAULT_CONTEXT

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

    def _assess_chunk(self, chunk: Sequence[tuple[Post | str, Context | None]]) -> list[Assessment]:
        texts: list[str] = []
        langs: list[str] = []
        contexts: list[Context] = []
        prepare = self._prepare
        # equal contexts made one object: the caches below then find them by identity
        same: dict[Context, Context] = {}
        for post, context in chunk:
            if (
                type(post) is Post
                and type(post.text) is str
                and post.lang in LANGS
                and len(post.text) <= MAX_TEXT_CHARS
            ):  # what _prepare does, without the call, for the usual post
                text, lang, ctx = post.text, post.lang, context or _DEFAULT_CONTEXT
            else:
                text, lang, ctx = prepare(post, context)
            texts.append(text)
            langs.append(lang)
            contexts.append(same.setdefault(ctx, ctx))
        other = [n for n, lang in enumerate(langs) if lang not in LANGS]
        if not other:
            return self._assess_prepared(texts, langs, contexts)
        checked = [n for n, lang in enumerate(langs) if lang in LANGS]
        done = self._assess_prepared(
            [texts[n] for n in checked], [langs[n] for n in checked], [contexts[n] for n in checked]
        )
        out: list[Assessment | None] = [None] * len(langs)
        for n, a in zip(checked, done, strict=True):
            out[n] = a
        for n in other:
            out[n] = self._unchecked(langs[n], contexts[n])
        return [a for a in out if a is not None]

    def _assess_prepared(
        self, texts: list[str], langs: list[str], contexts: list[Context]
    ) -> list[Assessment]:
        """:meth:`_assess_chunk` for prepared posts in English or French."""
        if not texts:
            return []
        batch = None if any(SEP in t for t in texts) else fold_joined(texts)
        folded = [fold(t) for t in texts] if batch is None else batch.texts
        learned = self.learned
        if learned is None:
            return [
                self._assess_one(t, f, lang, ctx, None)
                for t, f, lang, ctx in zip(texts, folded, langs, contexts, strict=True)
            ]
        raw = learned.raw_scores(list(zip(folded, contexts, strict=True)), batch)
        # must: the full check; rules: posts where rules only may fire (rule pairs)
        model_quiet = learned.quiet(raw, contexts)
        must = ~model_quiet
        if self.semantic is not None:
            # posts the semantic layer will read get the full check (a hair of margin:
            # the full check decides with the very same floats)
            must |= self.semantic.gate_batch(learned.text_scores_batch(raw, contexts))
        # Posts an identifier may be in: found by scanning the chunk as one text.
        if batch is None:
            hinted = list(range(len(texts)))
        else:
            offsets = det.identifier_hints(batch.joined)
            hinted = np.unique(post_of(batch.starts, offsets)).tolist() if offsets else []
        for n, (t, lang) in enumerate(zip(texts, langs, strict=True)):
            if det.other_language(t, lang) is not None:
                must[n] = True  # checked with both languages' rules
        ids: dict[int, list[det.Detection]] = {}
        for n in hinted:
            found = det.detect_identifiers(texts[n], folded[n])
            if found:
                ids[n] = found
                must[n] = True
        # the pattern alternatives that may match, for posts with any (others: `always`)
        patterns: dict[int, frozenset[int]] = {}
        always: dict[str, frozenset[int]] = {}
        rule_posts: list[npt.NDArray[np.int64]] = []
        rule_codes: list[npt.NDArray[np.int64]] = []
        rule_weights: list[npt.NDArray[np.float64]] = []
        for lang in LANGS:
            idx = [n for n, x in enumerate(langs) if x == lang]
            if not idx:
                continue
            ok = context_table(self.matchers[lang], _when_ok, [contexts[n] for n in idx])
            at = np.asarray(idx, dtype=np.int64)
            pre = self.prechecks[lang].maybe(
                [folded[n] for n in idx], ok, must[at], sep_free=batch is not None
            )
            must[at] |= pre.must
            must[at[pre.post[self._rule_disclaims[lang][pre.rule]]]] = True
            rule_posts.append(at[pre.post])
            rule_codes.append(self._rule_code[lang][pre.rule])
            rule_weights.append(self._rule_weight[lang][pre.rule])
            always[lang] = pre.always
            for p, subs in pre.possible.items():
                patterns[idx[p]] = subs
        check = must | self._may_raise(
            must,
            np.concatenate(rule_posts),
            np.concatenate(rule_codes),
            np.concatenate(rule_weights),
            contexts,
        )
        out: list[Assessment] = []
        quiet = self._quiet
        model_quiet_l = model_quiet.tolist()
        must_l = must.tolist()
        for n, full in enumerate(check.tolist()):
            lang, ctx = langs[n], contexts[n]
            if not full:
                # nothing can be raised: the assessment the full check would reach
                out.append(quiet(lang, ctx, False))
            else:
                out.append(
                    self._assess_one(
                        texts[n],
                        folded[n],
                        lang,
                        ctx,
                        raw[n].tolist(),
                        patterns.get(n, always[lang]),
                        ids.get(n, []),
                        model_quiet_l[n],
                        must_l[n],
                    )
                )
        return out

    def _may_raise(
        self,
        must: npt.NDArray[np.bool_],
        posts: npt.NDArray[np.int64],
        codes: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float64],
        contexts: Sequence[Context],
    ) -> npt.NDArray[np.bool_]:
        """For each post: may the rules that may fire in it (the (post, code, weight)
        triples, each rule once per post) raise a consideration?

        A post's risk for a code is the evidence of its findings times its context's
        multiplier, and evidence only grows with more findings: so the evidence of all
        the rules that may fire, times the multiplier, bounds it. Where every code's
        bound is under the report threshold, nothing is raised whatever fires, and
        the full check would reach the quiet assessment. (Only for posts where no
        detector, no disclaimer and no model can add findings: ``must``.)
        """
        out = np.zeros(len(must), dtype=np.bool_)
        keep = ~must[posts]
        posts, codes, weights = posts[keep], codes[keep], weights[keep]
        if not len(posts):
            return out
        n_codes = len(CODES)
        key, inverse = np.unique(posts * n_codes + codes, return_inverse=True)
        top = np.zeros(len(key))
        np.maximum.at(top, inverse, weights)
        spared = np.ones(len(key))
        np.multiply.at(spared, inverse, 1.0 - np.clip(weights, 0.0, 1.0))
        evidence = top + scoring.SAME_CODE_BONUS * np.maximum(
            0.0, (1.0 - spared) - np.minimum(top, 1.0)
        )
        post_of_key = key // n_codes
        multiplier = np.asarray(
            [
                self._code_multiplier(contexts[p], c)
                for p, c in zip(post_of_key.tolist(), (key % n_codes).tolist(), strict=True)
            ]
        )
        # a hair of margin: the bound is computed in another order than the full check
        reach = evidence * multiplier * (1 + 1e-9) >= self.scoring.report_threshold
        out[post_of_key[reach]] = True
        return out

    def _new_code_multiplier(self, context: Context, code_index: int) -> float:
        return self._weighting(context, False).for_code(CODES[code_index])

    def _assess_one(
        self,
        text: str,
        folded: str,
        lang: str,
        context: Context,
        raw: list[float] | None,
        patterns: frozenset[int] | None = None,
        identifiers: list[det.Detection] | None = None,
        model_quiet: bool | None = None,
        must: bool = True,
    ) -> Assessment:
        """The full check of one prepared post. ``patterns``: the only pattern
        alternatives that may match (from the pre-check), ``identifiers``: the
        identifiers in the post (already found by the batch); None: find out here.
        ``model_quiet``: the model raises nothing (the batch knows); ``must``: False
        when the batch found no hint any detector needs (see :meth:`_findings`)."""
        findings = self._findings(
            text, folded, lang, context, patterns, identifiers, detectors=must
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
        patterns_possible: frozenset[int] | None = None,
        identifiers: list[det.Detection] | None = None,
        detectors: bool = True,
    ) -> list[Finding]:
        """The rules' and detectors' findings. A post mixing English and French is
        checked with both languages' rules (the batch sends it to the full check)."""
        other = det.other_language(text, lang)
        if other is None:
            return self._findings_in(
                text, folded, lang, ctx, patterns_possible, identifiers, detectors
            )
        return self._findings_in(text, folded, lang, ctx, None, identifiers, detectors) + (
            self._findings_in(text, folded, other, ctx, None, [], detectors=False)
        )

    def _findings_in(
        self,
        text: str,
        folded: str,
        lang: str,
        ctx: Context,
        patterns_possible: frozenset[int] | None = None,
        identifiers: list[det.Detection] | None = None,
        detectors: bool = True,
    ) -> list[Finding]:
        """``patterns_possible``: the pattern alternatives that may match (from the
        pre-check), or None to try every pattern rule whose literals are present.
        ``detectors``: False when the pre-check found no hint a detector needs to raise
        anything (no identifier, marking word, cue domain or disclaimer): then none
        would, and they are not run."""
        matcher = self.matchers[lang]
        hits = matcher.scan(folded)
        out: list[Finding] = []
        rules = matcher.rules
        term_spans: dict[int, list[tuple[int, int]]] = {i: list(sp) for i, sp in hits.terms.items()}
        for name, spans in hits.lists.items():
            for i in matcher.list_rules.get(name, ()):
                term_spans.setdefault(i, []).extend(spans)
        for i, spans in term_spans.items():
            rule = rules[i]
            if not _when_ok(rule, ctx):
                continue
            for s, e in sorted(spans):
                if not hits.excepted(i, s, e):
                    out.append(_finding(rule, text, s, e))
                    break
        anchor_lists = self._anchor_lists[lang]
        patterns = matcher.patterns
        alternatives = (
            None if patterns_possible is None else self.prechecks[lang].by_rule(patterns_possible)
        )
        candidates = matcher.candidate_patterns(folded) if alternatives is None else alternatives
        for i in sorted(candidates):
            pattern = patterns[i]
            assert pattern is not None
            rule = rules[i]
            if (
                rule.anchors
                and i not in hits.anchors
                and not any(hits.lists.get(name) for name in anchor_lists.get(i, ()))
            ):
                continue
            if not _when_ok(rule, ctx):
                continue
            if alternatives is not None:
                # The pattern's first match is the leftmost of its alternatives' first
                # matches (the earliest alternative on a tie); search only those that
                # may match, and fall back to the whole pattern if that one is excepted.
                first = _first_match(alternatives[i], folded)
                if first is None:
                    continue
                s, e = first
                if e > s and not hits.excepted(i, s, e):
                    out.append(_finding(rule, text, s, e))
                    continue
            for m in pattern.finditer(folded):
                try:
                    s, e = m.span("hit")
                except IndexError:
                    s, e = m.span()
                if e > s and not hits.excepted(i, s, e):
                    out.append(_finding(rule, text, s, e))
                    break
        present = hits.lists
        if present:
            seen: set[int] = set()
            triggered = [rg for name in present for rg in matcher.cooccur_by_name.get(name, ())]
            for i, groups in triggered:
                if i in seen:
                    continue
                seen.add(i)
                if all(any(name in present for name in g) for g in groups[1:]):
                    rule = rules[i]
                    if _when_ok(rule, ctx):
                        span = _cooccur(matcher, hits, i, rule, folded)
                        if span is not None:
                            out.append(_finding(rule, text, span[0], span[1]))
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
            and text.strip()
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
            w0 = self._weighting(_DEFAULT_CONTEXT, disclaimer_detected)
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

    # ------------------------------------------------------------------ routing

    def contact(self, contact_id: str, lang: str) -> Contact:
        spec = self.ruleset.contacts[contact_id]
        override = self._contact_overrides.get(contact_id, {})
        name = override.get("name", {}).get(lang) or getattr(spec.name, lang)
        how = override.get("how", {}).get(lang) or getattr(spec.how, lang)
        return Contact(id=contact_id, name=name, how=how)

    def route_contacts(self, codes: Sequence[str], lang: str) -> tuple[Contact, ...]:
        """Who can help with these considerations, most relevant first, no repeats."""
        key = (tuple(codes), lang)
        cached = self._route_cache.get(key)
        if cached is None:
            cached = self._route_cache[key] = self._route_contacts(codes, lang)
        return cached  # type: ignore[return-value]

    def _route_contacts(self, codes: Sequence[str], lang: str) -> tuple[Contact, ...]:
        seen: list[str] = []
        for code in codes:
            for cid in self.ruleset.considerations[code].contacts:
                if cid not in seen:
                    seen.append(cid)
        if codes and "ombud" not in seen:
            seen.append("ombud")
        return tuple(self.contact(cid, lang) for cid in seen)

    def route_courses(self, codes: Sequence[str], lang: str) -> tuple[Course, ...]:
        """Courses for these considerations: the always-suggested ones first."""
        key = ("courses", tuple(codes), lang)
        cached = self._route_cache.get(key)
        if cached is None:
            cached = self._route_cache[key] = self._route_courses(codes, lang)
        return cached  # type: ignore[return-value]

    def _route_courses(self, codes: Sequence[str], lang: str) -> tuple[Course, ...]:
        wanted = [c.code for c in self.ruleset.courses.values() if c.always]
        for code in codes:
            for course in self.ruleset.considerations[code].courses:
                if course not in wanted:
                    wanted.append(course)
        return tuple(self.course(code, lang) for code in wanted)

    def course(self, code: str, lang: str) -> Course:
        c = self.ruleset.courses[code]
        return Course(code=c.code, title=getattr(c.title, lang), url=getattr(c.url, lang))

    # ------------------------------------------------------------------ reference data

    def considerations(self, lang: str = "en") -> list[dict[str, Any]]:
        out = []
        for code in CODES:
            c = self.ruleset.considerations[code]
            out.append(
                {
                    "code": code,
                    "short": c.short,
                    "name": getattr(c.name, lang),
                    "covers": getattr(c.covers, lang),
                    "why": getattr(c.why, lang),
                    "questions": list(getattr(c.questions, lang)),
                    "examples": list(getattr(c.examples, lang)),
                    "instead": getattr(c.instead, lang),
                    "contacts": list(c.contacts),
                    "courses": list(c.courses),
                }
            )
        return out

    def contacts(self, lang: str = "en") -> list[Contact]:
        return [self.contact(cid, lang) for cid in self.ruleset.contacts]

    def courses(self, lang: str = "en") -> list[Course]:
        return [self.course(code, lang) for code in self.ruleset.courses]

    def channels(self, lang: str = "en") -> list[dict[str, str]]:
        return [{"id": c.id, "label": getattr(c.label, lang)} for c in self.ruleset.channels]

    def rules(self, code: str | None = None) -> list[RuleInfo]:
        out = []
        for lang in LANGS:
            for r in self.ruleset.rules[lang]:
                if code is None or r.code == code:
                    out.append(RuleInfo(r.id, r.code, r.kind, lang, r.message, r.file, r.line))
        return out


# ---------------------------------------------------------------------- helpers


def _first_match(alternatives: list[re.Pattern[str]], folded: str) -> tuple[int, int] | None:
    best: re.Match[str] | None = None
    for regex in alternatives:
        m = regex.search(folded)
        if m is not None and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    try:
        return best.span("hit")
    except IndexError:
        return best.span()


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


def _when_ok(rule: Rule, ctx: Context) -> bool:
    for key, want in rule.when:
        if key == "role":
            roles = want if isinstance(want, list) else [want]
            if ctx.role not in roles:
                return False
        elif key == "min_followers":
            if ctx.followers < int(want):
                return False
        elif bool(getattr(ctx, key)) != bool(want):
            return False
    return True


def _cooccur(
    matcher: Matcher, hits: Hits, i: int, rule: Rule, folded: str
) -> tuple[int, int] | None:
    groups = [matcher.group_spans(hits, i, g) for g in range(len(rule.groups))]
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
                if gap <= rule.window and (best is None or gap < best[0]):
                    best = (gap, sp)
            if best is None:
                break
            chosen.append(best[1])
        else:
            return min(s for s, _ in chosen), max(e for _, e in chosen)
    return None


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


__all__ = ["Engine", "Level", "RuleInfo", "default_engine"]
