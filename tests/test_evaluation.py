"""summarize() scores predictions already made: over all records, per language, and the
records got wrong (evaluate() is predict() then summarize())."""

from postcheck.engine import Context
from postcheck.evaluation import Record, summarize


def record(rid: str, lang: str, level: str, codes: set[str]) -> Record:
    return Record(rid, lang, "text", Context(), level, frozenset(codes))


def test_summarize_splits_by_language_and_lists_the_records_got_wrong() -> None:
    records = [
        record("a", "en", "high", {"PS10"}),
        record("b", "fr", "low", set()),
        record("c", "fr", "moderate", {"PS01"}),
    ]
    preds = [("high", frozenset({"PS10"})), ("low", frozenset()), ("high", frozenset({"PS01"}))]
    result = summarize(records, preds)
    assert (result["all"]["records"], result["en"]["records"], result["fr"]["records"]) == (3, 1, 2)
    assert result["en"]["level_accuracy"] == 1.0
    assert result["fr"]["level_accuracy"] == 0.5
    assert [e["id"] for e in result["errors"]] == ["c"]
    assert result["errors"][0]["got"] == ["high", ["PS01"]]


def test_a_language_without_records_is_left_out() -> None:
    result = summarize([record("a", "en", "low", set())], [("low", frozenset())])
    assert "fr" not in result
