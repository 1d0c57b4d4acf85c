"""Only English and French are checked: a post in another language is reported
unchecked, with its language named, and never judged with another language's rules."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from postcheck.engine import Context, Engine, Post
from postcheck.engine.detectors import identify_language

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
OTHER = [
    orjson.loads(line) for line in (FIXTURES / "other_languages.jsonl").read_bytes().splitlines()
]
RISKY = Context(role="executive", followers=50_000, identifiable=True, election_period=True)


@pytest.mark.parametrize("row", OTHER, ids=[r["lang"] for r in OTHER])
def test_another_language_is_identified(row):
    assert identify_language(row["text"]) == row["lang"]


@pytest.mark.parametrize("row", OTHER, ids=[r["lang"] for r in OTHER])
def test_another_language_is_unchecked_alone_and_in_a_batch(engine: Engine, row):
    one = engine.assess(Post(row["text"]), RISKY)
    [batch] = engine.assess_batch([(Post(row["text"]), RISKY)])
    for a in (one, batch):
        assert not a.checked
        assert a.lang == row["lang"]
        assert a.findings == () and a.codes == []
        assert a.to_dict()["level"] == "unchecked"
    assert one == batch


def test_a_platform_language_tag_is_trusted(engine: Engine):
    # Spanish "con" (with) is an insult in French: a tagged Spanish post raises nothing
    a = engine.assess(Post("con", lang="es"), RISKY)
    assert not a.checked and a.lang == "es" and not a.findings


def test_pseudo_tags_leave_the_language_to_identification(engine: Engine):
    for tag in ("und", "qme", "zxx", "auto"):
        a = engine.assess(Post("Vote NDP on Monday!", lang=tag))
        assert a.checked and a.lang == "en"


@pytest.mark.parametrize(
    "text", ["LMAO", "Merci!", "Snow day lol", "Vote NDP on Monday!", "go Sens go 🏒"]
)
def test_short_posts_are_not_sent_to_another_language(text):
    assert identify_language(text) in ("en", "fr")


def test_a_batch_mixing_languages_keeps_every_post_in_its_place(engine: Engine):
    items = [
        (Post("Vote NDP on Monday!"), Context()),
        (Post(OTHER[0]["text"]), Context()),
        (Post("Votez NPD lundi!", lang="fr"), Context()),
        (Post(OTHER[2]["text"], lang="nl"), Context()),
    ]
    got = engine.assess_batch(items)
    assert [a.checked for a in got] == [True, False, True, False]
    assert got == [engine.assess(p, c) for p, c in items]


MIXED = "Great meeting with the team today, on se revoit jeudi pis on finalise le dossier. Le boss est un crisse d'incompétent"


def test_a_post_mixing_english_and_french_is_checked_with_both(engine: Engine):
    from postcheck.engine.detectors import other_language

    assert other_language(MIXED, "en") == "fr"
    a = engine.assess(Post(MIXED, lang="en"), Context())
    [b] = engine.assess_batch([(Post(MIXED, lang="en"), Context())])
    assert a == b
    assert any(f.rule_id.startswith("fr.") for f in a.findings)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Vote NDP on Monday! Bring a friend", "en"),
        ("On se voit au chalet en fin de semaine", "fr"),
        ("Bonne fête Marie! Happy birthday", "fr"),
    ],
)
def test_a_post_in_one_language_is_not_called_mixed(text, lang):
    from postcheck.engine.detectors import other_language

    assert other_language(text, lang) is None


def test_no_english_or_french_post_of_the_corpus_is_sent_to_another_language():
    # the labelled corpus (21,999 posts by 13 writers) holds the short, slangy and
    # mixed posts where a looser threshold for other languages would go wrong first
    from postcheck.engine.packs import default_rules_dir

    wrong = []
    for path in sorted((default_rules_dir() / "training").glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            post = orjson.loads(line)
            got = identify_language(post["text"])
            if got not in ("en", "fr"):
                wrong.append((post["id"], got))
    assert wrong == []


STYLED_EN = "𝗘𝘃𝗲𝗿𝘆𝗼𝗻𝗲 𝘀𝗵𝗼𝘂𝗹𝗱 𝘃𝗼𝘁𝗲 𝗡𝗗𝗣 𝗼𝗻 𝗠𝗼𝗻𝗱𝗮𝘆"  # mathematical sans-serif bold
STYLED_FR = "𝑽𝒐𝒕𝒆𝒛 𝑵𝑷𝑫 𝒍𝒖𝒏𝒅𝒊, 𝒄'𝒆𝒔𝒕 𝒍𝒆 𝒔𝒆𝒖𝒍 𝒃𝒐𝒏 𝒄𝒉𝒐𝒊𝒙"  # bold italic
STYLED_WIDE = "Ｅｖｅｒｙｏｎｅ ｓｈｏｕｌｄ ｖｏｔｅ ＮＤＰ ｏｎ Ｍｏｎｄａｙ"  # full-width


@pytest.mark.parametrize(
    ("text", "lang"),
    [(STYLED_EN, "en"), (STYLED_FR, "fr"), (STYLED_WIDE, "en")],
    ids=["bold", "bold-italic", "full-width"],
)
def test_look_alike_letters_are_read_as_plain_ones_to_tell_the_language(text, lang):
    assert identify_language(text) == lang


@pytest.mark.parametrize("text", [STYLED_EN, STYLED_WIDE], ids=["bold", "full-width"])
def test_an_untagged_post_in_look_alike_letters_is_checked_alone_and_in_a_batch(engine, text):
    one = engine.assess(Post(text), Context())
    [batch] = engine.assess_batch([(Post(text), Context())])
    for a in (one, batch):
        assert a.checked and a.lang == "en"
        assert "PS01" in a.codes
    assert one == batch


def test_no_linguistic_content_is_no_language():
    # py3langid answers "zxx" (no linguistic content) for letters that make no words;
    # that is no language to report, so the post is English or French like a short one
    assert identify_language("aaaaaa bbbbbb cccccc") in ("en", "fr")


def test_a_french_post_the_platform_tagged_english_is_checked_with_the_french_rules(engine):
    # X's tag is a machine guess; a French post tagged "en" still gets the French rules
    text = "Le ministre est un con et il faut voter contre lui"
    a = engine.assess(Post(text, lang="en"), Context())
    assert any(f.rule_id.startswith("fr.") for f in a.findings)
