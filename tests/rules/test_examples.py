"""Every rule's examples, checked the way its documentation promises.

Each rule in the packs carries ``examples: {flag: [...], pass: [...]}``: posts it raises and
near-misses it must not raise. Every example runs through both ways of checking a post, one
at a time (``Engine.assess``) and in a batch (``Engine.assess_batch``), as ijson runs every
test over every backend. The rules are judged alone (``Engine(learned=False)``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from postcheck.engine import LANGS, Assessment, Engine, Post
from postcheck.engine.packs import Rule, RuleExample, load_ruleset

EXAMPLES: list[tuple[Rule, RuleExample]] = [
    (rule, example)
    for lang in LANGS
    for rule in load_ruleset().rules[lang]
    for example in rule.examples
]
FLAGGED = [(r, ex) for r, ex in EXAMPLES if ex.flag]
PASSED = [(r, ex) for r, ex in EXAMPLES if not ex.flag]

Checked = dict[tuple[str, str, bool], Assessment]


def _one_at_a_time(engine: Engine) -> Checked:
    return {
        (rule.id, ex.text, ex.flag): engine.assess(Post(ex.text, lang=rule.lang), ex.context)
        for rule, ex in EXAMPLES
    }


def _in_batches(engine: Engine) -> Checked:
    """One batch per language, so the batch planner sees many posts at once."""
    checked: Checked = {}
    for lang in LANGS:
        mine = [(rule, ex) for rule, ex in EXAMPLES if rule.lang == lang]
        results = engine.assess_batch([(Post(ex.text, lang=lang), ex.context) for _, ex in mine])
        for (rule, ex), a in zip(mine, results, strict=True):
            checked[(rule.id, ex.text, ex.flag)] = a
    return checked


BACKENDS: dict[str, Callable[[Engine], Checked]] = {
    "assess": _one_at_a_time,
    "assess_batch": _in_batches,
}


@pytest.fixture(scope="module")
def rules_engine() -> Engine:
    return Engine(learned=False)


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def checked(request: pytest.FixtureRequest, rules_engine: Engine) -> Checked:
    return BACKENDS[request.param](rules_engine)


def _example_id(item: tuple[Rule, RuleExample]) -> str:
    rule, ex = item
    return f"{rule.id}:{ex.text[:40]}"


@pytest.mark.parametrize("item", FLAGGED, ids=_example_id)
def test_a_flag_example_raises_its_rule(checked: Checked, item: tuple[Rule, RuleExample]) -> None:
    rule, ex = item
    fired = [f.rule_id for f in checked[(rule.id, ex.text, ex.flag)].findings]
    assert rule.id in fired, (ex.text, fired)


@pytest.mark.parametrize("item", PASSED, ids=_example_id)
def test_a_pass_example_does_not_raise_its_rule(
    checked: Checked, item: tuple[Rule, RuleExample]
) -> None:
    rule, ex = item
    fired = [f.rule_id for f in checked[(rule.id, ex.text, ex.flag)].findings]
    assert rule.id not in fired, (ex.text, fired)
