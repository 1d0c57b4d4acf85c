"""Properties of the report's highlighting, over generated input (hypothesis)."""

from __future__ import annotations

from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from postcheck.reports.html import highlight

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(TEXT, st.lists(st.tuples(st.integers(-5, 210), st.integers(-5, 210)), max_size=6))
def test_highlight_keeps_the_text_and_only_adds_marks(s, spans):
    out = highlight(s, [(a, b, "PS01") for a, b in spans])
    plain = out.replace('<mark title="PS01">', "").replace("</mark>", "")
    assert unescape(plain) == s
    assert out.count("<mark") == out.count("</mark>")
