"""The semantic layer: shipped as data, read without any machine-learning library,
the same alone or in a batch, and never making a concern out of context alone."""

from __future__ import annotations

import itertools
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from postcheck.engine import CODES, Context, Engine, Level, Post, RulePackError
from postcheck.engine.packs import default_rules_dir
from postcheck.engine.semantic import (
    N_LEVEL_FEATURES,
    Encoder,
    SemanticLayer,
    Trees,
    code_lifts,
    context_vector,
    level_features,
    text_logits,
)

ROOT = Path(__file__).resolve().parents[2]
RISKY = Context(role="executive", followers=50_000, identifiable=True, election_period=True)
EVERYDAY = [
    ("en", "Snow day, the bus was 40 minutes late but the barista knew my order. Small wins."),
    ("en", "Finally finished the deck before the rain came. Burgers tonight!"),
    ("en", "Anyone have a good sourdough starter tip? Mine keeps dying on me 😅"),
    ("en", "Proud of my daughter, she scored her first goal this morning ⚽"),
    ("en", "Spent the weekend at the cottage, no wifi, best sleep in months."),
    ("en", "Happy retirement to Denise after 31 years, the coffee club won't be the same."),
    (
        "fr",
        "Tempête de neige ce matin, l'autobus avait 40 minutes de retard. Au moins le café était bon.",
    ),
    ("fr", "Souper de famille chez ma tante à Rimouski, on a mangé trop de tourtière 😋"),
    ("fr", "Premier jogging de l'année, mes jambes s'en souviennent encore 😅"),
    ("fr", "Bonne fête à mon chum, 40 ans ça se fête! 🎂"),
    ("fr", "Mon jardin déborde de tomates, qui en veut?"),
    ("fr", "Ma recette de sucre à la crème a enfin réussi, merci grand-maman!"),
]


@pytest.fixture(scope="module")
def semantic(engine: Engine) -> SemanticLayer:
    assert engine.semantic is not None, "the shipped semantic model did not load"
    return engine.semantic


def test_the_shipped_model_loads_with_its_encoder(semantic: SemanticLayer):
    assert Encoder.available()
    assert "trained on" in semantic.version
    assert len(semantic.ref_ids) == len(semantic.ref_embeddings) > 1000


@pytest.mark.parametrize(("lang", "text"), EVERYDAY)
def test_an_everyday_post_stays_low_in_the_riskiest_context(engine: Engine, lang, text):
    for a in (
        engine.assess(Post(text, lang=lang), RISKY),
        engine.assess_batch([(Post(text, lang=lang), RISKY)])[0],
    ):
        assert a.level is Level.LOW, (text, a.codes, [f.rule_id for f in a.findings])
        assert a.codes == []


def test_a_semantic_finding_names_its_closest_training_posts(engine: Engine):
    found = []
    for text in (
        "Honestly someone should make that minister disappear, permanently.",
        "Ces gens-là c'est de la vermine, faudrait tous les renvoyer chez eux.",
        "Je serai candidate à l'investiture libérale dans ma circonscription!",
    ):
        a = engine.assess(Post(text), Context(identifiable=True, followers=300))
        assert a.level is not Level.LOW
        found += [f for f in a.findings if f.source in ("semantic", "learned")]
    assert found, "no model finding on three risky posts"
    for f in found:
        # the three training posts closest in meaning, each with its level
        likes = [
            e
            for e in f.evidence
            if e.startswith("like: ") and any(f"({lv}, " in e for lv in ("low", "moderate", "high"))
        ]
        assert len(likes) == 3


def test_the_context_never_lifts_a_post_more_than_one_step(engine: Engine):
    # in a neutral context these are low or moderate: the riskiest context may lift
    # them one step, never two
    neutral = Context()
    for _lang, text in EVERYDAY:
        a0 = engine.assess(Post(text), neutral)
        a1 = engine.assess(Post(text), RISKY)
        assert a1.level.rank <= a0.level.rank + 1


def test_a_post_the_gate_refuses_gets_no_semantic_opinion(engine: Engine, semantic, monkeypatch):
    calls = []
    real = semantic.judge
    monkeypatch.setattr(semantic, "judge", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    engine.assess(Post("Snow day, the bus was late lol", lang="en"), Context())
    raw = engine.learned.scores("snow day, the bus was late lol", Context())
    assert semantic.gate(engine.learned.text_scores(raw, Context())) == bool(calls)


def test_trees_walk_as_scikit_learn_predicts():
    sklearn = pytest.importorskip("sklearn")  # the dev extra has it
    assert sklearn
    sys.path.insert(0, str(ROOT / "bench"))
    import train_semantic as ts

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, N_LEVEL_FEATURES))
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int)
    model = ts.fit_trees(X, y)
    trees = Trees(ts.tree_arrays(model, "t_"), "t_")
    mine = 1 / (1 + np.exp(-np.array([trees.raw(x)[0] for x in X[:100]])))
    assert np.allclose(mine, model.predict_proba(X[:100])[:, 1], rtol=0, atol=1e-12)


def _broken_copy(tmp_path: Path, change) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules, ignore=shutil.ignore_patterns("training"))
    path = rules / "model" / "semantic.npz"
    with np.load(path) as z:
        data = {k: z[k] for k in z.files}
    change(data)
    with open(path, "wb") as fh:
        np.savez(fh, **data)
    return rules


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("text_w1"),
        lambda d: d.update(text_w2=d["text_w2"][:10]),
        lambda d: d.update(trees_high_left=d["trees_high_left"][:5]),
        lambda d: d.update(level_mode=np.array("vote")),
    ],
    ids=["missing-array", "wrong-shape", "truncated-trees", "unknown-mode"],
)
def test_a_broken_model_fails_at_load_with_its_file(tmp_path, change):
    rules = _broken_copy(tmp_path, change)
    with pytest.raises(RulePackError, match="semantic"):
        Engine(rules)


def test_a_model_file_that_is_not_an_archive_fails_at_load(tmp_path):
    rules = _broken_copy(tmp_path, lambda d: None)
    (rules / "model" / "semantic.npz").write_bytes(b"not a zip")
    with pytest.raises(RulePackError, match="semantic model cannot be read"):
        Engine(rules)


@pytest.mark.parametrize("text", ["🙂", "🙂🙂🙂", "👀📄", "🔥 !!!", "10/10"])
def test_the_semantic_layer_does_not_read_a_post_without_a_word(engine, text) -> None:
    """A lone emoji once came out partisan in the riskiest context: the sentence
    embedding of a post with no word says nothing a reader would see in it."""
    from postcheck.engine import Context, Post

    ctx = Context.from_dict(
        {"role": "executive", "followers": 20_000, "identifiable": True, "election_period": True}
    )
    for a in (engine.assess(Post(text), ctx), engine.assess_batch([(Post(text), ctx)])[0]):
        assert not [f for f in a.findings if f.source == "semantic"], a.findings


def test_the_text_model_gives_the_same_logits_for_one_post_and_for_rows(semantic):
    # the engine reads one post (einsum), the training many rows (matmul): one model
    rows = np.random.default_rng(7).normal(size=(5, semantic.text_w1.shape[0]))
    many = text_logits(rows, semantic.text_w1, semantic.text_b1, semantic.text_w2, semantic.text_b2)
    for row, expected in zip(rows, many, strict=True):
        np.testing.assert_allclose(semantic.text_logits(row), expected, rtol=1e-9, atol=1e-9)
    # and the hidden layer is rectified: with its units all negative, only the bias is left
    shut = semantic.text_b1 - 1e6
    np.testing.assert_allclose(
        text_logits(rows[0], semantic.text_w1 * 0, shut, semantic.text_w2, semantic.text_b2),
        semantic.text_b2,
    )


def test_forget_empties_the_embedding_cache(semantic):
    from postcheck.engine.semantic import _embed_cached

    Encoder.embed("a post to remember for the benchmark test")
    assert _embed_cached.cache_info().currsize > 0
    Encoder.forget()
    assert _embed_cached.cache_info().currsize == 0


def _lifted(ctx: Context) -> set[str]:
    return {c for c, v in zip(CODES, code_lifts(context_vector(ctx)), strict=True) if v}


def test_a_plain_context_lifts_no_code():
    # an ordinary employee, not identifiable, a modest audience, no election: §4
    # scales nothing, whatever the text
    assert _lifted(Context()) == set()
    assert _lifted(Context(followers=999, election_period=True, disclaimer=True)) == set()


@pytest.mark.parametrize(
    ("ctx", "lifted", "not_lifted"),
    [
        # partisan: an identifiable visible role; or broad in an election; not 600 followers
        (Context(role="executive", identifiable=True), {"PS01", "PS03", "PS04"}, {"PS14"}),
        (Context(identifiable=True, followers=600, election_period=True), set(), {"PS01"}),
        (Context(identifiable=True, followers=1_200, election_period=True), {"PS01"}, set()),
        (Context(identifiable=True, followers=1_200), set(), {"PS01", "PS02"}),
        # own-organization opinion needs one's own work; a private interest turns on it
        (
            Context(identifiable=True, followers=1_200, about_own_work=True),
            {"PS02", "PS14"},
            set(),
        ),
        (Context(role="manager", about_own_work=True), {"PS02", "PS03", "PS13"}, {"PS01"}),
    ],
)
def test_context_lifts_the_codes_levels_md_names(ctx, lifted, not_lifted):
    got = _lifted(ctx)
    assert lifted <= got
    assert not (not_lifted & got)


def test_no_context_lifts_a_secret_or_a_threat():
    # PS06 and PS10: what the text shows decides, in every context
    for role, ident, own, election, followers in itertools.product(
        ("employee", "manager", "executive", "communications"),
        (False, True),
        (False, True),
        (False, True),
        (10, 1_500, 80_000),
    ):
        ctx = Context(
            role=role,
            identifiable=ident,
            about_own_work=own,
            election_period=election,
            followers=followers,
        )
        assert not ({"PS06", "PS10"} & _lifted(ctx))


def test_the_level_features_have_the_length_the_model_checks():
    z = np.zeros(16)
    assert level_features(z, context_vector(RISKY), 1).shape == (N_LEVEL_FEATURES,)
    # with no evidence in the text the policy's lifts add nothing, whatever the context
    far = np.full(16, -40.0)
    tail = level_features(far, context_vector(RISKY), 0)[-16:]
    assert np.allclose(tail, 0.0, atol=1e-12)
