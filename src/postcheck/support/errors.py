"""Named errors of the web apps (support and cases), drawn from the package's own.

Each message says what was wrong and what to do. Views turn them into a page or a
form error, the JSON API into a 4xx body, management commands into one line::

    postcheck.PostcheckError
    └── WebAppError
        ├── NotAllowed              the person's role does not allow the action
        │   └── SeparationOfDuties  a role one may not grant oneself, or that another
        │                           role the person holds excludes
        ├── RateLimited             too many requests from one client
        ├── CheckRefused            (also InputError) a post that cannot be checked as given
        ├── EmptyMessage            a question, reply or feedback with no text
        ├── ConsultationNotFound    no such consultation visible to this person
        ├── InvalidReceipt          a receipt code that opens nothing
        ├── NoManagerOnRecord       "my manager" cannot be resolved for this sender
        └── ...                     the cases app's: CaseError and its kinds,
                                    ScenarioError (see postcheck.cases.errors)
"""

from __future__ import annotations

from postcheck.engine import InputError, PostcheckError

__all__ = [
    "CheckRefused",
    "ConsultationNotFound",
    "EmptyMessage",
    "InvalidReceipt",
    "NoManagerOnRecord",
    "NotAllowed",
    "RateLimited",
    "SeparationOfDuties",
    "WebAppError",
]


class WebAppError(PostcheckError):
    """Base of the errors the web apps' business rules raise on purpose."""


class NotAllowed(WebAppError):
    """The person's role (or assignment) does not allow this action."""


class SeparationOfDuties(NotAllowed):
    """A grant or change of a role that breaks the separation of duties.

    Nobody changes their own roles, and the person who administers postcheck never holds
    an office that reads confidential content (docs/separation-of-duties.md).
    """


class RateLimited(WebAppError):
    """Too many requests from one client in the current window."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many requests: try again in {retry_after} seconds")


class CheckRefused(WebAppError, InputError):
    """The post or its context cannot be checked as given (the message says why)."""


class EmptyMessage(WebAppError):
    """A question, a reply or feedback was sent with no text."""


class ConsultationNotFound(WebAppError):
    """No consultation with that id is visible to this person (or it does not exist)."""


class InvalidReceipt(WebAppError):
    """The receipt code does not match any consultation."""


class NoManagerOnRecord(WebAppError):
    """A question to "my manager" whose sender has no manager on record, or is anonymous.

    Only the sender's membership says who their manager is, so an anonymous question
    (which must not say who sent it) cannot be routed to a manager.
    """
