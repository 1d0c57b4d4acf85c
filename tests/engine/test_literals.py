"""The pre-check's reading of regular expressions (engine/literals.py): an alternative
split off a pattern matches where the pattern does, and a condition on literals holds
wherever its pattern matches. Checked on every pattern rule of the shipped packs,
against the training set's posts and hand-made cases."""

from __future__ import annotations

import re

import orjson
import pytest

from postcheck.engine import Engine
from postcheck.engine.literals import required_condition, split_alternatives
from postcheck.engine.packs import default_rules_dir
from postcheck.engine.text import fold


def test_split_keeps_the_hit_group_and_the_context() -> None:
    assert split_alternatives(r"\b(?P<hit>a|b(c|d)|[|)]x)\b") == [
        r"\b(?P<hit>a)\b",
        r"\b(?P<hit>b(c|d))\b",
        r"\b(?P<hit>[|)]x)\b",
    ]
    assert split_alternatives("foo|bar") == ["foo", "bar"]


def test_patterns_that_cannot_be_split_come_back_whole() -> None:
    assert split_alternatives(r"\b(?P<hit>abc)") == [r"\b(?P<hit>abc)"]
    assert split_alternatives(r"(a|b)\1") == [r"(a|b)\1"]  # a back-reference


def test_condition_keeps_whole_words_the_parser_factored() -> None:
    # sre turns (every|each) into e(very|ach); the condition must still say every/each
    cond = required_condition(r"\b(?P<hit>(every|each) (morning|night) at \d)")
    assert cond == ((frozenset({"every", "each"}), frozenset({"morning", "night"})),)


def test_an_alternative_without_literals_makes_the_condition_always_true() -> None:
    assert required_condition(r"\d+|foo bar") == ((),)


def test_condition_per_alternative() -> None:
    cond = required_condition(r"(?P<hit>leave (home|the house) at \d|departure \d)")
    assert set(cond) == {
        (frozenset({"leave "}), frozenset({"home", "the house"})),
        (frozenset({"departure "}),),
    }


def _holds(cond, text: str) -> bool:
    return any(all(any(lit in text for lit in clause) for clause in conj) for conj in cond)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        out.extend(fold(orjson.loads(line)["text"]) for line in path.read_bytes().splitlines() if line.strip())
    return out


def test_every_shipped_pattern_agrees_with_its_alternatives_and_conditions(engine: Engine, texts) -> None:
    checked = matched = 0
    for matcher in engine.matchers.values():
        for pat in matcher.patterns:
            if pat is None:
                continue
            alts = [re.compile(a, pat.flags) for a in split_alternatives(pat.pattern, pat.flags)]
            conds = [required_condition(a.pattern) for a in alts]
            for text in texts:
                whole = pat.search(text) is not None
                parts = [a.search(text) is not None for a in alts]
                assert whole == any(parts), (pat.pattern, text)
                for hit, cond in zip(parts, conds, strict=True):
                    if hit:
                        matched += 1
                        assert _holds(cond, text), (pat.pattern, cond, text)
                checked += 1
    assert checked > 100_000 and matched > 250
