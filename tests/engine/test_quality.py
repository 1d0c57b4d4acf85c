"""Quality floors on the labeled dev set (../shared/eval/dev.jsonl).

These are regression floors from the issue: the engine must not fall below them.
The figures themselves come from `postcheck evaluate` (see README)."""

import pytest

from postcheck.evaluation import evaluate, load_labeled


@pytest.fixture(scope="module")
def result(engine, shared_dir):
    path = shared_dir / "eval" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"labeled dev set not found at {path}")
    return evaluate(engine, load_labeled(path))


def test_macro_f1_floor(result):
    assert result["all"]["macro_f1"] >= 0.80


def test_level_accuracy_floor(result):
    assert result["all"]["level_accuracy"] >= 0.75


def test_high_risk_recall_floor(result):
    assert result["all"]["high_recall"] >= 0.95


def test_false_positives_on_low_ceiling(result):
    assert result["all"]["low_false_positive_rate"] <= 0.10


def test_languages_within_five_points(result):
    for key in ("macro_f1", "level_accuracy"):
        assert abs(result["en"][key] - result["fr"][key]) <= 0.05, key
