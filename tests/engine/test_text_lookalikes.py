"""Look-alike letters (mathematical bold and italic, full-width, circled) are folded
before matching, and spans still index the original text."""

from __future__ import annotations

import pytest

from postcheck.engine import Context, Engine, Post
from postcheck.engine.text import fold

STYLED = {
    "bold": "𝐢𝐝𝐢𝐨𝐭",
    "italic": "𝑖𝑑𝑖𝑜𝑡",
    "bold-script": "𝓲𝓭𝓲𝓸𝓽",
    "full-width": "ｉｄｉｏｔ",
    "full-width-caps": "ＩＤＩＯＴ",
    "circled": "ⓘⓓⓘⓞⓣ",
}


@pytest.mark.parametrize("styled", STYLED.values(), ids=STYLED.keys())
def test_styled_letters_fold_to_plain_ones_without_changing_length(styled):
    assert fold(styled) == "idiot"
    assert len(fold("Quel " + styled)) == len("Quel " + styled)


@pytest.mark.parametrize("styled", STYLED.values(), ids=STYLED.keys())
def test_styled_insult_raises_what_the_plain_one_does(styled):
    engine = Engine(learned=False)
    text = f"Our director is a complete {styled}"
    plain = engine.assess(Post("Our director is a complete idiot", lang="en"), Context())
    for a in (
        engine.assess(Post(text, lang="en"), Context()),
        engine.assess_batch([(Post(text, lang="en"), Context())])[0],
    ):
        assert a.codes == plain.codes and a.level == plain.level
        hit = next(f for f in a.findings if f.rule_id == "en.disrespect.insult")
        assert text[hit.start : hit.end] == styled == hit.matched


def test_digits_are_not_folded_to_letters():
    # a SIN or a postal code must keep its digits: leetspeak is the lexicons' job
    assert fold("1234 sh1t") == "1234 sh1t"


def test_unstyle_makes_look_alikes_plain_and_keeps_case_and_accents():
    from postcheck.engine.text import unstyle

    assert unstyle("𝗩𝗼𝘁𝗲 Ｎｏｗ ⓞⓚ été") == "Vote Now ok été"
    assert unstyle("plain ascii") == "plain ascii"
