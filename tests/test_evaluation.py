"""summarize() scores predictions already made: over all records, per language, and the
records got wrong (evaluate() is predict() then summarize())."""

from postcheck.engine import Context
from postcheck.evaluation import Record, pair_of, score, summarize


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


def test_pair_of_names_the_pair_of_a_and_b_members_only() -> None:
    assert pair_of("w25p00543a") == pair_of("w25p00543b") == "w25p00543"
    assert pair_of("w24-00017") is None  # a hyphen: not a pair id
    assert pair_of("p017c") is None
    assert pair_of("a") is None


def test_a_pair_counts_only_when_both_members_get_their_level() -> None:
    records = [
        record("p1a", "en", "moderate", {"PS01"}),
        record("p1b", "en", "high", {"PS01"}),
        record("p2a", "en", "moderate", {"PS02"}),
        record("p2b", "en", "high", {"PS02"}),
        record("p3a", "en", "low", set()),  # its other member is missing: not a pair
    ]
    preds = [
        ("moderate", frozenset({"PS01"})),
        ("high", frozenset({"PS01"})),
        ("high", frozenset({"PS02"})),
        ("high", frozenset({"PS02"})),
        ("low", frozenset()),
    ]
    assert score(records, preds)["pair_accuracy"] == 0.5
