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
cached in bench/out/ (keyed by text). The same corpus gives the same weights: every
fit is deterministic (fixed seeds, single-threaded solvers).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import orjson
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_learned as tl  # noqa: E402

from postcheck.engine import CODES, Context, Engine, Post  # noqa: E402
from postcheck.engine.learned import LearnedLayer  # noqa: E402
from postcheck.engine.semantic import (  # noqa: E402
    Encoder,
    code_features,
    context_vector,
    level_features,
    text_inputs,
)
from postcheck.engine.text import fold  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "src" / "postcheck" / "rules"
TRAIN_DIR = RULES / "training"
CACHE = ROOT / "bench" / "out" / "embeddings.npz"
LEVELS = ("low", "moderate", "high")
N_REFS = 3000
LEVEL_MODE = "model"  # see SemanticLayer.level_mode; --cross measures both
FOLDS = 4


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


def folds_of(records: list[dict], k: int = FOLDS) -> np.ndarray:
    groups = sorted({group_of(r) for r in records})
    rng = np.random.default_rng(5)
    fold_of_group = dict(zip(groups, rng.integers(0, k, len(groups)).tolist(), strict=True))
    return np.asarray([fold_of_group[group_of(r)] for r in records])


def text_targets(records: list[dict]) -> np.ndarray:
    return np.array(
        [
            [int(c in r["expected_codes"]) for c in CODES]
            + [int(r["expected_level"] != "low"), int(r["expected_level"] == "high")]
            for r in records
        ]
    )


def fit_logistic(X: np.ndarray, y: np.ndarray, C: float, balanced: bool = True) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2 logistic regression on standardized X, folded back
    to X's own scale."""
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd < 1e-9] = 1.0
    if y.min() == y.max():  # a code no record of this training set has
        return np.zeros(X.shape[1]), -8.0 if y.max() == 0 else 8.0
    m = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=3000)
    m.fit((X - mu) / sd, y)
    w = m.coef_[0] / sd
    return w, float(m.intercept_[0] - (mu * w).sum())


def fit_text(X: np.ndarray, T: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    W = np.zeros((X.shape[1], T.shape[1]))
    b = np.zeros(T.shape[1])
    for j in range(T.shape[1]):
        W[:, j], b[j] = fit_logistic(X, T[:, j], C)
    return W, b


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best, best_f = 0.5, -1.0
    for t in np.arange(0.2, 0.91, 0.05):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        f = 2 * tp / (pred.sum() + y.sum()) if (pred.sum() + y.sum()) else 0.0
        if f > best_f + 1e-12:
            best, best_f = float(t), f
    return round(best, 2)


def train_semantic(records: list[dict], emb: np.ndarray, rev: np.ndarray, rlv: np.ndarray,
                   C_text: float = 0.05) -> tuple[dict, dict]:
    """Both models from these records: (n-gram model, semantic arrays)."""
    ctxs = contexts(records)
    folds = folds_of(records)
    ng_oof = np.zeros((len(records), len(tl.ROWS)))
    for k in range(FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        m = ngram_model([records[i] for i in tr])
        ng_oof[te] = ngram_text_scores(m, [records[i] for i in te], [ctxs[i] for i in te])
    X = np.hstack([np.stack([text_inputs(emb[i], ng_oof[i], rev[i]) for i in range(len(records))])])
    T = text_targets(records)
    z_oof = np.zeros(T.shape)
    for k in range(FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        W, b = fit_text(X[tr], T[tr], C_text)
        z_oof[te] = X[te] @ W + b
    text_w, text_b = fit_text(X, T, C_text)
    cvs = np.stack([context_vector(c) for c in ctxs])
    code_w = np.zeros((len(CODES), 3 + 2 * cvs.shape[1]))
    code_b = np.zeros(len(CODES))
    thresholds = np.zeros(len(CODES))
    for c in range(len(CODES)):
        G = np.stack([code_features(z_oof[i], c, cvs[i]) for i in range(len(records))])
        code_w[c], code_b[c] = fit_logistic(G, T[:, c], 1.0)
        p = 1 / (1 + np.exp(-(G @ code_w[c] + code_b[c])))
        thresholds[c] = best_threshold(p, T[:, c])
    L = np.stack([level_features(z_oof[i], cvs[i], int(rlv[i])) for i in range(len(records))])
    y = np.asarray([LEVELS.index(r["expected_level"]) for r in records])
    mu, sd = L.mean(axis=0), L.std(axis=0)
    sd[sd < 1e-9] = 1.0
    lm = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    lm.fit((L - mu) / sd, y)
    level_w = (lm.coef_ / sd).T  # (features, 3)
    level_b = lm.intercept_ - (mu[:, None] * level_w).sum(axis=0)
    lz = L @ level_w + level_b
    lp = np.exp(lz - lz.max(axis=1, keepdims=True))
    lp /= lp.sum(axis=1, keepdims=True)
    high_t, mod_t = choose_level_thresholds(lp, y)
    # the gate: the n-gram text score from which the semantic layer reads a post,
    # set so that 99% of the high and 97% of the moderate training posts pass
    top = ng_oof[:, : len(CODES)].max(axis=1)
    gate = min(np.quantile(top[y == 2], 0.01), np.quantile(top[y == 1], 0.03))
    refs = reference_rows(records)
    arrays = {
        "text_w": text_w, "text_b": text_b, "code_w": code_w, "code_b": code_b,
        "code_threshold": thresholds, "level_w": level_w, "level_b": level_b,
        "high_threshold": np.float64(high_t), "moderate_threshold": np.float64(mod_t),
        "gate_logit": np.float64(gate),
        "level_mode": np.array(LEVEL_MODE),
        "ref_embeddings": emb[refs].astype(np.float16),
        "ref_ids": np.array([records[i]["id"] for i in refs]),
        "ref_texts": np.array([records[i]["text"] for i in refs]),
        "ref_levels": np.array([records[i]["expected_level"] for i in refs]),
        "ref_codes": T[refs, : len(CODES)].astype(bool),
        "version": np.array(f"trained on {len(records)} records"),
    }
    return ngram_model(records), arrays


def choose_level_thresholds(lp: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Thresholds on P(high) and P(moderate or high): the best level accuracy among
    those that keep recall on high at 0.95 or more (the costliest miss)."""
    best = None
    for ht in np.arange(0.15, 0.8, 0.025):
        for mt in np.arange(0.2, 0.8, 0.025):
            pred = np.where(lp[:, 2] >= ht, 2, np.where(lp[:, 1] + lp[:, 2] >= mt, 1, 0))
            rec = float((pred[y == 2] == 2).mean()) if (y == 2).any() else 1.0
            acc = float((pred == y).mean())
            key = (rec >= 0.95, acc)
            if best is None or key > best[0]:
                best = (key, round(float(ht), 3), round(float(mt), 3))
    assert best is not None
    return best[1], best[2]


def reference_rows(records: list[dict]) -> list[int]:
    rng = np.random.default_rng(3)
    order = rng.permutation(len(records))
    return sorted(order[:N_REFS].tolist())


def write_models(rules: Path, ngram: dict, arrays: dict) -> None:
    (rules / "model").mkdir(parents=True, exist_ok=True)
    (rules / "model" / "learned.json").write_bytes(orjson.dumps(ngram))
    with open(rules / "model" / "semantic.npz", "wb") as fh:
        np.savez_compressed(fh, **arrays)


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
    n = sum(1 for _r, (_l, pc) in pairs if code in pc) + sum(1 for r, _p in pairs if code in r.codes)
    return 2 * tp / n if n else 0.0


def as_records(records: list[dict]):
    from postcheck.evaluation import Record

    return [
        Record(id=str(r["id"]), lang=r["lang"], text=r["text"],
               context=Context.from_dict(r.get("context")), level=r["expected_level"],
               codes=frozenset(r["expected_codes"]), platform=r.get("platform"))
        for r in records
    ]


def row(label: str, s: dict) -> str:
    pair = s.get("pair_accuracy")
    return (f"  {label:<28} macro-F1 {s['macro_f1']:.3f}  level {s['level_accuracy']:.3f}  "
            f"high-recall {s['high_recall']:.3f}  FP-low {s['low_false_positive_rate']:.3f}  "
            f"pairs {'-' if pair is None else f'{pair:.3f}'}  (n={s['records']})")


def cross(records: list[dict], emb, rev, rlv, extra: dict[str, Path]) -> int:
    from postcheck.evaluation import evaluate, load_labeled, predict, score

    writers = sorted({r["writer"] for r in records})
    counts = Counter(r["writer"] for r in records)
    print("writers: " + ", ".join(f"{w} ({counts[w]})" for w in writers))
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    for held in writers:
        tr = [i for i, r in enumerate(records) if r["writer"] != held]
        te = [records[i] for i, r in enumerate(records) if r["writer"] == held]
        ngram, arrays = train_semantic([records[i] for i in tr], emb[tr], rev[tr], rlv[tr])
        recs = as_records(te)
        with tempfile.TemporaryDirectory() as tmp:
            rules = Path(tmp) / "rules"
            shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("training", "model"))
            write_models(rules, ngram, arrays)
            other = "max" if LEVEL_MODE == "model" else "model"
            write_models(rules, ngram, {**arrays, "level_mode": np.array(other)})
            res_other = evaluate(Engine(rules), recs)
            write_models(rules, ngram, arrays)
            engine = Engine(rules)
            res = evaluate(engine, recs)
            ngram_only = evaluate(Engine(rules, semantic=False), recs)
            gate_pass = gate_share(engine, te)
            extras = {name: evaluate(engine, load_labeled(path)) for name, path in extra.items()}
        base = score(recs, keyword_baseline(recs))
        peer = profanity_peer(recs)
        print(f"\nheld out {held}: {len(te)} records; gate lets through "
              f"{gate_pass['high']:.3f} of high, {gate_pass['moderate']:.3f} of moderate, "
              f"{gate_pass['low']:.3f} of low")
        for lang in ("all", "en", "fr"):
            if lang in res:
                print(row(f"engine [{lang}]", res[lang]))
                table[lang][held] = res[lang]
        print(row(f"level mode {other!r} [all]", res_other["all"]))
        print(row("rules + n-gram only [all]", ngram_only["all"]))
        print(row("keyword baseline [all]", base))
        preds = predict(engine, recs)
        if peer is not None:
            print(f"  PS10/PS11 F1, English: engine {code_f1(recs, preds, 'PS10'):.3f}/"
                  f"{code_f1(recs, preds, 'PS11'):.3f}  alt-profanity-check "
                  f"{peer['PS10']:.3f}/{peer['PS11']:.3f}")
        for name, r in extras.items():
            print(row(f"{name} (trained without {held})", r["all"]))
    print("\nacross writers (each scored by a model that never saw its posts):")
    for lang in ("all", "en", "fr"):
        vals = table[lang]
        if not vals:
            continue
        for metric in ("macro_f1", "level_accuracy", "high_recall", "low_false_positive_rate", "pair_accuracy"):
            xs = [(v[metric], w) for w, v in vals.items() if v[metric] is not None]
            if not xs:
                continue
            worst = max(xs) if metric == "low_false_positive_rate" else min(xs)
            print(f"  [{lang}] {metric:<24} mean {np.mean([x for x, _ in xs]):.3f}   worst {worst[0]:.3f} ({worst[1]})")
    return 0


def gate_share(engine: Engine, records: list[dict]) -> dict[str, float]:
    assert engine.learned is not None and engine.semantic is not None
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for r in records:
        ctx = Context.from_dict(r.get("context"))
        raw = engine.learned.scores(fold(r["text"]), ctx)
        ok = engine.semantic.gate(engine.learned.text_scores(raw, ctx))
        a = engine.assess(Post(r["text"], lang=r["lang"]), ctx)
        ok = ok or any(f.source in ("rule", "detector", "learned") for f in a.findings)
        total[r["expected_level"]] += 1
        passed[r["expected_level"]] += ok
    return {lv: passed[lv] / total[lv] if total[lv] else 1.0 for lv in LEVELS}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cross", action="store_true", help="leave one writer out, for each writer")
    ap.add_argument("--real", type=Path, help="real posts to score as well (never trained on)")
    ap.add_argument("--dev", type=Path, help="the dev set, scored as a secondary figure")
    args = ap.parse_args()
    records = load_corpus()
    langs = Counter(r["lang"] for r in records)
    print(f"corpus: {len(records)} records ({dict(langs)})", flush=True)
    emb = embeddings(records)
    rev, rlv = rule_features(records)
    extra = {name: p for name, p in (("real-dev", args.real), ("dev", args.dev)) if p}
    if args.cross:
        return cross(records, emb, rev, rlv, extra)
    ngram, arrays = train_semantic(records, emb, rev, rlv)
    write_models(RULES, ngram, arrays)
    print(f"wrote rules/model/learned.json ({len(ngram['weights'])} features) and "
          f"rules/model/semantic.npz ({(RULES / 'model' / 'semantic.npz').stat().st_size:,} bytes)")
    if extra:
        from postcheck.evaluation import evaluate, load_labeled

        engine = Engine()
        for name, path in extra.items():
            print(row(name, evaluate(engine, load_labeled(path))["all"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
