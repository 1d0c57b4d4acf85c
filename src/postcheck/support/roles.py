"""Reading a person's staff roles (:class:`~postcheck.support.models.StaffRole`).

Roles are held per organization through ``Membership``; :func:`roles_by_org` is the one
query that reads them, and everything else here is derived from it.
"""

from __future__ import annotations

from .models import Membership, Organization, RecipientRole, StaffRole


def roles_by_org(user) -> dict[int, set[str]]:  # type: ignore[no-untyped-def]
    """The user's roles per organization id (empty when signed out)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    result: dict[int, set[str]] = {}
    for org_id, role in Membership.objects.filter(user=user).values_list("organization_id", "role"):
        result.setdefault(org_id, set()).add(role)
    return result


def roles_of(user) -> set[str]:  # type: ignore[no-untyped-def]
    """The roles the user holds in any organization."""
    return set().union(*roles_by_org(user).values())


def orgs_with_role(user, *roles: str) -> list[int]:  # type: ignore[no-untyped-def]
    """Ids of the organizations where the user holds one of ``roles``."""
    return [org for org, held in roles_by_org(user).items() if held & set(roles)]


def has_role(user, organization_id: int, *roles: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the user holds one of ``roles`` in that organization."""
    return bool(roles_by_org(user).get(organization_id, set()) & set(roles))


def recipient_roles_of(user, roles: set[str] | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    """The consultation roles this person answers for (in any organization).

    ``roles``: :func:`roles_of` the user, when the caller has it already.
    """
    return (roles_of(user) if roles is None else roles) & set(RecipientRole.values)


def organization_of(user) -> Organization | None:  # type: ignore[no-untyped-def]
    """The person's organization, or the only one when there is a single organization."""
    if getattr(user, "is_authenticated", False):
        membership = Membership.objects.filter(user=user).select_related("organization").first()
        if membership is not None:
            return membership.organization
    orgs = list(Organization.objects.all()[:2])
    return orgs[0] if len(orgs) == 1 else None


def manager_of(user, organization: Organization | None):  # type: ignore[no-untyped-def]
    """The person's own manager in that organization, as their membership records it.

    ``None`` when signed out, when no manager is on record, or when the person on record
    no longer holds the manager role there (they could not read the question).
    """
    if organization is None or not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.filter(user=user, organization=organization)
        .exclude(manager=None)
        .select_related("manager")
        .first()
    )
    if membership is None or membership.manager_id is None:
        return None
    still_manager = Membership.objects.filter(
        user_id=membership.manager_id, organization=organization, role=StaffRole.MANAGER
    ).exists()
    return membership.manager if still_manager else None
