"""Named errors of the engine. Every message says what was wrong and what to do."""

from __future__ import annotations


class PostcheckError(Exception):
    """Base of every error postcheck raises on purpose."""


class InputError(PostcheckError, ValueError):
    """A post, a context or a request was not usable as given."""


class RulePackError(PostcheckError):
    """A rule pack failed to load or validate.

    Carries the file, the rule id (when known) and the line so the guidance owner
    can find the problem at once.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        rule_id: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = file
        self.rule_id = rule_id
        self.line = line
        self.detail = message
        where = file or "<rule pack>"
        if line is not None:
            where += f":{line}"
        if rule_id:
            where += f" (rule {rule_id})"
        super().__init__(f"{where}: {message}")
