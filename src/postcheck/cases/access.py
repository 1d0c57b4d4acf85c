"""Who may see what: object-level access to cases, notes and attachments.

Need to know, by role and assignment, within one organization:

- manager: the cases they opened or were assigned;
- values and ethics advisor / conflict-of-interest official / Ombud: the cases
  referred to their office and the cases they were assigned;
- Ombud-only notes: only the Ombud, never management;
- guidance admin, auditor, employee: no case content unless assigned.

Everything else (surveillance alerts, counts per manager and channel, readiness
figures, the audit log) is shown as metadata or counts to the offices named in
``safeguards`` and ``readiness``; nothing here ever lists an employee's posts.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from postcheck.support.audit import audit
from postcheck.support.errors import NotAllowed
from postcheck.support.models import StaffRole
from postcheck.support.roles import has_role, roles_by_org, roles_of

from .models import Case, Note, NoteVisibility

# The offices a case can be referred to (Case.referred_to holds the office's role).
REFERRAL_OFFICES = frozenset({StaffRole.VALUES_ETHICS, StaffRole.DSO_COI, StaffRole.OMBUD})

# Outcomes (workflow.OUTCOMES) that hand the case to another office: that office's
# people may then see it.
REFERRALS: dict[str, StaffRole] = {
    "referral_values_ethics": StaffRole.VALUES_ETHICS,
    "referral_coi": StaffRole.DSO_COI,
    "referred_ombud": StaffRole.OMBUD,
}


# The roles that handle cases: a manager opens them, the offices receive referrals.
CASE_ROLES = frozenset({StaffRole.MANAGER}) | REFERRAL_OFFICES


def has_cases(user, roles: set[str] | None = None) -> bool:  # type: ignore[no-untyped-def]
    """Whether the cases pages are for this person: they hold a role that handles cases,
    or a case was assigned to them. ``roles``: their roles, when the caller has them."""
    held = roles_of(user) if roles is None else roles
    if held & CASE_ROLES:
        return True
    return bool(held) and visible_cases(user).exists()


def visible_cases(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases the user may read. Everyone else gets a 404, as if the case did not exist."""
    by_org = roles_by_org(user)
    if not by_org:
        return Case.objects.none()
    q = Q(organization_id__in=list(by_org), assignees=user)
    for org_id, held in by_org.items():
        if StaffRole.MANAGER in held:
            q |= Q(organization_id=org_id, opened_by=user)
        for role in REFERRAL_OFFICES & set(held):
            q |= Q(organization_id=org_id, referred_to=StaffRole(role).value)
    return Case.objects.filter(q).distinct()


def visible_notes(user, case: Case) -> QuerySet[Note]:  # type: ignore[no-untyped-def]
    """Notes of a case the user can see; Ombud-only notes only for the Ombud."""
    notes = case.notes.all()
    if not has_role(user, case.organization_id, StaffRole.OMBUD):
        notes = notes.exclude(visibility=NoteVisibility.OMBUD)
    return notes


def get_case(user, pk: int, *, action: str = "case.view", now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    """The case if the user may see it (else Case.DoesNotExist); the read is audited.

    ``action``: what the audit entry calls the read; empty for a read that is not
    shown (the case is loaded only to change it, and the change is audited).
    """
    case = visible_cases(user).select_related("organization", "employee", "opened_by").get(pk=pk)
    if action:
        audit(action, actor=user, organization_id=case.organization_id, obj=case, at=now)
    return case


def notes_for(user, case: Case):  # type: ignore[no-untyped-def]
    """The case's notes this user may read, with their authors."""
    return visible_notes(user, case).select_related("author")


def editable_case(user, pk: int) -> Case:  # type: ignore[no-untyped-def]
    """The case if the user may change it; else :class:`NotAllowed`."""
    try:
        return visible_cases(user).get(pk=pk)
    except Case.DoesNotExist:
        raise NotAllowed(_("You cannot change this case.")) from None
