"""Quality floors on the labeled dev set (../shared/eval/dev.jsonl).

Regression floors: the engine must not fall below them. The dev set is a secondary
figure (the rules were once tuned while reading it, so it flatters them); the figure
that counts is the cross-writer protocol of bench/train_semantic.py --cross (README).
The floors sit a little under what the shipped models measure."""

import pytest

from postcheck.evaluation import evaluate, load_labeled


@pytest.fixture(scope="module")
def result(engine, shared_dir):
    path = shared_dir / "eval" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"labeled dev set not found at {path}")
    return evaluate(engine, load_labeled(path))


def test_macro_f1_floor(result):
    assert result["all"]["macro_f1"] >= 0.75


def test_level_accuracy_floor(result):
    assert result["all"]["level_accuracy"] >= 0.80


def test_high_risk_recall_floor(result):
    assert result["all"]["high_recall"] >= 0.92


def test_false_positives_on_low_ceiling(result):
    assert result["all"]["low_false_positive_rate"] <= 0.10


def test_languages_within_five_points(result):
    for key in ("macro_f1", "level_accuracy"):
        assert abs(result["en"][key] - result["fr"][key]) <= 0.05, key


RISKIEST = {"role": "executive", "followers": 20_000, "identifiable": True, "election_period": True}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Great game last night, go Sens go", "en"),
        ("Made banana bread with the kids this afternoon.", "en"),
        ("Superbe partie de hockey hier soir, go Habs go", "fr"),
        ("On a fait du pain aux bananes avec les enfants cet après-midi.", "fr"),
    ],
)
def test_a_harmless_post_stays_low_in_the_riskiest_context(engine, text, lang) -> None:
    """The context weighs a post's risk; on its own it never makes a finding (the model
    has context features: without the guard, every post of an identifiable executive
    during an election came out partisan)."""
    from postcheck.engine import Context, Post

    a = engine.assess(Post(text, lang=lang), Context.from_dict(RISKIEST))
    assert a.level.value == "low" and not a.findings, a.findings


def test_every_learned_finding_is_explained_by_words_in_any_context(engine) -> None:
    import orjson

    from postcheck.engine import Context, Post
    from postcheck.engine.packs import default_rules_dir

    posts = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        posts.extend(orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip())
    posts = posts[::6]  # the corpus is large, and the semantic layer reads most of it
    seen = 0
    for ctx in (Context(), Context.from_dict(RISKIEST)):
        for a in engine.assess_batch([(Post(p["text"], lang=p["lang"]), ctx) for p in posts]):
            for f in a.findings:
                if f.source == "learned":
                    seen += 1
                    assert any(e.startswith("words: ") for e in f.evidence), f
                    assert f.end > f.start
    assert seen > 500
