"""Properties of the text helpers, over generated input (hypothesis)."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from postcheck.archives.common import decode_errors, fix_mojibake, html_to_text, sniff_encoding

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@given(TEXT)
def test_meta_mojibake_is_undone_exactly(s):
    assert fix_mojibake(s.encode("utf-8").decode("latin-1")) == s


@given(TEXT)
def test_html_to_text_never_fails(s):
    assert isinstance(html_to_text(s), str)


@given(st.binary(max_size=300))
def test_sniffed_encoding_decodes_the_sample(data):
    encoding, _note = sniff_encoding(data)
    # A multi-byte character may be cut at the end of the sniffed window.
    codecs.getincrementaldecoder(encoding)(decode_errors(encoding)).decode(data, final=False)
