"""Who may see what: object-level access to cases, notes and attachments.

Need to know, by role and assignment, within one organization:

- manager: the cases they opened or were assigned;
- values and ethics advisor / conflict-of-interest official / Ombud: the cases
  referred to their office and the cases they were assigned;
- Ombud-only notes: only the Ombud, never management;
- guidance admin, auditor, employee: no case content unless assigned;
- the person a case is about: never that case, its notes or its attachments, whatever
  their role. Where their role would have shown it, they are told to have someone else
  in their office handle it (:class:`CaseIsAboutYou`), and their office colleagues see it.

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

from .errors import CaseIsAboutYou
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


def _by_role_or_assignment(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases the user's roles and assignments reach, before the rule on their own cases."""
    by_org = roles_by_org(user)
    if not by_org:
        return Case.objects.none()
    q = Q(organization_id__in=list(by_org), assignees=user)
    for org_id, held in by_org.items():
        if StaffRole.MANAGER in held:
            q |= Q(organization_id=org_id, opened_by=user)
        for role in REFERRAL_OFFICES & set(held):
            q |= Q(organization_id=org_id, referred_to=StaffRole(role).value)
    return Case.objects.filter(q)


def visible_cases(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases the user may read. Everyone else gets a 404, as if the case did not exist.

    Never a case about the user themself, in any role.
    """
    return _by_role_or_assignment(user).exclude(employee_id=user.pk).distinct()


def cases_about_self(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases the user's roles would show them but that are about them.

    Their office is told to have someone else handle these; nothing else of them is shown.
    """
    return _by_role_or_assignment(user).filter(employee_id=user.pk).distinct()


def visible_case(user, pk: int) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """The case ``pk`` if the user may read it (an empty query set if not).

    Raises :class:`CaseIsAboutYou` where the user's role would show a case about them.
    """
    cases = visible_cases(user).filter(pk=pk)
    if not cases.exists() and cases_about_self(user).filter(pk=pk).exists():
        raise CaseIsAboutYou(
            _(
                "This case is about you, so you cannot see it or work on it. Another person "
                "in your office handles it; if there is no one else, ask your organization "
                "to assign it to someone outside your office."
            )
        )
    return cases


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
    case = visible_case(user, pk).select_related("organization", "employee", "opened_by").get()
    if action:
        audit(action, actor=user, organization_id=case.organization_id, obj=case, at=now)
    return case


def notes_for(user, case: Case):  # type: ignore[no-untyped-def]
    """The case's notes this user may read, with their authors."""
    return visible_notes(user, case).select_related("author")


def editable_case(user, pk: int) -> Case:  # type: ignore[no-untyped-def]
    """The case if the user may change it; else :class:`NotAllowed`."""
    try:
        return visible_case(user, pk).get()
    except Case.DoesNotExist:
        raise NotAllowed(_("You cannot change this case.")) from None
