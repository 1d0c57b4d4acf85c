"""The practice scenarios: complete, bilingual, and covering what managers meet."""

from collections import Counter

import pytest

from postcheck.cases.scenarios import CODES, grade, load_scenarios, scenario
from postcheck.cases.workflow import CHANNELS

SCENARIOS = load_scenarios()


def test_there_are_at_least_24_scenarios_with_unique_ids():
    assert len(SCENARIOS) >= 24
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)


def test_every_consideration_is_covered_by_at_least_one_scenario():
    covered = {code for s in SCENARIOS for code in s.considerations}
    assert covered == set(CODES)


def test_every_channel_is_used():
    assert {s.channel for s in SCENARIOS} == set(CHANNELS)


def test_posts_are_written_in_both_languages():
    langs = Counter(s.post_lang for s in SCENARIOS)
    assert langs["en"] >= 8 and langs["fr"] >= 8


def test_there_are_harassment_support_scenarios_in_both_languages():
    support = [s for s in SCENARIOS if s.kind == "support"]
    assert len(support) >= 3
    assert {s.post_lang for s in support} == {"en", "fr"}
    assert all(s.outcome == "harassment_support" for s in support)


def test_there_are_hard_negatives_where_the_answer_is_no_action():
    negatives = [s for s in SCENARIOS if s.no_action]
    assert len(negatives) >= 5
    assert all(s.level == "low" and not s.considerations for s in negatives)
    assert {s.post_lang for s in negatives} == {"en", "fr"}


@pytest.mark.parametrize("s", SCENARIOS, ids=lambda s: s.id)
def test_each_scenario_has_every_text_in_both_languages(s):
    for field in ("title", "post", "reasoning", "what_to_do"):
        assert s.t(field, "en").strip() and s.t(field, "fr").strip()
        assert s.t(field, "en") != s.t(field, "fr")


@pytest.mark.parametrize("s", SCENARIOS, ids=lambda s: s.id)
def test_each_scenario_context_is_accepted_by_the_engine(s):
    from postcheck.engine import Context

    Context.from_dict(s.context)


def test_grading_names_missed_and_extra_considerations():
    s = scenario("s06-official-capacity-logo-fr")
    g = grade(s, "high", ["PS04", "PS11"], "advice_edit_remove")
    assert g.level_matches and g.outcome_matches
    assert g.codes_found == ("PS04",)
    assert g.codes_missed == ("PS02", "PS05")
    assert g.codes_extra == ("PS11",)
    assert not g.agrees


def test_grading_agrees_with_the_reference_answer():
    s = scenario("s22-negative-weekend-hike-fr")
    assert grade(s, "low", [], "no_action").agrees


def test_an_answer_with_considerations_the_reference_does_not_raise_does_not_agree():
    s = scenario("s06-official-capacity-logo-fr")
    g = grade(s, "high", ["PS02", "PS04", "PS05", "PS11"], "advice_edit_remove")
    assert g.level_matches and g.outcome_matches and not g.codes_missed
    assert not g.codes_match and not g.agrees


def test_an_answer_with_another_action_does_not_agree():
    s = scenario("s22-negative-weekend-hike-fr")
    g = grade(s, "low", [], "informal_conversation")
    assert g.level_matches and g.codes_match and not g.outcome_matches
    assert not g.agrees


def test_grading_keeps_the_answer_it_compares():
    g = grade(scenario("s22-negative-weekend-hike-fr"), "moderate", ["PS03"], "no_action")
    assert (g.level, g.codes, g.outcome) == ("moderate", ("PS03",), "no_action")
