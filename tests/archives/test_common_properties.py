"""Properties of the text helpers, over generated input (hypothesis)."""

from __future__ import annotations

import codecs
from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from postcheck.archives.common import decode_errors, fix_mojibake, html_to_text, sniff_encoding
from postcheck.reports.html import highlight

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(TEXT)
def test_meta_mojibake_is_undone_exactly(s):
    assert fix_mojibake(s.encode("utf-8").decode("latin-1")) == s


@given(TEXT)
def test_html_to_text_never_fails(s):
    assert isinstance(html_to_text(s), str)


@given(TEXT, st.lists(st.tuples(st.integers(-5, 210), st.integers(-5, 210)), max_size=6))
def test_highlight_keeps_the_text_and_only_adds_marks(s, spans):
    out = highlight(s, [(a, b, "PS01") for a, b in spans])
    plain = out.replace('<mark title="PS01">', "").replace("</mark>", "")
    assert unescape(plain) == s
    assert out.count("<mark") == out.count("</mark>")


@given(st.binary(max_size=300))
def test_sniffed_encoding_decodes_the_sample(data):
    encoding, _note = sniff_encoding(data)
    # A multi-byte character may be cut at the end of the sniffed window.
    codecs.getincrementaldecoder(encoding)(decode_errors(encoding)).decode(data, final=False)
