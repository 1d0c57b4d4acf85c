"""Matcher.scan (its hot loop hand-inlined, driven by an Aho-Corasick automaton) must give
exactly the hits, in the same order, as the rule it implements, written out plainly
below with str.find and is_word_char: a key hits where it starts a word; a whole-word
key must also end one; a ``prefix*`` key's span runs to the end of its word; hits come
by end position, longer keys first (the order cooccurrence rules read them in)."""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from postcheck.engine import Engine
from postcheck.engine.kinds.base import K_LIST, K_RULE, Hits
from postcheck.engine.kinds.cooccur import CooccurSettings
from postcheck.engine.kinds.pattern import PatternSettings
from postcheck.engine.kinds.terms import TermsSettings
from postcheck.engine.matcher import Matcher
from postcheck.engine.packs import Rule, default_rules_dir
from postcheck.engine.text import fold, is_word_char


def _reference_scan(matcher: Matcher, folded: str) -> Hits:
    found = []  # (end, -length, key): every occurrence of every key, by str.find
    for key in matcher.entries:
        at = folded.find(key)
        while at >= 0:
            found.append((at + len(key), -len(key), key))
            at = folded.find(key, at + 1)
    hits = Hits()
    n = len(folded)

    def word(i: int) -> bool:
        return 0 <= i < n and is_word_char(folded[i])

    for end, neg_len, key in sorted(found):
        start = end + neg_len
        if word(start - 1) and word(start):
            continue  # does not start a word
        for kind, ref, wild in matcher.entries[key]:
            if wild:
                stop = end
                while word(stop):
                    stop += 1
                span = (start, stop)
            elif word(end) and word(end - 1):
                continue  # does not end a word
            else:
                span = (start, end)
            if kind == K_RULE:
                hits.rules[ref].append(span)
            elif kind == K_LIST:
                hits.lists[ref].append(span)
            else:
                (hits.exc_global if ref == -1 else hits.exc_rule[ref]).append(span)
    return hits


def _same(matchers: Iterable[Matcher], texts: Iterable[str]) -> int:
    """Compare on every text; return how many (text, matcher) pairs had any hit."""
    n = 0
    matchers = list(matchers)
    for text in texts:
        f = fold(text)
        for matcher in matchers:
            got, want = matcher.scan(f), _reference_scan(matcher, f)
            assert (
                dict(got.rules),
                dict(got.lists),
                got.exc_global,
                dict(got.exc_rule),
            ) == (
                dict(want.rules),
                dict(want.lists),
                want.exc_global,
                dict(want.exc_rule),
            ), text
            n += bool(want.rules or want.lists or want.exc_global or want.exc_rule)
    return n


def _rule(i: int, settings, **kw) -> Rule:
    return Rule(
        id=f"en.test.{i}", code="PS01", lang="en", message="m", weight=0.5, settings=settings, **kw
    )


# Every kind of entry the shipped packs do not all use: terms with and without
# inflection, prefix* terms, pattern anchors, a rule's own exceptions, pack-wide
# exceptions, cooccurrence groups, and keys that overlap or share an end.
HANDMADE = Matcher(
    "en",
    [
        _rule(
            0,
            TermsSettings(terms=["vote", "harass*", "#elxn", "y/o", "my own"], inflect=True),
            exceptions=("vote of thanks",),
        ),
        _rule(1, PatternSettings(pattern=r"\bminister\b", anchors=["minister", "@parties"])),
        _rule(2, CooccurSettings(all=[["party", "@parties"], ["win*", "own"]], window=5)),
        _rule(3, TermsSettings(terms=["own", "wn", "s own"]), exceptions=("own goal",)),
    ],
    {"parties": ("ndp", "liberal party", "party")},
    ("party of", "#elxn2025"),
)


def test_scan_follows_its_rule_on_hand_made_rules() -> None:
    texts = [
        "Vote NDP! Voted, voting, votes; a vote of thanks to the minister.",
        "Harassment, harassed, HARASS. #elxn #elxn2025 #elxnx y/o 45 y/o",
        "my own views, his own goal, it's own, sown, party of six, liberal party wins, winner",
        "the minister's party-win: own-own ownership w/ wn",
    ]
    assert _same([HANDMADE], texts) == len(texts)
    got = HANDMADE.scan(fold(texts[0]))
    assert got.rules[0] and got.exc_rule[0] and got.rules[1]


def test_scan_follows_its_rule_on_the_training_posts(engine: Engine) -> None:
    texts = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        texts.extend(
            orjson.loads(line)["text"] for line in path.read_bytes().splitlines() if line.strip()
        )
    assert _same(engine.matchers.values(), texts) > 2000


def _keys(engine: Engine) -> list[str]:
    return sorted({k for m in engine.matchers.values() for k in m.entries})


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_scan_follows_its_rule_on_any_text(engine: Engine, data) -> None:
    keys = _keys(engine) + sorted(HANDMADE.entries)
    bits = data.draw(
        st.lists(
            st.sampled_from(keys)
            | st.sampled_from(
                [" ", "-", "_", "'", "#", "x", "é", "\u03b1", "😂", "?!", "\n", "s", "ing"]
            )
            | st.text(max_size=3),
            max_size=12,
        )
    )
    _same([*engine.matchers.values(), HANDMADE], ["".join(bits), " ".join(bits), "_".join(bits)])
