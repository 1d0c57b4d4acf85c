"""The guided case workflow as plain Python: steps, outcomes and the state machine.

No Django here, so the same rules serve the web pages, the API and the tests.
``handling`` stores a :class:`CaseState` on a ``Case`` row and calls these functions;
the errors they raise are in ``errors``. The states and their transitions are
:data:`TRANSITIONS`, described for people in docs/cases.md.

The step list is postcheck's own design, based on the guidance's "Support for
employees" page; the guidance's own step-by-step for managers was not available
(guidance-facts.md §7). The UI says so wherever it shows the steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

# The five ways the guidance says a post may reach a manager (rules/shared/channels.yaml).
# There is no sixth: postcheck refuses "found while browsing" because employees should not
# routinely monitor one another.
from postcheck.engine import CHANNELS

from .errors import (
    CaseError,
    InvalidTransition,
    StepPrerequisiteMissing,
    UnknownChannel,
    UnknownOutcome,
    UnknownStep,
)

__all__ = [
    "CHANNELS",
    "OUTCOMES",
    "STEPS",
    "TRANSITIONS",
    "Action",
    "CaseKind",
    "CaseState",
    "Change",
    "Status",
    "allowed_actions",
    "close",
    "complete_step",
    "new_case",
    "record_outcome",
    "reopen",
    "validate_channel",
]


class CaseKind(StrEnum):
    POST = "post"  # a post was brought to the manager's attention
    SUPPORT = "support"  # an employee is harassed online because they are a public servant


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    OUTCOME_RECORDED = "outcome_recorded"
    CLOSED = "closed"


class Action(StrEnum):
    """What a person may do to a case; which ones a status allows is :data:`TRANSITIONS`."""

    STEP = "step"  # mark a guided step done
    OUTCOME = "outcome"  # record the outcome, or change it before the case is closed
    CLOSE = "close"
    REOPEN = "reopen"


# The state machine: for each status, the actions it allows and the status each leads to.
# An action missing here is refused (InvalidTransition) and not offered on the page.
# A closed case only reopens; a case with an outcome is closed, or its outcome changed,
# but not "reopened" (it is not closed). Nothing is erased: every change, with the
# outcome in force after it, is one more entry of the history.
TRANSITIONS: dict[Status, dict[Action, Status]] = {
    Status.OPEN: {Action.STEP: Status.IN_PROGRESS, Action.OUTCOME: Status.OUTCOME_RECORDED},
    Status.IN_PROGRESS: {Action.STEP: Status.IN_PROGRESS, Action.OUTCOME: Status.OUTCOME_RECORDED},
    Status.OUTCOME_RECORDED: {
        Action.OUTCOME: Status.OUTCOME_RECORDED,
        Action.CLOSE: Status.CLOSED,
    },
    Status.CLOSED: {Action.REOPEN: Status.IN_PROGRESS},
}


STEPS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.POST: (
        "rights_and_context",  # freedom of expression, privacy; role, audience, context
        "talk_with_employee",
        "consult_values_ethics",  # or labour relations
        "record_outcome",
    ),
    CaseKind.SUPPORT: (
        "check_in_with_employee",
        "safety_and_security",  # departmental security, platform reports, police if threats
        "offer_resources",  # Ombud, employee assistance program
        "record_outcome",
    ),
}

OUTCOMES: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.POST: (
        "no_action",
        "informal_conversation",
        "advice_edit_remove",
        "referral_values_ethics",
        "referral_coi",
        "harassment_support",
    ),
    CaseKind.SUPPORT: (
        "support_provided",
        "referred_ombud",
        "referred_eap",
        "referred_security",
        "employee_declined",
    ),
}

# Steps that must be done before an outcome can be recorded. Considering the
# employee's rights always comes first; an outcome that involves the employee needs
# the conversation with them first. "No action" never requires contacting anyone.
_ALWAYS_BEFORE_OUTCOME: dict[CaseKind, frozenset[str]] = {
    CaseKind.POST: frozenset({"rights_and_context"}),
    CaseKind.SUPPORT: frozenset({"check_in_with_employee"}),
}
_OUTCOME_NEEDS: dict[str, frozenset[str]] = {
    "informal_conversation": frozenset({"talk_with_employee"}),
    "advice_edit_remove": frozenset({"talk_with_employee"}),
    "harassment_support": frozenset({"talk_with_employee"}),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a case's history: the status it reached and the outcome then in force.

    ``reopened`` marks the reopening of a closed case; the outcome it set aside is the
    one of the entry before it.
    """

    status: str
    at: str  # ISO 8601
    outcome: str = ""
    reopened: bool = False


@dataclass(frozen=True, slots=True)
class CaseState:
    """Where a case is in its workflow. Immutable: every action returns a new state."""

    kind: CaseKind
    status: Status = Status.OPEN
    steps_done: tuple[str, ...] = ()
    outcome: str = ""
    closed_at: datetime | None = None
    history: tuple[Change, ...] = field(default=())


def allowed_actions(state: CaseState) -> frozenset[Action]:
    """The actions the case's status allows: the only ones a page offers."""
    return frozenset(TRANSITIONS[state.status])


def _require(state: CaseState, action: Action, refusal: str) -> None:
    if action not in TRANSITIONS[state.status]:
        raise InvalidTransition(refusal)


def validate_channel(channel: str | None, kind: CaseKind = CaseKind.POST) -> str:
    """Return the channel if it is one of the five; a support case may have none."""
    if not channel:
        if kind == CaseKind.SUPPORT:
            return ""
        raise UnknownChannel(
            "Say how the post reached you: a media query, a comment from a member of the "
            "public, a colleague who reported it, highlighted on social media, or shared on "
            "a professional network page. postcheck does not accept posts found by "
            "looking through someone's accounts."
        )
    if channel not in CHANNELS:
        raise UnknownChannel(
            f"{channel!r} is not one of the five channels ({', '.join(CHANNELS)}). "
            "Employees should not routinely monitor one another's social media, so "
            "postcheck only records posts that reached you through one of them."
        )
    return channel


def new_case(kind: CaseKind | str, now: datetime) -> CaseState:
    kind = _kind(kind)
    return CaseState(kind=kind, history=(Change(Status.OPEN.value, now.isoformat()),))


def _kind(kind: CaseKind | str) -> CaseKind:
    try:
        return CaseKind(kind)
    except ValueError:
        raise CaseError(f"unknown case kind {kind!r}: use 'post' or 'support'") from None


def _moved(
    state: CaseState, action: Action, now: datetime, *, reopened: bool = False, **changes: object
) -> CaseState:
    """The state after ``action``; a new history entry when the status or outcome changed."""
    status = TRANSITIONS[state.status][action]
    new = replace(state, status=status, **changes)  # type: ignore[arg-type]
    if (new.status, new.outcome) != (state.status, state.outcome):
        entry = Change(new.status.value, now.isoformat(), new.outcome, reopened)
        new = replace(new, history=(*state.history, entry))
    return new


def complete_step(state: CaseState, step: str, now: datetime) -> CaseState:
    """Mark a guided step done. Steps other than the outcome may be done in any order."""
    _require(
        state,
        Action.STEP,
        "The case is closed; reopen it to change its steps."
        if state.status == Status.CLOSED
        else "The outcome is recorded; the steps can no longer change.",
    )
    if step not in STEPS[state.kind] or step == "record_outcome":
        raise UnknownStep(
            f"{step!r} is not a step of a {state.kind.value} case; "
            f"use one of {', '.join(s for s in STEPS[state.kind] if s != 'record_outcome')}"
        )
    if step in state.steps_done:
        return state
    return _moved(state, Action.STEP, now, steps_done=(*state.steps_done, step))


def missing_for_outcome(state: CaseState, outcome: str) -> list[str]:
    """Steps still to do before ``outcome`` can be recorded, in the guided order."""
    needed = _ALWAYS_BEFORE_OUTCOME[state.kind] | _OUTCOME_NEEDS.get(outcome, frozenset())
    return [s for s in STEPS[state.kind] if s in needed and s not in state.steps_done]


def record_outcome(state: CaseState, outcome: str, now: datetime) -> CaseState:
    """Record what was decided, or change it before closing. Needs the steps that outcome
    depends on. A changed outcome stays in the history."""
    _require(state, Action.OUTCOME, "The case is closed; reopen it to record another outcome.")
    if outcome not in OUTCOMES[state.kind]:
        raise UnknownOutcome(
            f"{outcome!r} is not an outcome of a {state.kind.value} case; "
            f"use one of {', '.join(OUTCOMES[state.kind])}"
        )
    missing = missing_for_outcome(state, outcome)
    if missing:
        raise StepPrerequisiteMissing(
            f"Before recording {outcome.replace('_', ' ')}, complete: "
            f"{', '.join(m.replace('_', ' ') for m in missing)}."
        )
    steps = (
        state.steps_done
        if "record_outcome" in state.steps_done
        else (
            *state.steps_done,
            "record_outcome",
        )
    )
    return _moved(state, Action.OUTCOME, now, outcome=outcome, steps_done=steps)


def close(state: CaseState, now: datetime) -> CaseState:
    """Close a case whose outcome is recorded."""
    _require(
        state,
        Action.CLOSE,
        "The case is already closed."
        if state.status == Status.CLOSED
        else "Record an outcome before closing the case.",
    )
    return _moved(state, Action.CLOSE, now, closed_at=now)


def reopen(state: CaseState, now: datetime) -> CaseState:
    """Reopen a closed case to revisit it. Its outcome is set aside for a new one to be
    recorded; the history keeps it, with who recorded it and when."""
    _require(state, Action.REOPEN, "Only a closed case can be reopened; this one is not closed.")
    steps = tuple(s for s in state.steps_done if s != "record_outcome")
    return _moved(
        state, Action.REOPEN, now, reopened=True, outcome="", closed_at=None, steps_done=steps
    )
