"""Handling an open case: guided steps, outcome, closing, corrections, assignment, notes.

Every change is one conditional UPDATE on the case's version (optimistic locking), and
every change is audited (who, what, when; never the content).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from postcheck.support.audit import audit
from postcheck.support.errors import NotAllowed
from postcheck.support.models import StaffRole
from postcheck.support.roles import has_role

from . import workflow
from .access import REFERRALS, editable_case
from .errors import EditConflict, InvalidCase
from .intake import assess, refuse_nul
from .models import Case, CaseStatusChange, Note, NoteVisibility
from .workflow import CaseKind

ASSIGNABLE_ROLES = (
    StaffRole.MANAGER,
    StaffRole.VALUES_ETHICS,
    StaffRole.DSO_COI,
    StaffRole.OMBUD,
    StaffRole.GUIDANCE_ADMIN,
)


def _state(case: Case) -> workflow.CaseState:
    return workflow.CaseState(
        kind=CaseKind(case.kind),
        status=workflow.Status(case.status),
        steps_done=tuple(case.steps_done),
        outcome=case.outcome,
        closed_at=case.closed_at,
    )


def _save(case: Case, expected_version: int, now: datetime, **changes: Any) -> None:
    """Write ``changes`` only if the case is still at ``expected_version``.

    One conditional UPDATE: of two people editing the same version, exactly one wins
    and the other gets EditConflict. No update is lost, none overwrites another.
    """
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        current = Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        raise EditConflict(case.pk, expected_version, current)
    for key, value in changes.items():
        setattr(case, key, value)
    case.version = expected_version + 1
    case.updated_at = now


@transaction.atomic
def _apply(
    user,  # type: ignore[no-untyped-def]
    case: Case,
    expected_version: int,
    new: workflow.CaseState,
    action: str,
    now: datetime,
    detail: dict[str, Any] | None = None,
    **extra: Any,
) -> Case:
    """Save the new state; the history gets the entries ``new`` added to it (``_state``
    loads none), the audit log the action with ``detail`` (codes, never content)."""
    detail = detail or {}
    _save(
        case,
        expected_version,
        now,
        status=new.status.value,
        steps_done=list(new.steps_done),
        outcome=new.outcome,
        closed_at=new.closed_at,
        **extra,
    )
    for change in new.history:
        CaseStatusChange.objects.create(
            case=case,
            status=change.status,
            outcome=change.outcome,
            reopened=change.reopened,
            at=now,
            by=user,
        )
    audit(
        action,
        actor=user,
        organization_id=case.organization_id,
        obj=case,
        at=now,
        status=new.status.value,
        **detail,
    )
    return case


def allowed_actions(case: Case) -> frozenset[workflow.Action]:
    """What the case's status allows (workflow.TRANSITIONS): the actions its page offers."""
    return workflow.allowed_actions(_state(case))


def complete_step(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    step: str,
    expected_version: int,
    note: str = "",
    now: datetime | None = None,
) -> Case:
    """Mark a guided step done, with an optional note on it."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    new = workflow.complete_step(_state(case), step, now)
    with transaction.atomic():
        _apply(user, case, expected_version, new, "case.step", now)
        if note.strip():
            _note(user, case, note, step, NoteVisibility.CASE, now)
    return case


def record_outcome(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    outcome: str,
    expected_version: int,
    note: str = "",
    now: datetime | None = None,
) -> Case:
    """Record what was decided; a referral opens the case to the office referred to."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    new = workflow.record_outcome(_state(case), outcome, now)
    referred_to = REFERRALS[outcome].value if outcome in REFERRALS else ""
    with transaction.atomic():
        _apply(
            user,
            case,
            expected_version,
            new,
            "case.outcome",
            now,
            {"outcome": outcome, "previous_outcome": case.outcome},
            referred_to=referred_to or case.referred_to,
        )
        if note.strip():
            _note(user, case, note, "record_outcome", NoteVisibility.CASE, now)
    return case


def close_case(user, pk: int, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    """Close a case whose outcome is recorded."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    return _apply(
        user,
        case,
        expected_version,
        workflow.close(_state(case), now),
        "case.close",
        now,
        {"outcome": case.outcome},
    )


def reopen_case(user, pk: int, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    """Reopen a closed case. Its outcome is set aside for a new one; the history and the
    audit log keep it."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    return _apply(
        user,
        case,
        expected_version,
        workflow.reopen(_state(case), now),
        "case.reopen",
        now,
        {"outcome_set_aside": case.outcome},
    )


def update_details(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    expected_version: int,
    now: datetime | None = None,
    **changes: Any,
) -> Case:
    """Correct what was recorded about the post (who raised it, link, text, context)."""
    now = now or timezone.now()
    allowed = {"raised_by", "post_url", "post_text", "context"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidCase(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    refuse_nul(**changes)
    case = editable_case(user, pk)
    if "post_text" in changes or "context" in changes:
        a = assess(
            changes.get("post_text", case.post_text),
            case.post_lang,
            changes.get("context", case.context),
        )
        changes["level"] = a.level.value if a else ""
        changes["codes"] = a.codes if a else []
    with transaction.atomic():
        _save(case, expected_version, now, **changes)
        audit(
            "case.update",
            actor=user,
            organization_id=case.organization_id,
            obj=case,
            at=now,
            fields=sorted(k for k in changes if k not in ("level", "codes")),
        )
    return case


def assign(user, pk: int, assignee, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    """Give the case to another person of the organization in one of ASSIGNABLE_ROLES."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    if not has_role(assignee, case.organization_id, *ASSIGNABLE_ROLES):
        raise InvalidCase(
            _(
                "Assign the case to a manager, a values and ethics advisor, the "
                "conflict-of-interest official, the Ombud or a guidance administrator of "
                "this organization."
            )
        )
    if assignee.pk == case.employee_id:
        raise InvalidCase(_("The employee concerned cannot be assigned to their own case."))
    with transaction.atomic():
        _save(case, expected_version, now)
        case.assignees.add(assignee)
        audit(
            "case.assign",
            actor=user,
            organization_id=case.organization_id,
            obj=case,
            at=now,
            assignee=assignee.pk,
        )
    return case


def _note(user, case: Case, body: str, step: str, visibility: str, now: datetime) -> Note:  # type: ignore[no-untyped-def]
    note = Note.objects.create(
        case=case, author=user, body=body.strip(), step=step, visibility=visibility, created_at=now
    )
    audit(
        "note.add",
        actor=user,
        organization_id=case.organization_id,
        obj=note,
        at=now,
        case=case.pk,
        visibility=visibility,
    )
    return note


def add_note(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    body: str,
    visibility: str = NoteVisibility.CASE,
    now: datetime | None = None,
) -> Note:
    """Add a note to the case; only the Ombud writes Ombud-only notes."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    if not body.strip():
        raise InvalidCase(_("The note is empty."))
    refuse_nul(body=body)
    if visibility not in NoteVisibility.values:
        raise InvalidCase(f"Unknown note visibility {visibility!r}.")
    if visibility == NoteVisibility.OMBUD and not has_role(
        user, case.organization_id, StaffRole.OMBUD
    ):
        raise NotAllowed(_("Only the Ombud can write Ombud-only notes."))
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(updated_at=now)
        return _note(user, case, body, "", visibility, now)
