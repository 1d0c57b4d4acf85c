"""The learned layer: a linear model over word n-grams and context, trained on the
project's own labeled training set (``rules/training/*.jsonl``) and shipped as data
(``rules/model/learned.json``; see ``bench/train_learned.py``).

It catches risks the rules miss (sarcasm, winks, implicit cues). Each finding it
makes is explained: the words that weighed most, and the closest reference examples
from the training set.

The model is plain data (weights per feature and per consideration), so loading it
needs no machine-learning library. Scoring is vectorized: each post's features become
row numbers of one weight matrix (dictionary look-ups driven from C by ``map``), and
numpy sums the rows of a whole batch at once (:meth:`LearnedLayer.raw_scores`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from .errors import RulePackError
from .model import Context, Finding
from .packs import CODES, default_rules_dir
from .stopwords import explains
from .text import TABLE_SIZE, Folded, code_points, fold, post_of, starts_of, table_index

# Tokens: words of letters and digits, apostrophes inside them kept ("don't", "l'etat"),
# and emoji one by one. (Read on folded text: lower case, accents removed.)
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# Posts of a batch are joined by this character (it is no token character).
_SEP = "\x00"
_APOSTROPHE = 39
_EMOJI_BASE = 0x2600  # the first emoji code point
# For each code point of the first two planes: its byte if it is a word character of
# a token ([a-z0-9]), an apostrophe as itself, anything else a space; and whether it is
# an emoji (a token on its own).
_WORD_BYTES: npt.NDArray[np.uint8] | None = None
_EMOJI: npt.NDArray[np.bool_] | None = None


def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.bool_]]:
    global _WORD_BYTES, _EMOJI
    if _WORD_BYTES is None or _EMOJI is None:
        cps = np.arange(TABLE_SIZE)
        alnum = ((cps >= 97) & (cps <= 122)) | ((cps >= 48) & (cps <= 57))
        _WORD_BYTES = np.where(alnum | (cps == _APOSTROPHE), cps, 32).astype(np.uint8)
        _EMOJI = ((cps >= 0x1F300) & (cps <= 0x1FAFF)) | ((cps >= 0x2600) & (cps <= 0x27BF))
    return _WORD_BYTES, _EMOJI


@dataclass(frozen=True, slots=True)
class _Split:
    """A batch's tokens: its words (ASCII bytes) and its emoji (code points), and, for
    the words then the emoji, the order they come in the texts (None: no emoji, the
    words are in order) and the text each token of that order belongs to."""

    words: list[bytes]
    emoji: npt.NDArray[np.uint32]
    order: npt.NDArray[np.intp] | None
    post: npt.NDArray[np.int64]


def _split(texts: Sequence[str], batch: Folded | None = None) -> _Split:
    """The tokens of folded texts (:data:`_TOKEN_RE`) that do not hold :data:`_SEP`:
    numpy marks the token characters of the joined texts, ``bytes.split`` cuts the
    words. ``batch``: the same texts, already joined (:func:`.text.fold_joined`)."""
    if batch is None:
        cps, starts = code_points(_SEP.join(texts)), starts_of(texts)
    else:
        cps, starts = batch.cps, batch.starts
    word_bytes, emoji = _tables()
    low = table_index(cps)
    b = word_bytes[low]
    # an apostrophe belongs to a word only between two of its letters or digits
    quote = np.flatnonzero(b == _APOSTROPHE)
    if len(quote):
        prev = np.where(quote > 0, b[np.maximum(quote - 1, 0)], 32)
        nxt = np.where(quote + 1 < len(b), b[np.minimum(quote + 1, len(b) - 1)], 32)
        inside = (prev != 32) & (prev != _APOSTROPHE) & (nxt != 32) & (nxt != _APOSTROPHE)
        b[quote[~inside]] = 32
    words = b.tobytes().split()
    is_tok = b != 32
    at = np.flatnonzero(is_tok & np.concatenate(([True], ~is_tok[:-1])))  # word starts
    emo = np.flatnonzero(emoji[low]) if cps.max(initial=0) >= _EMOJI_BASE else at[:0]
    order = None
    if len(emo):
        at = np.concatenate((at, emo))
        order = np.argsort(at, kind="stable")
        at = at[order]
    return _Split(words, cps[emo], order, post_of(starts, at))


def batch_tokens(texts: Sequence[str]) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The tokens of each folded text (:data:`_TOKEN_RE`), in order, and the text each
    belongs to (what :meth:`LearnedLayer.raw_scores` reads, as strings)."""
    split = _split(texts)
    both = [w.decode() for w in split.words] + [chr(c) for c in split.emoji.tolist()]
    if split.order is not None:
        both = [both[i] for i in split.order.tolist()]
    return both, split.post


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


# A finding needs its words to give the code at least this probability in the neutral
# context (an ordinary employee, unknown, small audience): the text must make the code
# more likely than not before the context may scale it (levels.md §1: context never
# creates a concern). At 0.35, « Premier jogging de l'année » (p=0.43 for PS01 in the
# neutral context: "premier" is also a head of government) came out partisan for an
# identifiable executive in an election.
NEUTRAL_EVIDENCE = 0.5
_NEUTRAL = Context()

# Besides one row per code, the model has a row for "the post is high".
HIGH_ROW = "level=high"
# and one for "the post raises something" (what the semantic layer's gate reads)
RAISED_ROW = "level=raised"
LEVEL_ROWS = (HIGH_ROW, RAISED_ROW)


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
        rows = [c for c in self.codes if c not in LEVEL_ROWS]
        if len(self.codes) != len(self.bias) or any(c not in CODES for c in rows):
            raise RulePackError("learned model: codes and bias do not match", file=source)
        self._code_rows = [i for i, c in enumerate(self.codes) if c not in LEVEL_ROWS]
        self._high_row = self.codes.index(HIGH_ROW) if HIGH_ROW in self.codes else None
        t = min(max(self.threshold, 1e-6), 1 - 1e-6)
        self._logit_threshold = math.log(t / (1 - t))
        # The weights as one matrix: row 0 is all zeros (a feature the model does not
        # know), then one row per feature, then the bias; and the same rows as sparse
        # (column, weight) tuples for plain-Python use. Each token the model knows
        # gets an id (0: unknown); a unigram's row is found by its token id, a bigram's
        # by its pair of ids in a hash table (_PairTable), all in numpy for a batch.
        self._feature: dict[str, int] = {}
        self._token: dict[str | bytes, int] = {}  # str: as _TOKEN_RE reads; bytes: words
        unigram_rows: dict[int, int] = {}
        bigram_rows: dict[tuple[int, int], int] = {}

        def token_id(tok: str) -> int:
            return self._token.setdefault(tok, len(self._token) + 1)

        matrix = np.zeros((len(weights) + 2, len(self.codes)), dtype=np.float64)
        self._sparse: list[tuple[tuple[int, float], ...]] = [()]
        for row, (feat, pairs) in enumerate(weights.items(), start=1):
            try:
                sparse = tuple(sorted((int(i), float(w)) for i, w in pairs if w))
            except (TypeError, ValueError) as exc:
                raise RulePackError(
                    f"learned model: feature {feat!r}: {exc}", file=source
                ) from None
            for i, w in sparse:
                if not 0 <= i < len(self.codes):
                    raise RulePackError(
                        f"learned model: feature {feat!r} has weight for row {i}", file=source
                    )
                matrix[row, i] = w
            self._sparse.append(sparse)
            self._feature[feat] = row
            if feat.startswith("ctx:"):
                continue
            first, space, second = feat.partition(" ")
            if space:
                bigram_rows[(token_id(first), token_id(second))] = row
            else:
                unigram_rows[token_id(feat)] = row
        self._bias_row = len(weights) + 1
        matrix[self._bias_row] = self.bias
        self._matrix = matrix
        self._columns = [np.ascontiguousarray(matrix[:, j]) for j in range(len(self.codes))]
        self._n_tokens = len(self._token) + 2
        # the batch tokenizer gives words as ASCII bytes (the same ids under those keys)
        # and emoji as code points (ids from a table)
        self._emoji_id = np.zeros(TABLE_SIZE - _EMOJI_BASE, dtype=np.int64)
        for tok, tid in list(self._token.items()):
            if isinstance(tok, str) and tok.isascii():
                self._token[tok.encode()] = tid
            elif (
                isinstance(tok, str)
                and len(tok) == 1
                and _tables()[1][min(ord(tok), TABLE_SIZE - 1)]
            ):
                self._emoji_id[ord(tok) - _EMOJI_BASE] = tid
        self._unigram_row = np.zeros(self._n_tokens, dtype=np.intp)
        for tid, row in unigram_rows.items():
            self._unigram_row[tid] = row
        keys = sorted((a * self._n_tokens + b, row) for (a, b), row in bigram_rows.items())
        self._bigrams = _PairTable(
            np.asarray([k for k, _r in keys], dtype=np.int64),
            np.asarray([r for _k, r in keys], dtype=np.intp),
        )
        # the same look-ups for one post in plain Python (scores)
        self._unigram_rows: list[int] = self._unigram_row.tolist()
        self._bigram_rows: dict[int, int] = dict(keys)
        # which token ids start, and which end, some bigram
        self._bigram_first = np.zeros(self._n_tokens, dtype=np.bool_)
        self._bigram_second = np.zeros(self._n_tokens, dtype=np.bool_)
        for a, b in bigram_rows:
            self._bigram_first[a] = self._bigram_second[b] = True
        self._code_index = np.asarray(self._code_rows, dtype=np.intp)
        # per context, computed once (never changed: shared by every post)
        self._bias = np.asarray(self.bias, dtype=np.float64)
        self._context_sum: Callable[[Context], npt.NDArray[np.float64]] = lru_cache(4096)(
            self._new_context_sum
        )
        self._base: Callable[[Context], npt.NDArray[np.float64]] = lru_cache(4096)(self._new_base)
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

    def contributions(self, folded: str, ctx: Context) -> list[list[tuple[float, str, int, int]]]:
        """The positive contributions per row: (weight, feature, start, end)."""
        contrib: list[list[tuple[float, str, int, int]]] = [[] for _ in self.codes]
        row_of, sparse = self._feature, self._sparse
        for feat, s, e in features(folded, ctx):
            for i, w in sparse[row_of.get(feat, 0)]:
                if w > 0:
                    contrib[i].append((w, feat, s, e))
        return contrib

    def explaining(
        self, contrib: Sequence[tuple[float, str, int, int]], k: int
    ) -> list[tuple[float, str, int, int]]:
        """The ``k`` heaviest contributions of a row (see :meth:`contributions`) whose
        feature carries meaning (never a stop word or a context feature)."""
        return sorted((c for c in contrib if explains(c[1])), reverse=True)[:k]

    def _new_context_sum(self, ctx: Context) -> npt.NDArray[np.float64]:
        """The weights of a context's features, summed (cached: :attr:`_context_sum`)."""
        vec = np.zeros(len(self.codes), dtype=np.float64)
        for f in context_features(ctx):
            vec = vec + self._matrix[self._feature.get(f, 0)]
        return vec

    def _new_base(self, ctx: Context) -> npt.NDArray[np.float64]:
        """A post's scores before its words: the bias plus its context's weights
        (cached: :attr:`_base`)."""
        return self._bias + self._context_sum(ctx)

    @staticmethod
    def _per_post(
        contexts: Sequence[Context], row: Callable[[Context], npt.NDArray[np.float64]]
    ) -> npt.NDArray[np.float64]:
        """``row(context)`` for each post, stacked (one row for all when they share it)."""
        index: dict[Context, int] = {}
        which = [index.setdefault(ctx, len(index)) for ctx in contexts]
        rows = np.stack([row(ctx) for ctx in index])
        return rows if len(index) == 1 else rows[which]

    def raw_scores(
        self, posts: Sequence[tuple[str, Context]], batch: Folded | None = None
    ) -> npt.NDArray[np.float64]:
        """Raw linear scores, one row per (folded text, context), one column per model row.

        The batch is tokenized at once (:func:`batch_tokens`); numpy then adds, for
        each post, to the bias its unigram rows and its bigram rows, one at a time in
        that order (``np.bincount``, one column at a time), then its context's rows: a
        post scores exactly the same alone or among a million, and as :meth:`scores`.
        ``batch``: the same texts folded and joined (:func:`.text.fold_joined`).
        """
        n = len(posts)
        if n == 0:
            return np.zeros((0, len(self.codes)), dtype=np.float64)
        texts = [folded for folded, _ctx in posts]
        if batch is None and n > 1 and any(_SEP in t for t in texts):
            # the separator cannot be told apart from the text: one post at a time
            return np.vstack([self.raw_scores([p]) for p in posts])
        if n == 1:
            toks = _TOKEN_RE.findall(texts[0])
            tid = np.fromiter(
                map(self._token.get, toks, repeat(0)), dtype=np.int64, count=len(toks)
            )
            post_of = np.zeros(len(toks), dtype=np.int64)
        else:
            tid, post_of = self._batch_ids(texts, batch)
        uni = self._unigram_row[tid]
        keep_uni = uni > 0
        # bigrams (of tokens of the same post): only pairs of tokens that start and end
        # some bigram are looked up
        maybe = np.flatnonzero(
            self._bigram_first[tid[:-1]]
            & self._bigram_second[tid[1:]]
            & (post_of[:-1] == post_of[1:])
        )
        bi_rows = np.zeros(0, dtype=np.intp)
        bi_posts = np.zeros(0, dtype=np.int64)
        if len(maybe):
            rows = self._bigrams.rows(tid[maybe] * self._n_tokens + tid[maybe + 1])
            found = rows > 0
            bi_rows = rows[found]
            bi_posts = post_of[maybe[found]]
        # Each post's sum, in this order: its bias, its unigram rows, its bigram rows.
        # np.bincount adds the weights one after the other, in the order given, to a
        # zero: the very additions :meth:`scores` makes, so the very same floats.
        post_ids = np.concatenate((np.arange(n), post_of[keep_uni], bi_posts))
        row_ids = np.concatenate((np.full(n, self._bias_row), uni[keep_uni], bi_rows))
        sums = np.empty((n, len(self.codes)), dtype=np.float64)
        for j, column in enumerate(self._columns):
            sums[:, j] = np.bincount(post_ids, weights=column[row_ids], minlength=n)
        sums += self._per_post([ctx for _folded, ctx in posts], self._context_sum)
        return sums

    def _batch_ids(
        self, texts: Sequence[str], batch: Folded | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """:func:`batch_tokens` as token ids (0: unknown), and the text of each."""
        split = _split(texts, batch)
        tid = np.fromiter(
            map(self._token.get, split.words, repeat(0)), dtype=np.int64, count=len(split.words)
        )
        if split.order is not None:
            emoji = self._emoji_id[split.emoji.astype(np.intp) - _EMOJI_BASE]
            tid = np.concatenate((tid, emoji))[split.order]
        return tid, split.post

    def quiet(
        self, raw: npt.NDArray[np.float64], contexts: Sequence[Context]
    ) -> npt.NDArray[np.bool_]:
        """For each row of :meth:`raw_scores` (and its post's context): True where the
        model raises no code (see :meth:`_raises`)."""
        if not len(self._code_index):
            return np.ones(len(raw), dtype=np.bool_)
        base = self._per_post(contexts, self._base)
        raises = (raw >= self._logit_threshold) & (raw > base)
        return np.logical_not(raises[:, self._code_index].any(axis=1))

    def text_scores(self, raw: Sequence[float], ctx: Context) -> list[float]:
        """A post's scores without its context's weights: what its words (and the
        bias) say, the same whoever posts it (the semantic layer's input)."""
        return [x - c for x, c in zip(raw, self._context_sum(ctx).tolist(), strict=True)]

    def text_scores_batch(
        self, raw: npt.NDArray[np.float64], contexts: Sequence[Context]
    ) -> npt.NDArray[np.float64]:
        """:meth:`text_scores` for each row of :meth:`raw_scores` (the same floats)."""
        out: npt.NDArray[np.float64] = raw - self._per_post(contexts, self._context_sum)
        return out

    def _raises(self, raw: Sequence[float], base: Sequence[float], i: int) -> bool:
        """The model raises row ``i``: its score reaches the threshold, and the post's
        words, not its context alone, lean towards it (the score is above what the
        bias and the context give a post with no words). The context weighs a post's
        risk in the scoring formula; on its own it never makes a finding."""
        return raw[i] >= self._logit_threshold and raw[i] > base[i]

    def scores(self, folded: str, ctx: Context) -> list[float]:
        """Raw linear scores per row for one post, without numpy's per-call cost.

        The same sums as :meth:`raw_scores`, in the same order (bias, unigram rows,
        bigram rows, then the context's rows), so the same floats: numpy adds the
        rows of a segment one after the other, and adding a zero changes nothing, so
        only the non-zero weights are added here.
        """
        acc = list(self.bias)
        toks = _TOKEN_RE.findall(folded)
        token = self._token.get
        tids = [token(t, 0) for t in toks]
        urow = self._unigram_rows
        sparse = self._sparse
        for tid in tids:
            row = urow[tid]
            if row:
                for i, w in sparse[row]:
                    acc[i] += w
        if len(tids) > 1 and self._bigram_rows:
            bigram = self._bigram_rows.get
            n_tokens = self._n_tokens
            for a, b in pairwise(tids):
                if a and b:
                    row = bigram(a * n_tokens + b, 0)
                    if row:
                        for i, w in sparse[row]:
                            acc[i] += w
        ctx_sum = self._context_sum(ctx).tolist()
        return [x + c for x, c in zip(acc, ctx_sum, strict=True)]

    def analyze(
        self,
        folded: str,
        text: str,
        lang: str,
        ctx: Context,
        raw: Sequence[float] | None = None,
        quiet: bool | None = None,
    ) -> LearnedResult:
        """Findings for the codes the model is confident about, and level probabilities.

        ``raw`` is the post's row of :meth:`raw_scores` when the caller has it, and
        ``quiet`` what :meth:`quiet` says of it.
        """
        if raw is None:
            raw = self.scores(folded, ctx)
        p_high = 0.0 if self._high_row is None else _sigmoid(float(raw[self._high_row]))
        base = self._base(ctx).tolist()
        if quiet is None:
            quiet = not any(self._raises(raw, base, i) for i in self._code_rows)
        if quiet:
            return LearnedResult([], p_high)
        probs = [_sigmoid(float(x)) for x in raw]
        # what the same words score for an ordinary, unknown employee: the context
        # scales what the text shows, it never makes a finding on its own
        neutral = [
            x - c + n
            for x, c, n in zip(
                raw,
                self._context_sum(ctx).tolist(),
                self._context_sum(_NEUTRAL).tolist(),
                strict=True,
            )
        ]
        contrib = self.contributions(folded, ctx)
        out: list[Finding] = []
        for i, p in enumerate(probs):
            code = self.codes[i]
            if (
                code in LEVEL_ROWS
                or p < self.threshold
                or not raw[i] > base[i]
                or _sigmoid(float(neutral[i])) < NEUTRAL_EVIDENCE
            ):
                continue
            # the words that weighed most; a lean that only words without meaning
            # ("is a", "honestly") give explains nothing and raises nothing
            top = self.explaining(contrib[i], 3)
            if not top:
                continue
            words = [f for _w, f, _s, _e in top]
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


class _PairTable:
    """Bigram keys to weight rows: a hash table with linear probing, looked up for a
    whole array of keys at once (a few vectorized probes instead of a binary search)."""

    _EMPTY = -1

    def __init__(self, keys: npt.NDArray[np.int64], rows: npt.NDArray[np.intp]) -> None:
        bits = max(4, int(2 * max(len(keys), 1) - 1).bit_length())  # load at most 1/2
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        table_keys = [self._EMPTY] * (1 << bits)
        table_rows = [0] * (1 << bits)
        self._probes = 1
        for key, row, slot in zip(
            keys.tolist(), rows.tolist(), self._slots(keys).tolist(), strict=True
        ):
            n = 1
            while table_keys[slot] != self._EMPTY:
                slot = (slot + 1) & self._mask
                n += 1
            table_keys[slot] = key
            table_rows[slot] = row
            self._probes = max(self._probes, n)
        self._keys = np.asarray(table_keys, dtype=np.int64)
        self._rows = np.asarray(table_rows, dtype=np.intp)

    def _slots(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        mixed = keys.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)  # wraps: a hash
        return (mixed >> self._shift).astype(np.int64)

    def rows(self, keys: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
        """The row of each key, 0 for a key not in the table (keys are never negative)."""
        out = np.zeros(len(keys), dtype=np.intp)
        todo = np.arange(len(keys))
        slot = self._slots(keys)
        for _ in range(self._probes):
            if not len(todo):
                break
            there = self._keys[slot]
            hit = there == keys[todo]
            out[todo[hit]] = self._rows[slot[hit]]
            again = ~hit & (there != self._EMPTY)
            todo, slot = todo[again], (slot[again] + 1) & self._mask
        return out


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
