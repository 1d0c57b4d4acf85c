"""The HTML report names each post's language: every element showing a post's words
carries the post's own ``lang`` (never the report's by default), and the posts left
unchecked for their language are counted with the language named in the report's."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from language_support import POSTS, x_export
from postcheck.cli import main
from postcheck.reports.html import unchecked_by_language
from postcheck.reports.html_strings import LANGUAGE_NAMES, STRINGS

VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr"})


class Elements(HTMLParser):
    """Every element with its attributes, its nearest ``lang`` and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.done: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inherited = self.open[-1]["lang"] if self.open else None
        el = {"tag": tag, "attrs": attrs, "lang": attrs.get("lang", inherited), "text": ""}
        if tag in VOID:
            self.done.append(el)
        else:
            self.open.append(el)

    def handle_endtag(self, tag):
        while self.open:
            el = self.open.pop()
            if self.open:
                self.open[-1]["text"] += el["text"]
            self.done.append(el)
            if el["tag"] == tag:
                break

    def handle_data(self, data):
        if self.open:
            self.open[-1]["text"] += data


def elements(html: str) -> list[dict]:
    p = Elements()
    p.feed(html)
    p.close()
    return p.done


# An X export: an English, a French and a Spanish post tagged so, a Spanish post X could
# not tell ("und") and a Dutch one.
EXPORT_POSTS = [
    *POSTS,
    ("p4", "el ministro es un con", "und"),
    ("p5", "De minister is een idioot en moet weg", "nl"),
]


@pytest.fixture
def french_report(tmp_path) -> str:
    dest = tmp_path / "rapport.html"
    src = x_export(tmp_path, EXPORT_POSTS)
    main(["review", str(src), "--report", str(dest), "--lang", "fr", "-j", "1"])
    return dest.read_text("utf-8")


def test_each_flagged_posts_text_carries_its_own_language(french_report):
    texts = {
        el["text"]: el["lang"]
        for el in elements(french_report)
        if el["tag"] == "p" and "text" in (el["attrs"].get("class") or "").split()
    }
    assert texts == {
        "Vote NDP on Monday!": "en",
        "Votez NPD lundi, c'est le seul bon choix!": "fr",
    }


def test_quoted_words_and_finding_messages_carry_the_language_they_are_in(french_report):
    els = elements(french_report)
    quoted = [el for el in els if el["tag"] == "span" and "lang" in el["attrs"]]
    assert quoted
    by_text = {el["text"]: el["attrs"]["lang"] for el in quoted}
    assert by_text["Vote NDP"] == "en"
    assert by_text["Votez NPD"] == "fr"
    # an English post's reasons are English inside the French report
    english = [el for el in quoted if el["attrs"]["lang"] == "en"]
    assert english and all(el["text"].isascii() for el in english)


def test_no_post_in_another_language_is_shown_as_french_or_english(french_report):
    assert "ministro" not in french_report and "minister is" not in french_report


def test_posts_not_checked_are_counted_with_their_language_named(french_report):
    facts = [el for el in elements(french_report) if el["tag"] in ("dt", "dd")]
    labels = [el["text"] for el in facts]
    unchecked = facts[labels.index(STRINGS["fr"]["unchecked"]) + 1]["text"]
    assert unchecked == "espagnol 2, néerlandais 1"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Spanish 1,520, Dutch 3, Inuktitut 3, xx 1"),
        ("fr", "espagnol 1\u00a0520, inuktitut 3, néerlandais 3, xx 1"),
    ],
)
def test_unchecked_languages_are_named_most_first_and_unknown_codes_kept(lang, expected):
    counts = {"nl": 3, "xx": 1, "es": 1520, "iu": 3}
    assert unchecked_by_language(counts, lang) == expected


def test_no_unchecked_post_is_zero():
    assert unchecked_by_language({}, "fr") == "0"


def test_every_language_has_a_name_in_both_report_languages():
    assert LANGUAGE_NAMES["en"].keys() == LANGUAGE_NAMES["fr"].keys() >= {"es", "de", "zh"}
