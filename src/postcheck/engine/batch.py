"""The batch planner: many posts checked with the same results as one at a time, faster.

The learned layer scores a chunk of posts at once; the pre-check (:mod:`.precheck`)
finds, for the whole chunk, the rules that may fire in each post; a post where no
detector, no model and no disclaimer can add findings, and where those rules cannot
reach the report threshold in its context (:meth:`BatchPlanner._may_raise`), gets the
assessment the full check would reach without it. Every other post gets the full check
(:meth:`.Engine._assess_one`), which decides it, so the planner can only make the
engine faster, never change a result (tests/engine/test_batch_equivalence.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from . import detectors as det
from . import scoring
from .model import LANGS, Assessment, Context, Post
from .packs import CODES
from .precheck import Maybe, PreCheck, context_table
from .prepare import DEFAULT_CONTEXT, MAX_TEXT_CHARS, prepare
from .semantic import readable
from .text import SEP, fold, fold_joined, post_of

if TYPE_CHECKING:  # the engine builds its planner
    from .engine import Engine

BATCH_CHUNK = 1024  # posts scored together by the learned layer


class BatchPlanner:
    """Checks many posts for an engine (:meth:`.Engine.assess_batch`)."""

    def __init__(self, engine: Engine, hints: Iterable[str]) -> None:
        """``hints``: substrings without which no detector can raise anything."""
        self.engine = engine
        self.prechecks: dict[str, PreCheck] = {
            lang: PreCheck(engine.matchers[lang], hints) for lang in LANGS
        }
        rules = {lang: engine.matchers[lang].rules for lang in LANGS}
        kinds = {lang: engine.matchers[lang].kinds for lang in LANGS}
        # each rule's code (an index into CODES) and the most it adds, for the bound
        self._rule_code = {
            lang: np.asarray([CODES.index(r.code) for r in rules[lang]] + [0], dtype=np.int64)
            for lang in LANGS
        }
        self._rule_weight = {
            lang: np.asarray(
                [kinds[lang][r.kind].bound(r) for r in rules[lang]] + [0.0], dtype=np.float64
            )
            for lang in LANGS
        }
        # a rule whose id starts with "disclaimer" marks the post's disclaimer (which the
        # result shows even when nothing is raised): where it may fire, the full check
        self._rule_disclaims = {
            lang: np.asarray(
                [r.id.startswith("disclaimer") for r in rules[lang]] + [False], dtype=np.bool_
            )
            for lang in LANGS
        }
        self._code_multiplier: Callable[[Context, int], float] = lru_cache(4096)(
            self._new_code_multiplier
        )

    def assess(self, items: Iterable[tuple[Post | str, Context | None]]) -> list[Assessment]:
        """Check many posts, chunk by chunk."""
        out: list[Assessment] = []
        it = iter(items)
        while chunk := list(islice(it, BATCH_CHUNK)):
            out.extend(self._assess_chunk(chunk))
        return out

    def _assess_chunk(self, chunk: Sequence[tuple[Post | str, Context | None]]) -> list[Assessment]:
        texts: list[str] = []
        langs: list[str] = []
        contexts: list[Context] = []
        # equal contexts made one object: the caches below then find them by identity
        same: dict[Context, Context] = {}
        for post, context in chunk:
            if (
                type(post) is Post
                and type(post.text) is str
                and post.lang in LANGS
                and len(post.text) <= MAX_TEXT_CHARS
            ):  # what prepare() does, without the call, for the usual post
                text, lang, ctx = post.text, post.lang, context or DEFAULT_CONTEXT
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
            out[n] = self.engine._unchecked(langs[n], contexts[n])
        return [a for a in out if a is not None]

    def _assess_prepared(
        self, texts: list[str], langs: list[str], contexts: list[Context]
    ) -> list[Assessment]:
        """:meth:`_assess_chunk` for prepared posts in English or French."""
        if not texts:
            return []
        batch = None if any(SEP in t for t in texts) else fold_joined(texts)
        folded = [fold(t) for t in texts] if batch is None else batch.texts
        engine = self.engine
        learned = engine.learned
        if learned is None:
            return [
                engine._assess_one(t, f, lang, ctx, None)
                for t, f, lang, ctx in zip(texts, folded, langs, contexts, strict=True)
            ]
        raw = learned.raw_scores(list(zip(folded, contexts, strict=True)), batch)
        # must: the full check; rules: posts where rules only may fire (rule pairs)
        model_quiet = learned.quiet(raw, contexts)
        must = ~model_quiet
        if engine.semantic is not None:
            # posts the semantic layer will read get the full check (a hair of margin:
            # the full check decides with the very same floats)
            gated = engine.semantic.gate_batch(learned.text_scores_batch(raw, contexts))
            must |= gated & np.fromiter(map(readable, texts), bool, len(texts))
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
        # what each kind of rule is left to look at in each post, by language
        pres: dict[str, Maybe] = {}
        local = [0] * len(texts)  # each post's index among those of its language
        rule_posts: list[npt.NDArray[np.int64]] = []
        rule_codes: list[npt.NDArray[np.int64]] = []
        rule_weights: list[npt.NDArray[np.float64]] = []
        for lang in LANGS:
            idx = [n for n, x in enumerate(langs) if x == lang]
            if not idx:
                continue
            for p, n in enumerate(idx):
                local[n] = p
            ok = context_table(engine.matchers[lang], [contexts[n] for n in idx])
            at = np.asarray(idx, dtype=np.int64)
            pre = pres[lang] = self.prechecks[lang].maybe(
                [folded[n] for n in idx], ok, must[at], sep_free=batch is not None
            )
            must[at] |= pre.must
            must[at[pre.post[self._rule_disclaims[lang][pre.rule]]]] = True
            rule_posts.append(at[pre.post])
            rule_codes.append(self._rule_code[lang][pre.rule])
            rule_weights.append(self._rule_weight[lang][pre.rule])
        check = must | self._may_raise(
            must,
            np.concatenate(rule_posts),
            np.concatenate(rule_codes),
            np.concatenate(rule_weights),
            contexts,
        )
        out: list[Assessment] = []
        quiet = engine._quiet
        model_quiet_l = model_quiet.tolist()
        must_l = must.tolist()
        for n, full in enumerate(check.tolist()):
            lang, ctx = langs[n], contexts[n]
            if not full:
                # nothing can be raised: the assessment the full check would reach
                out.append(quiet(lang, ctx, False))
            else:
                out.append(
                    engine._assess_one(
                        texts[n],
                        folded[n],
                        lang,
                        ctx,
                        raw[n].tolist(),
                        pres[lang].narrowed_for(local[n]),
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
        reach = evidence * multiplier * (1 + 1e-9) >= self.engine.scoring.report_threshold
        out[post_of_key[reach]] = True
        return out

    def _new_code_multiplier(self, context: Context, code_index: int) -> float:
        return self.engine._weighting(context, False).for_code(CODES[code_index])
