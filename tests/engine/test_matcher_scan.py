"""Matcher.scan (its hot loop hand-inlined) must give exactly the hits, in the same
order, as a plain pass over the text that tests the boundaries of every hit with
is_word_char (the reference below)."""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postcheck.engine import Engine
from postcheck.engine.matcher import K_EXC, K_LIST, K_TERM, Hits, Matcher
from postcheck.engine.packs import default_rules_dir
from postcheck.engine.text import fold, is_word_char


def _reference_automaton(matcher: Matcher) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for key, vals in matcher.entries.items():
        auto.add_word(key, (len(key), vals))
    auto.make_automaton()
    return auto


def _reference_scan(auto: ahocorasick.Automaton, folded: str) -> Hits:
    hits = Hits()
    n = len(folded)
    for end_idx, (length, vals) in auto.iter(folded):
        start = end_idx - length + 1
        if start > 0 and is_word_char(folded[start - 1]) and is_word_char(folded[start]):
            continue
        end = end_idx + 1
        plain_ok = end >= n or not is_word_char(folded[end]) or not is_word_char(folded[end - 1])
        wild_end = end
        for kind, ref, wild in vals:
            if wild:
                if wild_end == end:
                    while wild_end < n and is_word_char(folded[wild_end]):
                        wild_end += 1
                span = (start, wild_end)
            elif plain_ok:
                span = (start, end)
            else:
                continue
            if kind == K_TERM:
                hits.terms[ref].append(span)
            elif kind == K_LIST:
                hits.lists[ref].append(span)
            elif kind == K_EXC:
                (hits.exc_global if ref == -1 else hits.exc_rule[ref]).append(span)
            else:
                hits.anchors.add(ref)
    return hits


@pytest.fixture(scope="module")
def references(engine: Engine) -> dict[str, ahocorasick.Automaton]:
    return {lang: _reference_automaton(m) for lang, m in engine.matchers.items()}


def _same(engine: Engine, references, texts: Iterable[str]) -> int:
    n = 0
    for text in texts:
        f = fold(text)
        for lang, matcher in engine.matchers.items():
            got, want = matcher.scan(f), _reference_scan(references[lang], f)
            assert (dict(got.terms), dict(got.lists), got.exc_global, dict(got.exc_rule), got.anchors) == (
                dict(want.terms), dict(want.lists), want.exc_global, dict(want.exc_rule), want.anchors
            ), (lang, text)
            n += bool(want.terms or want.lists)
    return n


def test_scan_finds_what_a_plain_pass_finds_on_the_training_posts(engine: Engine, references) -> None:
    texts = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        texts.extend(orjson.loads(line)["text"] for line in path.read_bytes().splitlines() if line.strip())
    assert _same(engine, references, texts) > 2000


def _keys(engine: Engine) -> list[str]:
    return sorted({k for m in engine.matchers.values() for k in m.entries})


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_scan_finds_what_a_plain_pass_finds_on_any_text(engine: Engine, references, data) -> None:
    keys = _keys(engine)
    bits = data.draw(
        st.lists(
            st.sampled_from(keys)
            | st.sampled_from([" ", "-", "_", "'", "#", "x", "é", "\u03b1", "😂", "?!", "\n", "s", "ing"])
            | st.text(max_size=3),
            max_size=12,
        )
    )
    _same(engine, references, ["".join(bits), " ".join(bits), "_".join(bits).upper()])
