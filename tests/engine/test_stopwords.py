"""A finding's explanation shows words that carry its meaning: never a stop word or a
fragment such as "is a" (to a manager, that reads like evidence against a person)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from postcheck.engine import Context, Engine, Level, Post
from postcheck.engine.stopwords import STOP_WORDS, explains
from postcheck.engine.text import fold

ROOT = Path(__file__).resolve().parents[2]
RISKY = Context(role="executive", followers=50_000, identifiable=True, election_period=True)


@pytest.mark.parametrize(
    "feature",
    ["is a", "to the", "honestly", "je", "le la", "c'est", "de la", "ctx:identifiable", "a"],
)
def test_words_without_meaning_explain_nothing(feature):
    assert not explains(feature)


@pytest.mark.parametrize("feature", ["idiot", "is corrupt", "crisse", "vote", "🔵", "bs"])
def test_words_with_meaning_explain(feature):
    assert explains(feature)


def test_the_list_holds_both_languages():
    assert {"the", "is", "and", "honestly"} <= STOP_WORDS
    assert {"le", "la", "et", "je", "est", "pis"} <= STOP_WORDS


def _posts() -> list[tuple[Post, Context]]:
    rows = []
    for path in sorted((ROOT / "src" / "postcheck" / "rules" / "training").glob("*.jsonl")):
        rows += [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    out = []
    for r in rows[::8]:
        out.append((Post(r["text"], lang=r["lang"]), Context.from_dict(r["context"])))
        out.append((Post(r["text"], lang=r["lang"]), RISKY))
    return out


def test_no_model_finding_rests_on_words_without_meaning(engine: Engine):
    checked = 0
    for a in engine.assess_batch(_posts()):
        for f in a.findings:
            if f.source not in ("learned", "semantic"):
                continue
            checked += 1
            if f.matched:
                assert explains(fold(f.matched)), (f.rule_id, f.matched)
            for ev in f.evidence:
                if ev.startswith("words: "):
                    assert explains(ev[len("words: ") :]), (f.rule_id, ev)
    assert checked > 100  # the models did explain findings


def test_every_raised_post_says_why_its_level(engine: Engine):
    seen = 0
    for a in engine.assess_batch(_posts()[:600]):
        if a.level is Level.LOW:
            assert a.reason == ""
            continue
        seen += 1
        assert a.reason.split(":")[0].strip() in ("Moderate", "High", "Modéré", "Élevé")
        assert any(c.code in a.reason for c in a.considerations)
    assert seen > 50


def test_the_reason_names_the_context_that_weighs(engine: Engine):
    a = engine.assess(Post("Vote NDP on Monday! #VoteNDP", lang="en"), RISKY)
    assert a.level is Level.HIGH
    assert "executive" in a.reason and "50,000 followers" in a.reason and "election" in a.reason
    b = engine.assess(Post("Votez NPD lundi! #VotezNPD", lang="fr"), RISKY)
    assert "cadre" in b.reason and "50\u202f000 abonnés" in b.reason
