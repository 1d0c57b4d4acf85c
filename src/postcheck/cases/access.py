"""Who may see what: object-level access to cases, notes and attachments.

Need to know, by role and assignment, within one organization:

- manager: the cases they opened or were assigned;
- values and ethics advisor / conflict-of-interest official / Ombud: the cases
  referred to their office and the cases they were assigned;
- Ombud-only notes: only the Ombud, never management;
- guidance admin, auditor, employee: no case content unless assigned.

Everything else (surveillance alerts, counts per manager and channel, readiness
figures, the audit log) is shown as metadata or counts to the offices named in
``services``; nothing here ever lists an employee's posts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from postcheck.support.models import Membership, Role

from .models import Case, Note, NoteVisibility

# The offices a case can be referred to (Case.referred_to holds the office's role).
REFERRAL_OFFICES = frozenset({Role.VALUES_ETHICS, Role.DSO_COI, Role.OMBUD})


def roles_by_org(user) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    """The user's roles per organization id (empty when signed out)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    result: dict[int, set[str]] = {}
    for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
        result.setdefault(org_id, set()).add(role)
    return result


def orgs_with_role(user, *roles: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [org for org, held in roles_by_org(user).items() if held & set(roles)]


def has_role(user, organization_id: int, *roles: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(roles_by_org(user).get(organization_id, set()) & set(roles))


def visible_cases(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Cases the user may read. Everyone else gets a 404, as if the case did not exist."""
    by_org = roles_by_org(user)
    if not by_org:
        return Case.objects.none()
    q = Q(organization_id__in=list(by_org), assignees=user)
    for org_id, held in by_org.items():
        if Role.MANAGER in held:
            q |= Q(organization_id=org_id, opened_by=user)
        for role in REFERRAL_OFFICES & set(held):
            q |= Q(organization_id=org_id, referred_to=Role(role).value)
    return Case.objects.filter(q).distinct()


def can_view_case(user, case: Case) -> bool:  # type: ignore[no-untyped-def]
    return visible_cases(user).filter(pk=case.pk).exists()


def visible_notes(user, case: Case) -> QuerySet[Note]:  # type: ignore[no-untyped-def]
    """Notes of a case the user can see; Ombud-only notes only for the Ombud."""
    notes = case.notes.all()
    if not has_role(user, case.organization_id, Role.OMBUD):
        notes = notes.exclude(visibility=NoteVisibility.OMBUD)
    return notes
