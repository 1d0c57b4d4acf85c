"""Properties of the engine that hold for every input string (hypothesis).

The engine is one object built once (session fixture); examples are bounded so the whole
module runs in well under 30 seconds.
"""

from __future__ import annotations

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from postcheck.engine import CODES, ROLES, Context, Engine, Post
from postcheck.engine.detectors import detect_identifiers
from postcheck.engine.text import fold

LEVELS = {"low", "moderate", "high"}

# Pieces a post is made of in real life, and pieces that break naive text handling:
# cues the rules and detectors look for, emoji with modifiers and joiners, right-to-left
# text and marks, combining accents, characters whose case mapping changes length
# (ß, ﬁ, İ), control characters and line/paragraph separators.
FRAGMENTS = [
    "Vote NDP on Monday!",
    "Never again Poilievre",
    "votez Bloc Québécois",
    "fuck",
    "merde",
    "tabarnak",
    "Call me at 613-555-0199",
    "jean.tremblay@gmail.com",
    "K1A 0B1",
    "k1a0b1",
    "046 454 286",
    "123 Main Street",
    "12, rue Principale",
    "PROTECTED B",
    "secret clearance",
    "https://t.co/AbC123xyz",
    "www.conservative.ca/donate",
    "#cdnpoli",
    "@CBCNews",
    "views are my own",
    "n'engage que moi",
    "Party of 6 at brunch",
    "third party",
    "😂",
    "👏🏽",
    "🏳️\u200d🌈",
    "🇨🇦",
    "❤️",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202e",
    "\u200f",
    "\u200d",
    "e\u0301",
    "ß",
    "ßß",
    "ﬁ",
    "İ",
    "ŉ",
    "ΐ",
    "Straße",
    "ǅ",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\n",
    "\t",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "’",
    "«",
    "»",
    "—",
    " ",
    "  ",
    ".",
    "...",
    "!",
    "?",
    "'",
    '"',
    "\\",
    "*",
    "(",
    ")",
    "[",
    "]",
    "$",
    "^",
]

no_surrogates = st.characters(blacklist_categories=("Cs",))
free_text = st.text(alphabet=no_surrogates, max_size=300)
assembled = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=no_surrogates, max_size=8)),
    max_size=40,
).map("".join)
texts = st.one_of(free_text, assembled)
langs = st.sampled_from([None, "en", "fr"])
contexts = st.builds(
    Context,
    role=st.sampled_from(ROLES),
    followers=st.integers(min_value=0, max_value=10**9),
    identifiable=st.booleans(),
    about_own_work=st.booleans(),
    authorized=st.booleans(),
    election_period=st.booleans(),
    disclaimer=st.sampled_from([None, True, False]),
    anonymous=st.sampled_from([None, True, False]),
)


# Very long posts: a fragment repeated up to 100,000 characters (past the engine's cap).
long_texts = st.builds(
    lambda piece, n: (piece * n)[:100_000],
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map(" ".join),
    st.integers(min_value=1_000, max_value=20_000),
)

COMMON = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(engine: Engine, text: str, lang: str | None, ctx: Context) -> None:
    a = engine.assess(Post(text, lang=lang), ctx)
    for f in a.findings:
        assert 0 <= f.start <= f.end <= len(text), (f, len(text))
        assert text[f.start : f.end] == f.matched, f
        assert f.code in CODES, f
    assert a.level.value in LEVELS
    assert set(a.codes) <= set(CODES)
    assert {f.code for f in a.findings} <= set(a.codes)
    orjson.dumps(a.to_dict())


@COMMON
@given(text=texts, lang=langs, ctx=contexts)
def test_any_string_gives_a_valid_assessment(engine, text, lang, ctx):
    """Any string, including ones whose upper case is longer (ß, ﬁ, ŉ)."""
    check_invariants(engine, text, lang, ctx)


@COMMON
@example(text="ßßßß K1A 0B1", lang="en", ctx=Context())
@given(text=texts, lang=langs, ctx=contexts)
def test_any_string_gives_a_valid_assessment_even_when_upper_case_is_longer(
    engine, text, lang, ctx
):
    check_invariants(engine, text, lang, ctx)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=long_texts, lang=langs)
def test_long_posts_give_a_valid_assessment(engine, text, lang):
    check_invariants(engine, text, lang, Context())


@settings(max_examples=150, deadline=None)
@given(text=texts, lang=langs, ctx=contexts)
def test_same_input_same_output(engine, text, lang, ctx):
    first = orjson.dumps(engine.assess(Post(text, lang=lang), ctx).to_dict())
    second = orjson.dumps(engine.assess(Post(text, lang=lang), ctx).to_dict())
    assert first == second


def test_plain_string_post_is_accepted(engine):
    a = engine.assess("Vote NDP on Monday!")
    assert a.level.value in LEVELS


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00",
        "\ud7ff\ue000\U0010ffff",
        "ß" * 50 + " hello",
        "‮Vote NDP‬",
        "🏳️\u200d🌈" * 1000,
        "a" * 100_001,
    ],
    ids=[
        "empty",
        "space",
        "nul",
        "plane-edges",
        "sharp-s",
        "rtl-override",
        "zwj-emoji",
        "over-cap",
    ],
)
def test_edge_strings(engine, text):
    for lang in (None, "en", "fr"):
        check_invariants(engine, text, lang, Context())


@pytest.mark.parametrize("prefix", ["ß ", "Straße ", "ﬁne ", "ŉ "])
def test_postal_code_span_points_at_the_postal_code(prefix):
    text = f"{prefix}Come by, K1A 0B1"
    found = [d for d in detect_identifiers(text, fold(text)) if d.detector == "id.postal_code"]
    assert [text[d.start : d.end] for d in found] == ["K1A 0B1"]


def test_postal_code_span_without_case_change(engine):
    text = "Come by, K1A 0B1"
    a = engine.assess(Post(text, lang="en"), Context())
    assert [f.matched for f in a.findings if f.rule_id == "id.postal_code"] == ["K1A 0B1"]
