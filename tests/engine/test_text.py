"""Folding (engine/text.py) and what the matcher builds on it: folded text can be matched
case-sensitively by lower-case ASCII patterns, exactly as with ``re.IGNORECASE``."""

from __future__ import annotations

import re
import sys

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postcheck.engine import Engine
from postcheck.engine.literals import lowercase_ascii
from postcheck.engine.packs import default_rules_dir
from postcheck.engine.text import SEP, fold, fold_joined

# Every code point but the surrogates, which a str from decoded text never holds alone.
ALL_CHARS = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)


def test_folded_text_has_no_character_that_only_case_folding_makes_ascii() -> None:
    folded = fold(ALL_CHARS)
    assert len(folded) == len(ALL_CHARS)
    # a character matching an ASCII letter when case is ignored must be that letter,
    # in lower case
    ascii_like = re.compile("[a-zA-Z]", re.IGNORECASE)
    assert {ch for ch in ascii_like.findall(folded)} <= set("abcdefghijklmnopqrstuvwxyz")
    assert fold("İı ſ K") == "ii s k"
    # the batch fold (a code-point table) agrees on every character but the separator
    chars = ALL_CHARS.replace(SEP, "")
    parts = [chars[i : i + 50_000] for i in range(0, len(chars), 50_000)]
    assert fold_joined(parts).texts == [fold(p) for p in parts]


@pytest.mark.parametrize(
    ("pattern", "plain"),
    [
        (r"\b(?P<hit>vote (for|pour) [a-z]+)\b", True),
        (r"[^a-z0-9]\d{3}-\d{4}", True),
        (r"\x41bc", False),  # an upper-case letter written as an escape
        (r"[\x40-\x5b]", False),  # a range holding upper-case letters
        (r"caf\u00e9", False),  # non-ASCII
        (r"(a)\1", False),  # a back-reference
        (r"(?=ab)[c-z]", True),
    ],
)
def test_lowercase_ascii(pattern: str, plain: bool) -> None:
    assert lowercase_ascii(pattern) is plain


def test_every_shipped_pattern_is_compiled_case_sensitively(engine: Engine) -> None:
    n = 0
    for matcher in engine.matchers.values():
        for pat in matcher.kinds["pattern"].regexes.values():
            assert not pat.flags & re.IGNORECASE, pat.pattern
            n += 1
    assert n > 40


def _training_texts() -> list[str]:
    out = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        out.extend(
            orjson.loads(line)["text"] for line in path.read_bytes().splitlines() if line.strip()
        )
    return out


def _agree(engine: Engine, texts: list[str]) -> int:
    """Both compilations find the same spans; return how many (pattern, text) matched."""
    matched = 0
    for matcher in engine.matchers.values():
        for pat in matcher.kinds["pattern"].regexes.values():
            ignore = re.compile(pat.pattern, re.IGNORECASE)
            for text in texts:
                f = fold(text)
                got = [m.span() for m in pat.finditer(f)]
                assert got == [m.span() for m in ignore.finditer(f)], (pat.pattern, text)
                matched += bool(got)
    return matched


def test_shipped_patterns_find_what_ignoring_case_finds(engine: Engine) -> None:
    texts = _training_texts()
    odd = [
        "MR. SMITH, 45 YEARS OLD",
        "Mr. \u0130lker, 40 ans",
        "Dr. \u212aim who",
        "\u017fin 046 454 286",
    ]
    assert _agree(engine, texts + [t.upper() for t in texts[:300]] + odd) > 300  # 326 matches


def _pattern_words(engine: Engine) -> list[str]:
    words = set()
    for matcher in engine.matchers.values():
        for pat in matcher.kinds["pattern"].regexes.values():
            words.update(re.findall(r"[a-z']{2,}", pat.pattern))
    return sorted(words)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_shipped_patterns_agree_on_any_text(engine: Engine, data) -> None:
    # the patterns' own words, in any case, with the letters that match ASCII ones only
    # when case is ignored, digits and arbitrary characters between them
    bits = data.draw(
        st.lists(
            st.sampled_from(_pattern_words(engine)).map(
                lambda w: data.draw(
                    st.sampled_from([w, w.upper(), w.title(), w.replace("s", "\u017f")])
                )
            )
            | st.sampled_from([" ", ", ", "45", "\u0130", "\u0131", "\u212a", "-", "."])
            | st.text(max_size=3),
            max_size=14,
        )
    )
    _agree(engine, [" ".join(bits), "".join(bits)])
