"""``postcheck rules <rule-id>`` documents one rule as ``ruff rule CODE`` does: what it
raises, its message and ``doc``, where it applies, its exceptions and its examples."""

from __future__ import annotations

import orjson
import pytest

from postcheck import cli
from postcheck.engine.packs import Rule, load_ruleset


def _rule(rule_id: str) -> Rule:
    return next(r for rules in load_ruleset().rules.values() for r in rules if r.id == rule_id)


def _rules(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["rules", *args]) == 0
    return capsys.readouterr().out


def test_a_rule_id_prints_its_documentation_and_examples(capsys):
    rule = _rule("en.gift.work-hospitality")
    out = _rules(capsys, rule.id)
    assert out.startswith(f"{rule.id}\n")
    assert "Raises: PS14 Conflict of interest (conflict-of-interest)" in out
    assert f"Message: {rule.message}" in out
    assert rule.doc and rule.doc in out
    assert "Applies: only when about_own_work=true" in out
    assert all(f"  - {e}\n" in out for e in rule.exceptions)
    flagged, passed = out.split("Posts it flags:")[1].split("Posts it passes:")
    assert all(ex.text in (flagged if ex.flag else passed) for ex in rule.examples)
    assert "(context: about_own_work=true)" in flagged
    assert f"Pack: {rule.file}:{rule.line}" in out


def test_a_rule_for_every_post_says_so_and_shows_no_context(capsys):
    rule = _rule("en.partisan.slogan")
    out = _rules(capsys, rule.id)
    assert "Applies: to every post" in out and "context:" not in out
    assert "Exceptions" not in out  # it has none


def test_headings_follow_lang_and_the_rule_keeps_its_own_words(capsys):
    rule = _rule("fr.cadeau.travail")
    out = _rules(capsys, rule.id, "--lang", "fr")
    assert "Soulève: PS14 Conflit d'intérêts" in out
    assert "Publications signalées:" in out and "Publications non signalées:" in out
    assert "S'applique: seulement quand about_own_work=true" in out
    assert rule.message in out and all(ex.text in out for ex in rule.examples)


def test_a_rule_id_in_json_carries_its_examples(capsys):
    rule = _rule("en.official.comms-teaser")
    doc = orjson.loads(_rules(capsys, rule.id, "--format", "json"))
    assert (doc["id"], doc["code"], doc["when"]) == (rule.id, "PS04", {"role": "communications"})
    assert doc["file"].endswith("en/ps04-official-capacity.yaml")
    flag = [(ex.text, ex.flag) for ex in rule.examples if ex.flag]
    assert [(ex["text"], True) for ex in doc["examples"]["flag"]] == flag
    assert doc["examples"]["flag"][0]["context"] == {"role": "communications"}
    assert len(doc["examples"]["pass"]) == sum(not ex.flag for ex in rule.examples)


def test_a_consideration_lists_its_rules_from_its_pack(capsys):
    out = _rules(capsys, "PS04")
    assert "en.official.capacity-claim" in out and "fr.officiel.qualite" in out


def test_an_unknown_rule_is_a_usage_error(capsys):
    assert cli.main(["rules", "en.no.such-rule"]) == 2
    assert "no consideration or rule named 'en.no.such-rule'" in capsys.readouterr().err
