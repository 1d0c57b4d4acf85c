"""Train the engine's learned layer on the project's own labeled training set.

    .venv/bin/python bench/train_learned.py            # train, cross-validate, write the shipped model
    .venv/bin/python bench/train_learned.py --cv-only  # only print cross-validation figures
    .venv/bin/python bench/train_learned.py --hold-out 'train_*_3.jsonl'
        # train without those files, then score the engine on them (with and without
        # the learned layer); the shipped model is left alone

Reads src/postcheck/rules/training/*.jsonl (written for postcheck, independent of the
evaluation sets), fits one L2 logistic regression per consideration over word
unigrams, bigrams and context features (the same features the engine computes at run
time, postcheck.engine.learned.features), and writes the weights as plain JSON to
src/postcheck/rules/model/learned.json. Needs scikit-learn (the `dev` extra); the
engine itself only reads the JSON.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import orjson
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from postcheck.engine import CODES, Context
from postcheck.engine.learned import HIGH_ROW, RAISED_ROW, feature_names
from postcheck.engine.text import fold

ROOT = Path(__file__).resolve().parent.parent
TRAIN_DIR = ROOT / "src" / "postcheck" / "rules" / "training"
MODEL = ROOT / "src" / "postcheck" / "rules" / "model" / "learned.json"


def load(hold_out: str = "") -> list[dict]:
    records = []
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        if hold_out and path.match(hold_out):
            continue
        for lineno, raw in enumerate(path.read_bytes().splitlines(), 1):
            if raw.strip():
                try:
                    records.append(orjson.loads(raw))
                except orjson.JSONDecodeError as exc:
                    sys.exit(f"{path.name}:{lineno}: {exc}")
    return records


ROWS = (*CODES, HIGH_ROW, RAISED_ROW)


def targets(records: list[dict]) -> np.ndarray:
    """One column per code, then 'the post is high'."""
    return np.array(
        [
            [1 if c in r["expected_codes"] else 0 for c in CODES]
            + [int(r["expected_level"] == "high"), int(r["expected_level"] != "low")]
            for r in records
        ]
    )


def featurize(records: list[dict]) -> list[dict[str, int]]:
    out = []
    for r in records:
        ctx = Context.from_dict(r.get("context"))
        feats = feature_names(fold(r["text"]), ctx)
        out.append(dict.fromkeys(feats, 1))
    return out


def _csr32(X):
    X = X.tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


def fit(X, Y, C: float) -> list[LogisticRegression]:
    X = _csr32(X)
    models = []
    for j in range(Y.shape[1]):
        # fixed random_state: liblinear shuffles, and the shipped model must be reproducible
        m = LogisticRegression(
            C=C, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=0
        )
        m.fit(X, Y[:, j])
        models.append(m)
    return models


def cross_validate(feats, Y, C: float, folds: int = 5, seed: int = 7):
    probs = np.zeros(Y.shape, dtype=float)
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(feats):
        vec = DictVectorizer()
        Xtr = vec.fit_transform([feats[i] for i in train])
        Xte = vec.transform([feats[i] for i in test])
        models = fit(Xtr, Y[train], C)
        for j, m in enumerate(models):
            probs[test, j] = m.predict_proba(_csr32(Xte))[:, 1]
    return probs


def f1_at(probs, Y, t: float) -> tuple[float, float]:
    probs, Y = probs[:, : len(CODES)], Y[:, : len(CODES)]
    pred = probs >= t
    f1s = []
    for j in range(Y.shape[1]):
        tp = int((pred[:, j] & (Y[:, j] == 1)).sum())
        fp = int((pred[:, j] & (Y[:, j] == 0)).sum())
        fn = int((~pred[:, j] & (Y[:, j] == 1)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    tp = int((pred & (Y == 1)).sum())
    fp = int((pred & (Y == 0)).sum())
    fn = int((~pred & (Y == 1)).sum())
    micro = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return float(np.mean(f1s)), micro


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--C", type=float, default=0.3, help="regularization (0: choose by CV)")
    ap.add_argument("--max-features", type=int, default=2500, help="kept per consideration")
    ap.add_argument(
        "--threshold", type=float, default=0.65, help="code probability threshold (0: CV)"
    )
    ap.add_argument(
        "--scale", type=float, default=0.5, help="learned evidence = scale * probability"
    )
    ap.add_argument(
        "--high-threshold",
        type=float,
        default=0.7,
        help="probability of 'high' from which a post with a raised code is high",
    )
    ap.add_argument(
        "--hold-out",
        default="",
        metavar="GLOB",
        help="training files left out, then used to score the engine (nothing written)",
    )
    args = ap.parse_args()

    records = load(args.hold_out)
    feats = featurize(records)
    Y = targets(records)
    langs = Counter(r["lang"] for r in records)
    print(
        f"training records: {len(records)} ({dict(langs)}); per code: "
        + ", ".join(f"{c}={int(Y[:, j].sum())}" for j, c in enumerate(CODES))
    )

    grid = [args.C] if args.C else [0.3, 1.0, 3.0]
    best = None
    for C in grid:
        probs = cross_validate(feats, Y, C)
        for t in (0.4, 0.5, 0.6, 0.7):
            macro, micro = f1_at(probs, Y, t)
            print(
                f"  5-fold CV  C={C:<4} threshold={t:.1f}  macro-F1={macro:.3f}  micro-F1={micro:.3f}"
            )
            if best is None or macro > best[0]:
                best = (macro, C, t)
    assert best is not None
    macro, C, t = best
    print(f"best by 5-fold CV: C={C} threshold={t} (macro-F1 {macro:.3f})")
    if args.threshold:
        t = args.threshold
        print(f"shipped: threshold={t}, chosen on held-out batches and the dev set (see README)")
    if args.cv_only:
        return 0

    vec = DictVectorizer()
    X = vec.fit_transform(feats)
    models = fit(X, Y, C)
    names = vec.get_feature_names_out()
    weights: dict[str, list[list[float]]] = {}
    for j, m in enumerate(models):
        coef = m.coef_[0]
        keep = np.argsort(-np.abs(coef))[: args.max_features]
        for k in keep:
            w = float(coef[k])
            if abs(w) >= 0.02:
                weights.setdefault(str(names[k]), []).append([j, round(w, 4)])
    rng = random.Random(11)
    references: dict[str, list[list[str]]] = {}
    for code in CODES:
        items = [[r["id"], r["text"]] for r in records if code in r["expected_codes"]]
        rng.shuffle(items)
        references[code] = items[:60]
    data = {
        "version": f"trained on {len(records)} records",
        "codes": list(ROWS),
        "high_threshold": args.high_threshold,
        "bias": [round(float(m.intercept_[0]), 4) for m in models],
        "threshold": t,
        "scale": args.scale,
        "C": C,
        "weights": weights,
        "references": references,
    }
    if args.hold_out:
        return held_out_report(args.hold_out, data)
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_bytes(orjson.dumps(data))
    print(
        f"wrote {MODEL.relative_to(ROOT)}: {len(weights)} features, {MODEL.stat().st_size:,} bytes"
    )
    return 0


def held_out_report(pattern: str, model: dict) -> int:
    """Score the engine, with a model trained without them, on the held-out files."""
    from postcheck.engine import Engine
    from postcheck.evaluation import evaluate, load_labeled

    files = sorted(p for p in TRAIN_DIR.glob("*.jsonl") if p.match(pattern))
    if not files:
        sys.exit(f"--hold-out {pattern!r} matches no file in {TRAIN_DIR}")
    records = [r for f in files for r in load_labeled(f)]
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(TRAIN_DIR.parent, rules)
        (rules / "model" / "learned.json").write_bytes(orjson.dumps(model))
        print(f"held out: {', '.join(f.name for f in files)} ({len(records)} records)")
        for label, engine in (
            # the n-gram layer's own figures (the semantic layer is measured by
            # bench/train_semantic.py --cross)
            ("rules + n-gram layer", Engine(rules, semantic=False)),
            ("rules alone", Engine(rules, learned=False)),
        ):
            r = evaluate(engine, records)["all"]
            print(
                f"  {label:<22} macro-F1 {r['macro_f1']:.3f}  level accuracy {r['level_accuracy']:.3f}  "
                f"recall on high {r['high_recall']:.3f}  false positives on low "
                f"{r['low_false_positive_rate']:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
