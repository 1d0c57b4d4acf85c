"""Quality floors on the labeled dev set (../shared/eval/dev.jsonl) and on the parallel
English/French set (tests/fixtures/rules/parallel-en-fr.jsonl).

Regression floors: the engine must not fall below them. The dev set is a secondary
figure (the rules were once tuned while reading it, so it flatters them); the figure
that counts is the cross-writer protocol of bench/train_semantic.py --cross (README).
The floors sit a little under what the shipped models measure.

The two languages are compared on the parallel set, where each post exists in both:
the dev set's 52 French and 78 English posts are different posts, and retraining the
same corpus with another seed of the text model moved its English/French gap in level
accuracy from 0.045 to 0.083 (one French post is 0.019 of it)."""

from pathlib import Path

import pytest

from postcheck.evaluation import evaluate, load_labeled, predict, summarize

PARALLEL = Path(__file__).resolve().parent.parent / "fixtures" / "rules" / "parallel-en-fr.jsonl"


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
    # the dev set has 45 low posts: one is 0.022. The models of 2026-12-04 that read
    # the policy's context lifts raise 5 of them (0.111; a manager congratulating a
    # colleague, a vendor recommended by an ordinary employee); held out in turn, the
    # sixteen-writer models gave 0.082 on average. The target (0.10) is judged across
    # writers (README), not here.
    assert result["all"]["low_false_positive_rate"] <= 0.12


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_language_reaches_the_floors(result, lang):
    assert result[lang]["macro_f1"] >= 0.75
    assert result[lang]["level_accuracy"] >= 0.80


@pytest.fixture(scope="module")
def parallel(engine):
    records = load_labeled(PARALLEL)
    preds = predict(engine, records)
    return records, summarize(records, preds), preds


def item_of(record) -> str:
    """``p017`` for ``p017-en`` and ``p017-fr``."""
    return record.id.rsplit("-", 1)[0]


def test_the_parallel_set_holds_each_post_in_both_languages(parallel):
    records = parallel[0]
    items: dict[str, dict[str, object]] = {}
    for r in records:
        assert r.id == f"{item_of(r)}-{r.lang}"
        items.setdefault(item_of(r), {})[r.lang] = (r.level, r.codes, r.context, r.platform)
    assert len(items) == 90
    assert all(v.keys() == {"en", "fr"} and v["en"] == v["fr"] for v in items.values())


def test_french_is_judged_as_well_as_english_on_the_same_posts(parallel):
    res = parallel[1]
    assert abs(res["en"]["level_accuracy"] - res["fr"]["level_accuracy"]) <= 0.08
    assert abs(res["en"]["macro_f1"] - res["fr"]["macro_f1"]) <= 0.08
    for lang in ("en", "fr"):
        assert res[lang]["level_accuracy"] >= 0.75, lang
        assert res[lang]["high_recall"] >= 0.85, lang


def test_the_two_versions_of_a_post_get_the_same_level(parallel):
    records, _, preds = parallel
    levels: dict[str, dict[str, str]] = {}
    for r, (level, _codes) in zip(records, preds, strict=True):
        levels.setdefault(item_of(r), {})[r.lang] = level
    same = sum(v["en"] == v["fr"] for v in levels.values()) / len(levels)
    assert same >= 0.75


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
