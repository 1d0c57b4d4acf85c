"""Named errors of the cases app. Plain Python, so that the workflow raises them too.

The English messages serve logs, the API and the CLI; pages show the reader's
language instead (``views.user_message``)::

    postcheck.support.errors.WebAppError
    ├── postcheck.support.errors.NotAllowed   the role or assignment does not allow it
    │   └── CaseIsAboutYou                    the case is about the reader: someone else
    │                                         in their office handles it
    ├── CaseError                             an action the case rules do not allow
    │   ├── UnknownChannel                    not one of the five channels
    │   ├── UnknownStep
    │   ├── UnknownOutcome
    │   ├── StepPrerequisiteMissing           an outcome before the steps it needs
    │   ├── InvalidTransition                 e.g. closing a case with no outcome
    │   ├── InvalidCase                       incomplete or inconsistent input
    │   ├── EditConflict                      someone else changed the case first
    │   └── AttachmentRejected                not an accepted file type, or too large
    └── ScenarioError                         (also ValueError) a malformed scenarios.yaml
"""

from __future__ import annotations

from postcheck.support.errors import NotAllowed, WebAppError

__all__ = [
    "AttachmentRejected",
    "CaseError",
    "CaseIsAboutYou",
    "EditConflict",
    "InvalidCase",
    "InvalidTransition",
    "ScenarioError",
    "StepPrerequisiteMissing",
    "UnknownChannel",
    "UnknownOutcome",
    "UnknownStep",
]


class CaseIsAboutYou(NotAllowed):
    """The reader's role would show this case, but it is about them: nobody sees a case
    about themself, so another person of their office handles it."""


class CaseError(WebAppError):
    """Base class: an action the case rules do not allow. The message says why."""


class UnknownChannel(CaseError):
    """The post did not reach the manager through one of the five channels."""


class UnknownStep(CaseError):
    """The step is not one of this kind of case's guided steps."""


class UnknownOutcome(CaseError):
    """The outcome is not one this kind of case can have."""


class StepPrerequisiteMissing(CaseError):
    """The outcome needs steps that are not done yet."""


class InvalidTransition(CaseError):
    """The case's status does not allow this action (reopen it first, say)."""


class InvalidCase(CaseError):
    """The case as submitted is incomplete or inconsistent; the message says what to fix."""


class EditConflict(CaseError):
    """Someone else changed the case since it was loaded; nothing was overwritten."""

    def __init__(self, case_id: int, expected: int, current: int | None) -> None:
        self.case_id, self.expected, self.current = case_id, expected, current
        super().__init__(
            "Someone else changed this case while you were working on it "
            f"(you had version {expected}, it is now version {current}). Your change was "
            "not saved, so nothing was overwritten: reload the case, check what changed, "
            "and make your change again."
        )


class AttachmentRejected(CaseError):
    """The file is not a PNG, JPEG, PDF or WebP, is empty, or is too large."""


class ScenarioError(WebAppError, ValueError):
    """The scenarios file is malformed; the message names the scenario and the field."""
