"""The pre-check's reading of regular expressions (engine/literals.py): an alternative
split off a pattern matches where the pattern does, and a condition on literals holds
wherever its pattern matches. Checked on every pattern rule of the shipped packs,
against the training set's posts and hand-made cases."""

from __future__ import annotations

import re

import orjson
import pytest

from postcheck.engine import Engine
from postcheck.engine.literals import required_condition, split_alternatives, unmark
from postcheck.engine.packs import default_rules_dir
from postcheck.engine.precheck import _spaced_key
from postcheck.engine.text import fold, is_word_char


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
    # (the space before a group goes with each of its alternatives)
    assert cond == ((frozenset({"every", "each"}), frozenset({" morning", " night"})),)


def test_marks_say_which_literals_sit_at_a_word_boundary() -> None:
    cond = required_condition(r"\b(?P<hit>(every|each) (morning|night)\b)", marks=True)
    # (every|each) is followed by a space: bounded on the right too
    assert cond == (
        (frozenset({"\x01every\x02", "\x01each\x02"}), frozenset({" morning\x02", " night\x02"})),
    )
    # after an optional group that ends with a space, a word still starts at a boundary
    cond = required_condition(r"\b(?P<hit>(a |my )?(friend|cousin) (at|in) the office)", marks=True)
    assert cond == ((frozenset({"\x01friend\x02", "\x01cousin\x02"}), frozenset({" the office"})),)
    # ... not after one that may end inside a word
    cond = required_condition(r"\b(?P<hit>(ab)?(friend|cousin) here)", marks=True)
    assert cond == ((frozenset({"friend\x02", "cousin\x02"}),),)
    # a repeated group ends before the boundary only in its last repetition
    cond = required_condition(r"\b(?:abc)+\b", marks=True)
    assert cond == ((frozenset({"\x01abc"}),),)
    assert required_condition(r"x\bfoo", marks=True) == ((frozenset({"xfoo"}),),)


def test_an_alternative_without_literals_makes_the_condition_always_true() -> None:
    assert required_condition(r"\d+|foo bar") == ((),)


def test_condition_per_alternative() -> None:
    cond = required_condition(r"(?P<hit>leave (home|the house) at \d|departure \d)")
    assert set(cond) == {
        (frozenset({"leave home", "leave the house"}),),
        (frozenset({"departure "}),),
    }


def _holds(cond, text: str) -> bool:
    return any(all(any(lit in text for lit in clause) for clause in conj) for conj in cond)


def _holds_marked(cond, text: str) -> bool:
    """The pre-check's reading: each literal, padded where it is marked, in the spaced text."""
    spaced = " " + "".join(ch if is_word_char(ch) else " " for ch in text) + " "
    return any(
        all(any(_spaced_key(*unmark(lit)) in spaced for lit in clause) for clause in conj)
        for conj in cond
    )


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        out.extend(
            fold(orjson.loads(line)["text"])
            for line in path.read_bytes().splitlines()
            if line.strip()
        )
    return out


def test_every_shipped_pattern_agrees_with_its_alternatives_and_conditions(
    engine: Engine, texts
) -> None:
    checked = matched = 0
    for matcher in engine.matchers.values():
        for pat in matcher.kinds["pattern"].regexes.values():
            alts = [re.compile(a, pat.flags) for a in split_alternatives(pat.pattern, pat.flags)]
            conds = [required_condition(a.pattern) for a in alts]
            marked = [required_condition(a.pattern, marks=True) for a in alts]
            for text in texts:
                whole = pat.search(text) is not None
                parts = [a.search(text) is not None for a in alts]
                assert whole == any(parts), (pat.pattern, text)
                for hit, cond, mcond in zip(parts, conds, marked, strict=True):
                    if hit:
                        matched += 1
                        assert _holds(cond, text), (pat.pattern, cond, text)
                        assert _holds_marked(mcond, text), (pat.pattern, mcond, text)
                checked += 1
    assert checked > 100_000 and matched > 250
