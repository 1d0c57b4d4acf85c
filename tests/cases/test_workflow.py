"""The guided case workflow (plain Python, no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from postcheck.cases.errors import (
    InvalidTransition,
    StepPrerequisiteMissing,
    UnknownChannel,
    UnknownOutcome,
    UnknownStep,
)
from postcheck.cases.workflow import (
    CHANNELS,
    OUTCOMES,
    TRANSITIONS,
    Action,
    CaseKind,
    Status,
    allowed_actions,
    close,
    complete_step,
    new_case,
    record_outcome,
    reopen,
    validate_channel,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_five_channels_are_exactly_the_guidance_list():
    assert CHANNELS == (
        "media_query",
        "public_comment",
        "colleague_report",
        "social_media",
        "professional_network",
    )


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_of_the_five_channels_is_accepted(channel):
    assert validate_channel(channel) == channel


@pytest.mark.parametrize("channel", ["found_while_browsing", "monitoring", "search", "other"])
def test_any_other_channel_is_refused_with_the_no_monitoring_principle(channel):
    with pytest.raises(UnknownChannel, match="monitor"):
        validate_channel(channel)


def test_a_post_case_needs_a_channel():
    with pytest.raises(UnknownChannel, match="how the post reached you"):
        validate_channel("")


def test_a_support_case_may_have_no_channel():
    assert validate_channel("", CaseKind.SUPPORT) == ""


def test_a_new_case_is_open_with_its_opening_in_the_history():
    state = new_case("post", T0)
    assert state.status == Status.OPEN
    assert [(c.status, c.at) for c in state.history] == [("open", T0.isoformat())]


def test_completing_a_step_moves_the_case_in_progress_and_records_when():
    state = complete_step(new_case("post", T0), "rights_and_context", later(5))
    assert state.status == Status.IN_PROGRESS
    assert state.steps_done == ("rights_and_context",)
    assert (state.history[-1].status, state.history[-1].at) == ("in_progress", later(5).isoformat())


def test_completing_a_step_twice_changes_nothing():
    state = complete_step(new_case("post", T0), "rights_and_context", later(5))
    assert complete_step(state, "rights_and_context", later(9)) == state


def test_a_support_step_is_not_a_post_case_step():
    with pytest.raises(UnknownStep):
        complete_step(new_case("post", T0), "safety_and_security", later(1))


def test_no_action_can_be_recorded_without_contacting_the_employee():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = record_outcome(state, "no_action", later(2))
    assert state.status == Status.OUTCOME_RECORDED
    assert state.outcome == "no_action"


def test_no_outcome_before_the_employees_rights_and_context_are_considered():
    with pytest.raises(StepPrerequisiteMissing, match="rights and context"):
        record_outcome(new_case("post", T0), "no_action", later(1))


@pytest.mark.parametrize("outcome", ["informal_conversation", "advice_edit_remove"])
def test_an_outcome_involving_the_employee_needs_the_conversation_first(outcome):
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    with pytest.raises(StepPrerequisiteMissing, match="talk with employee"):
        record_outcome(state, outcome, later(2))


def test_a_support_outcome_is_not_a_post_outcome():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    with pytest.raises(UnknownOutcome):
        record_outcome(state, "referred_eap", later(2))


def test_support_cases_have_no_disciplinary_outcome():
    assert not {"advice_edit_remove", "informal_conversation"} & set(OUTCOMES[CaseKind.SUPPORT])


def test_a_case_closes_only_after_an_outcome():
    state = complete_step(new_case("support", T0), "check_in_with_employee", later(1))
    with pytest.raises(InvalidTransition, match="outcome"):
        close(state, later(2))
    state = close(record_outcome(state, "referred_eap", later(3)), later(4))
    assert state.status == Status.CLOSED
    assert state.closed_at == later(4)
    assert [c.status for c in state.history] == [
        "open",
        "in_progress",
        "outcome_recorded",
        "closed",
    ]


def test_a_closed_case_refuses_new_steps_until_reopened():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = close(record_outcome(state, "no_action", later(2)), later(3))
    with pytest.raises(InvalidTransition, match="reopen"):
        complete_step(state, "talk_with_employee", later(4))
    state = reopen(state, later(5))
    assert state.status == Status.IN_PROGRESS
    assert state.outcome == "" and state.closed_at is None
    assert complete_step(state, "talk_with_employee", later(6)).steps_done[-1] == (
        "talk_with_employee"
    )


def test_each_status_allows_only_its_actions():
    assert TRANSITIONS == {
        Status.OPEN: {Action.STEP: Status.IN_PROGRESS, Action.OUTCOME: Status.OUTCOME_RECORDED},
        Status.IN_PROGRESS: {
            Action.STEP: Status.IN_PROGRESS,
            Action.OUTCOME: Status.OUTCOME_RECORDED,
        },
        Status.OUTCOME_RECORDED: {
            Action.OUTCOME: Status.OUTCOME_RECORDED,
            Action.CLOSE: Status.CLOSED,
        },
        Status.CLOSED: {Action.REOPEN: Status.IN_PROGRESS},
    }


def test_a_case_with_an_outcome_can_be_closed_or_its_outcome_changed_but_not_reopened():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = record_outcome(state, "no_action", later(2))
    assert allowed_actions(state) == {Action.OUTCOME, Action.CLOSE}
    with pytest.raises(InvalidTransition, match="not closed"):
        reopen(state, later(3))


def test_a_closed_case_can_only_be_reopened():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = close(record_outcome(state, "no_action", later(2)), later(3))
    assert allowed_actions(state) == {Action.REOPEN}
    with pytest.raises(InvalidTransition, match="reopen"):
        record_outcome(state, "no_action", later(4))


def test_changing_the_outcome_before_closing_keeps_the_first_one_in_the_history():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = record_outcome(state, "no_action", later(2))
    state = record_outcome(state, "referral_values_ethics", later(3))
    assert state.outcome == "referral_values_ethics"
    assert [(c.status, c.outcome) for c in state.history[-2:]] == [
        ("outcome_recorded", "no_action"),
        ("outcome_recorded", "referral_values_ethics"),
    ]


def test_reopening_sets_the_outcome_aside_and_keeps_it_in_the_history():
    state = complete_step(new_case("post", T0), "rights_and_context", later(1))
    state = close(record_outcome(state, "no_action", later(2)), later(3))
    state = reopen(state, later(4))
    assert state.outcome == ""
    assert [(c.status, c.outcome, c.at) for c in state.history[-3:]] == [
        ("outcome_recorded", "no_action", later(2).isoformat()),
        ("closed", "no_action", later(3).isoformat()),
        ("in_progress", "", later(4).isoformat()),
    ]
    assert state.history[-1].reopened


def test_an_open_case_cannot_be_reopened():
    with pytest.raises(InvalidTransition):
        reopen(new_case("post", T0), later(1))
