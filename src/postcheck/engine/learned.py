"""The learned layer: a linear model over word n-grams and context, trained on the
project's own labeled training set (``rules/training/*.jsonl``) and shipped as data
(``rules/model/learned.json``; see ``bench/train_learned.py``).

It catches risks the rules miss (sarcasm, winks, implicit cues). Each finding it
makes is explained: the words that weighed most, and the closest reference examples
from the training set.

The model is plain data (weights per feature and per consideration), so loading it
needs no machine-learning library and scoring a post is a few dictionary look-ups.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .errors import RulePackError
from .model import Context, Finding
from .packs import CODES, default_rules_dir
from .text import fold

_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\U0001F300-\U0001FAFF\u2600-\u27BF]")

MODEL_FILE = Path("model") / "learned.json"
MESSAGES = {
    "en": "Similar to posts that raise this consideration",
    "fr": "Semblable à des publications qui soulèvent cette considération",
}


def tokens(folded: str) -> list[tuple[str, int, int]]:
    """Word and emoji tokens of folded text, with their offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]


def context_features(ctx: Context) -> list[str]:
    feats = [f"ctx:role={ctx.role}"]
    if ctx.identifiable:
        feats.append("ctx:identifiable")
    if ctx.about_own_work:
        feats.append("ctx:own_work")
    if ctx.election_period:
        feats.append("ctx:election")
    if ctx.authorized:
        feats.append("ctx:authorized")
    if ctx.followers >= 1000:
        feats.append("ctx:followers>=1000")
    if ctx.followers >= 5000:
        feats.append("ctx:followers>=5000")
    return feats


def features(folded: str, ctx: Context) -> Iterator[tuple[str, int, int]]:
    """Unigrams, bigrams (with spans) and context features (span 0, 0)."""
    toks = tokens(folded)
    prev: tuple[str, int, int] | None = None
    for tok in toks:
        yield tok
        if prev is not None:
            yield (prev[0] + " " + tok[0], prev[1], tok[2])
        prev = tok
    for f in context_features(ctx):
        yield (f, 0, 0)


def feature_names(folded: str, ctx: Context) -> list[str]:
    return [f for f, _s, _e in features(folded, ctx)]


# Besides one row per code, the model has a row for "the post is high".
HIGH_ROW = "level=high"


@dataclass(frozen=True, slots=True)
class LearnedResult:
    """What the learned layer says about one post."""

    findings: list[Finding]
    p_high: float  # probability the post is high


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    text: str
    unigrams: frozenset[str]


class LearnedLayer:
    """Scores a post for each consideration with the shipped linear model."""

    def __init__(self, data: dict[str, Any], source: str = "model") -> None:
        try:
            self.codes: list[str] = list(data["codes"])
            self.bias: list[float] = [float(b) for b in data["bias"]]
            self.threshold: float = float(data["threshold"])
            self.scale: float = float(data["scale"])
            # above 1: never (a model without a calibrated high row)
            self.high_threshold: float = float(data.get("high_threshold", 1.1))
            weights: dict[str, list[list[float]]] = data["weights"]
            refs: dict[str, list[list[str]]] = data.get("references", {})
            self.version: str = str(data.get("version", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise RulePackError(f"learned model is malformed: {exc}", file=source) from None
        rows = [c for c in self.codes if c != HIGH_ROW]
        if len(self.codes) != len(self.bias) or any(c not in CODES for c in rows):
            raise RulePackError("learned model: codes and bias do not match", file=source)
        self._code_rows = [i for i, c in enumerate(self.codes) if c != HIGH_ROW]
        self._high_row = self.codes.index(HIGH_ROW) if HIGH_ROW in self.codes else None
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        self._logit_threshold = math.log(t / (1 - t))
        self.weights: dict[str, tuple[tuple[int, float], ...]] = {
            feat: tuple((int(i), float(w)) for i, w in pairs) for feat, pairs in weights.items()
        }
        self._raw_refs = refs
        self._references: dict[str, list[Reference]] = {}
        self._ref_index: dict[str, dict[str, list[int]]] = {}

    @classmethod
    def load(cls, rules_dir: Path | None) -> LearnedLayer | None:
        path = (rules_dir or default_rules_dir()) / MODEL_FILE
        if not path.is_file():
            return None
        try:
            data = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as exc:
            raise RulePackError(f"learned model is not valid JSON: {exc}", file=str(path)) from None
        return cls(data, source=str(path))

    def probabilities(self, folded: str, ctx: Context) -> tuple[list[float], list[list[tuple[float, str, int, int]]]]:
        """Probability per code, and the positive contributions per code."""
        scores = list(self.bias)
        contrib: list[list[tuple[float, str, int, int]]] = [[] for _ in self.codes]
        weights = self.weights
        for feat, s, e in features(folded, ctx):
            pairs = weights.get(feat)
            if pairs is None:
                continue
            for i, w in pairs:
                scores[i] += w
                if w > 0:
                    contrib[i].append((w, feat, s, e))
        return [_sigmoid(x) for x in scores], contrib

    def scores(self, folded: str, ctx: Context) -> list[float]:
        """Raw linear scores per row (the hot path: no bookkeeping)."""
        scores = list(self.bias)
        weights = self.weights
        toks = _TOKEN_RE.findall(folded)
        prev = None
        for tok in toks:
            pairs = weights.get(tok)
            if pairs is not None:
                for i, w in pairs:
                    scores[i] += w
            if prev is not None:
                pairs = weights.get(prev + " " + tok)
                if pairs is not None:
                    for i, w in pairs:
                        scores[i] += w
            prev = tok
        for feat in context_features(ctx):
            pairs = weights.get(feat)
            if pairs is not None:
                for i, w in pairs:
                    scores[i] += w
        return scores

    def analyze(self, folded: str, text: str, lang: str, ctx: Context) -> LearnedResult:
        """Findings for the codes the model is confident about, and level probabilities."""
        raw = self.scores(folded, ctx)
        p_high = 0.0 if self._high_row is None else _sigmoid(raw[self._high_row])
        if not any(raw[i] >= self._logit_threshold for i in self._code_rows):
            return LearnedResult([], p_high)
        probs, contrib = self.probabilities(folded, ctx)
        out: list[Finding] = []
        for i, p in enumerate(probs):
            code = self.codes[i]
            if code == HIGH_ROW or p < self.threshold:
                continue
            top = sorted(contrib[i], reverse=True)[:3]
            words = [f for _w, f, _s, _e in top if not f.startswith("ctx:")]
            spans = [(s, e) for _w, f, s, e in top if e > s]
            start, end = spans[0] if spans else (0, 0)
            evidence = tuple(f"words: {w}" for w in words)
            ref = self.closest(code, folded)
            if ref is not None:
                evidence += (f"like: {ref.id}: {ref.text[:140]}",)
            out.append(
                Finding(
                    code=code,
                    rule_id=f"learned.{code.lower()}",
                    start=start,
                    end=end,
                    matched=text[start:end],
                    message=MESSAGES.get(lang, MESSAGES["en"]) + f" (p={p:.2f}).",
                    weight=self.scale * p,
                    source="learned",
                    evidence=evidence,
                )
            )
        return LearnedResult(out, p_high)

    def closest(self, code: str, folded: str) -> Reference | None:
        """The training example of ``code`` sharing the most words with the post."""
        refs = self._references.get(code)
        if refs is None:
            refs = self._references[code] = [
                Reference(rid, text, frozenset(t for t, _s, _e in tokens(fold(text))))
                for rid, text in self._raw_refs.get(code, ())
            ]
            index: dict[str, list[int]] = {}
            for n, ref in enumerate(refs):
                for w in ref.unigrams:
                    index.setdefault(w, []).append(n)
            self._ref_index[code] = index
        if not refs:
            return None
        words = set(_TOKEN_RE.findall(folded))
        overlap: dict[int, int] = {}
        index = self._ref_index[code]
        for w in words:
            for n in index.get(w, ()):
                overlap[n] = overlap.get(n, 0) + 1
        best, best_key = None, (0.0, 0)
        for n, inter in overlap.items():
            ref = refs[n]
            key = (inter / (len(words) + len(ref.unigrams) - inter), -n)  # Jaccard; ties: first
            if key > best_key:
                best, best_key = ref, key
        return best


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
