"""The batch path's pre-check skips the full scan for posts nothing can raise. It must
never change a result: ``assess_batch`` agrees with ``assess_exhaustive`` (the full check
of every post, which ``assess`` runs) on real posts and on any string, and the learned
layer gives the same floats one post at a time or in a batch."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postcheck.engine import Context, Engine, Post
from postcheck.engine.packs import default_rules_dir

from .test_engine_properties import COMMON, contexts, langs, texts

ROOT = Path(__file__).resolve().parents[2]


def _rows() -> list[dict]:
    rows: list[dict] = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        rows.extend(orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip())
    rows = rows[::4]  # a quarter of the corpus: the semantic layer reads most posts
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    if dev.is_file():
        rows.extend(orjson.loads(line) for line in dev.read_bytes().splitlines() if line.strip())
    return rows


@pytest.fixture(scope="module")
def labelled() -> list[tuple[Post, Context]]:
    out = []
    for r in _rows():
        ctx = Context.from_dict(r.get("context") or {})
        out.append((Post(r["text"], lang=r.get("lang")), ctx))
        # the same words in the riskiest context, and with the language left to detection
        out.append(
            (
                Post(r["text"]),
                Context(
                    role="executive", followers=50_000, identifiable=True, election_period=True
                ),
            )
        )
    return out


def test_batch_equals_exhaustive_on_labelled_posts(engine: Engine, labelled, monkeypatch) -> None:
    assert len(labelled) > 4000
    full_checks = []
    real = engine._assess_one
    monkeypatch.setattr(
        engine, "_assess_one", lambda *a, **k: full_checks.append(1) or real(*a, **k)
    )
    batch = engine.assess_batch(labelled)
    monkeypatch.undo()
    exhaustive = [engine.assess_exhaustive(p, c) for p, c in labelled]
    assert len(batch) == len(exhaustive)
    diff = [
        (p.text, a.to_dict(), b.to_dict())
        for (p, _c), a, b in zip(labelled, batch, exhaustive, strict=True)
        if a != b
    ]
    assert not diff, diff[:3]
    # and the pre-check did skip work: some of these posts never got the full check
    assert 0 < len(full_checks) < len(labelled)


def test_learned_scores_same_floats_one_post_or_a_batch(engine: Engine, labelled) -> None:
    # assess() scores one post in plain Python, assess_batch() with numpy: the very
    # same floats, not merely close ones
    from postcheck.engine.text import fold

    learned = engine.learned
    assert learned is not None
    pairs = [(fold(p.text), c) for p, c in labelled[::3]]
    batch = learned.raw_scores(pairs).tolist()
    assert [learned.scores(f, c) for f, c in pairs] == batch
    # and one post alone through the batch path too
    assert [learned.raw_scores([pc])[0].tolist() for pc in pairs[:200]] == batch[:200]


def test_batches_of_one_equal_exhaustive(engine: Engine, labelled) -> None:
    for p, c in labelled[::7]:
        assert engine.assess_batch([(p, c)]) == [engine.assess_exhaustive(p, c)], p.text


@settings(COMMON)
@given(st.lists(st.tuples(texts, langs, contexts), min_size=1, max_size=12))
def test_batch_equals_exhaustive_on_any_strings(engine: Engine, items) -> None:
    posts = [(Post(t, lang=lang), ctx) for t, lang, ctx in items]
    batch = engine.assess_batch(posts)
    assert len(batch) == len(posts)
    for (p, c), a in zip(posts, batch, strict=True):
        assert a == engine.assess_exhaustive(p, c), (p.text, p.lang, c)


_TOKEN_BITS = [
    "don't",
    "l'\u00e9tat",
    "'",
    "''",
    "a'b'c",
    "x'",
    "'y",
    "12'3",
    "\U0001f644",
    "\u2615",
    "\U0001f44d\U0001f44d",
    "caf\u00e9",
    "_",
    "\u03b1\u03b2",
    "\U00020000",
    " ",
    "\n",
    "-",
    "ab",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_TOKEN_BITS) | st.text(max_size=4), max_size=10),
        min_size=2,
        max_size=6,
    )
)
def test_batch_tokens_are_the_tokens_of_each_post(parts: list[list[str]]) -> None:
    from postcheck.engine.learned import _TOKEN_RE, batch_tokens
    from postcheck.engine.text import fold

    texts = [fold("".join(p)).replace("\x00", " ") for p in parts]
    toks, post = batch_tokens(texts)
    got = [
        [t for t, q in zip(toks, post.tolist(), strict=True) if q == i] for i in range(len(texts))
    ]
    assert got == [_TOKEN_RE.findall(t) for t in texts]
    assert sorted(post.tolist()) == post.tolist()


def test_bigram_table_finds_every_key_and_nothing_else() -> None:
    import numpy as np

    from postcheck.engine.learned import _PairTable

    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(0, 10**12, size=20_000))
    rows = np.arange(1, len(keys) + 1)
    table = _PairTable(keys, rows)
    asked = np.concatenate((keys[::3], rng.integers(0, 10**12, size=5_000), keys[-5:]))
    want = dict(zip(keys.tolist(), rows.tolist(), strict=True))
    assert table.rows(asked).tolist() == [want.get(k, 0) for k in asked.tolist()]
    assert _PairTable(keys[:0], rows[:0]).rows(asked).tolist() == [0] * len(asked)


def test_batch_equals_exhaustive_with_a_weak_disclaimer_rule(tmp_path: Path) -> None:
    """A rule whose id starts with "disclaimer" marks the post's disclaimer, which the
    result shows even when its weight raises nothing: the batch must not skip it."""
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    pack = rules / "en" / "ps01-partisan.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8")
        + "  - id: disclaimer.mine\n    code: PS01\n    kind: terms\n"
        + "    terms: [speaking for myself]\n    weight: 0.05\n    message: A disclaimer.\n"
        + "    examples: {flag: ['Speaking for myself: no.'], pass: ['Speaking for my team.']}\n",
        encoding="utf-8",
    )
    engine = Engine(rules)
    posts = [
        Post(f"Speaking for myself, the lake was lovely on day {i}.", lang="en") for i in range(40)
    ]
    items = [(p, Context()) for p in posts]
    got = engine.assess_batch(items)
    assert got == [engine.assess_exhaustive(p, c) for p, c in items]
    assert all(a.disclaimer_detected for a in got)
