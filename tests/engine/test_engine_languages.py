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
