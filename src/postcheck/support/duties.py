"""Separation of duties: who may hold which roles, and who may grant them.

The rules hold on every save, whatever does it (the Django admin, a management command,
a shell, code), because they run on the models' signals, connected once in
:meth:`SupportConfig.ready <postcheck.support.apps.SupportConfig.ready>`:

- nobody grants, changes or revokes their own roles (a staff role, whom they report to,
  the Django admin's staff or superuser flags, groups or permissions): another person
  does, and the change is audited;
- the person who administers postcheck (the guidance administrator, or anyone with the
  Django admin's staff or superuser flag) never holds an office that reads confidential
  content (values and ethics, conflict of interest, Ombud), in any organization;
- every grant, change and revocation is written to the audit log: who, whom, what, when.

Who is acting comes from :func:`acting_as`: the signed-in person of a web request
(:class:`~postcheck.support.middleware.ActorMiddleware`), or nobody (the system) for a
command, recorded with what ran it. See docs/separation-of-duties.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext as _

from .audit import audit
from .errors import SeparationOfDuties
from .models import Membership, StaffRole
from .roles import roles_of

# The roles that administer postcheck, and the offices that read confidential content.
# No person holds one of each.
ADMINISTERING = frozenset({StaffRole.GUIDANCE_ADMIN})
CONFIDENTIAL_OFFICES = frozenset({StaffRole.VALUES_ETHICS, StaffRole.DSO_COI, StaffRole.OMBUD})

_FLAGS = ("is_staff", "is_superuser")
_MEMBERSHIP_FIELDS = ("user_id", "organization_id", "role", "manager_id")


@dataclass(frozen=True)
class _Acting:
    actor: Any  # a user, possibly lazy (a request's user), or None for the system
    via: str


_ACTING: ContextVar[_Acting | None] = ContextVar("postcheck_acting", default=None)


@contextmanager
def acting_as(actor: Any, via: str = "") -> Iterator[None]:
    """Attribute the role changes made inside the block to ``actor`` (None: the system).

    ``via`` says what made them (``"web"``, a command's name) in the audit entry.
    """
    token = _ACTING.set(_Acting(actor, via))
    try:
        yield
    finally:
        _ACTING.reset(token)


def current_actor() -> tuple[Any, str]:
    """(the signed-in person acting, or None for the system; what made the change)."""
    acting = _ACTING.get()
    if acting is None:
        return None, ""
    actor = acting.actor
    return (actor if getattr(actor, "is_authenticated", False) else None), acting.via


def _refuse_own(actor: Any, user_id: int | None) -> None:
    if actor is not None and user_id is not None and actor.pk == user_id:
        raise SeparationOfDuties(
            _(
                "Nobody grants, changes or removes their own roles or access: another "
                "administrator does, and the change is written to the audit log "
                "(docs/separation-of-duties.md)."
            )
        )


def conflict(roles: set[str], administers_site: bool) -> str | None:
    """Why a person with these roles (and Django admin access or not) breaks the rule."""
    offices = sorted(set(roles) & CONFIDENTIAL_OFFICES)
    if not offices:
        return None
    admin_roles = sorted(set(roles) & ADMINISTERING)
    if admin_roles:
        administering = str(StaffRole(admin_roles[0]).label)
    elif administers_site:
        administering = _("access to the Django admin (staff or superuser)")
    else:
        return None
    return _(
        "The same person cannot hold both %(admin)s and %(office)s: the person who "
        "administers postcheck never reads confidential conversations "
        "(docs/separation-of-duties.md)."
    ) % {"admin": administering, "office": StaffRole(offices[0]).label}


def check_membership(membership: Membership, actor: Any = None) -> None:
    """Raise :class:`SeparationOfDuties` unless ``actor`` may save this membership."""
    _refuse_own(actor, membership.user_id)
    others = Membership.objects.filter(user_id=membership.user_id)
    if membership.pk is not None:
        others = others.exclude(pk=membership.pk)
    roles = set(others.values_list("role", flat=True)) | {membership.role}
    user = membership.user
    reason = conflict(roles, bool(user.is_staff or user.is_superuser))
    if reason:
        raise SeparationOfDuties(reason)


def check_account(user: Any, previous: dict[str, bool], actor: Any = None) -> None:
    """Raise :class:`SeparationOfDuties` unless ``actor`` may give ``user`` these flags."""
    flags = {f: bool(getattr(user, f)) for f in _FLAGS}
    if any(flags[f] and not previous[f] for f in _FLAGS):
        _refuse_own(actor, user.pk)
    if user.pk is None or not any(flags.values()):
        return
    reason = conflict(roles_of(user), True)
    if reason:
        raise SeparationOfDuties(reason)


def _membership_state(membership: Membership) -> dict[str, Any]:
    return {f: getattr(membership, f) for f in _MEMBERSHIP_FIELDS}


def _on_membership_save(sender: Any, instance: Membership, raw: bool = False, **kw: Any) -> None:
    if raw:  # loading fixtures
        return
    actor, _via = current_actor()
    before = None
    if instance.pk is not None:
        before = (
            Membership.objects.filter(pk=instance.pk).values(*_MEMBERSHIP_FIELDS).first() or None
        )
        if before is not None:
            _refuse_own(actor, before["user_id"])
    check_membership(instance, actor)
    instance._duties_before = before  # type: ignore[attr-defined]


def _audit_membership(action: str, membership: Membership, **detail: Any) -> None:
    actor, via = current_actor()
    audit(
        action,
        actor=actor,
        organization_id=membership.organization_id,
        obj=membership,
        user=membership.user_id,
        username=membership.user.get_username(),
        role=membership.role,
        manager=membership.manager_id,
        via=via or "system",
        **detail,
    )


def _on_membership_saved(
    sender: Any, instance: Membership, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    before = getattr(instance, "_duties_before", None)
    if created or before is None:
        _audit_membership("role.grant", instance)
        return
    if before == _membership_state(instance):
        return
    _audit_membership(
        "role.change",
        instance,
        previous_role=before["role"],
        previous_user=before["user_id"],
        previous_manager=before["manager_id"],
    )


def _on_membership_delete(sender: Any, instance: Membership, **kw: Any) -> None:
    actor, _via = current_actor()
    _refuse_own(actor, instance.user_id)


def _on_membership_deleted(sender: Any, instance: Membership, **kw: Any) -> None:
    _audit_membership("role.revoke", instance)


def _on_account_save(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kw: Any
) -> None:
    if raw or (update_fields is not None and not set(update_fields) & set(_FLAGS)):
        return
    previous = dict.fromkeys(_FLAGS, False)
    if instance.pk is not None:
        previous = sender.objects.filter(pk=instance.pk).values(*_FLAGS).first() or previous
    actor, _via = current_actor()
    check_account(instance, previous, actor)
    instance._duties_flags = previous


def _on_account_saved(sender: Any, instance: Any, raw: bool = False, **kw: Any) -> None:
    previous = getattr(instance, "_duties_flags", None)
    if raw or previous is None:
        return
    del instance._duties_flags
    flags = {f: bool(getattr(instance, f)) for f in _FLAGS}
    if flags == {f: bool(v) for f, v in previous.items()}:
        return
    actor, via = current_actor()
    audit(
        "account.flags",
        actor=actor,
        obj=instance,
        user=instance.pk,
        username=instance.get_username(),
        previous=previous,
        via=via or "system",
        is_staff=flags["is_staff"],
        is_superuser=flags["is_superuser"],
    )


def _on_permissions_changed(
    sender: Any, instance: Any, action: str, model: Any, pk_set: Any, reverse: bool, **kw: Any
) -> None:
    if reverse or action not in (
        "pre_add",
        "pre_remove",
        "pre_clear",
        "post_add",
        "post_remove",
        "post_clear",
    ):
        return
    actor, via = current_actor()
    if action.startswith("pre_"):
        _refuse_own(actor, instance.pk)
        return
    audit(
        "account.permissions",
        actor=actor,
        obj=instance,
        user=instance.pk,
        username=instance.get_username(),
        change=action.removeprefix("post_"),
        kind=model._meta.model_name,
        ids=sorted(pk_set or ()),
        via=via or "system",
    )


def connect() -> None:
    """Connect the rules and the audit to the models' signals (once, at start-up)."""
    user_model = get_user_model()
    uid = "postcheck.support.duties"
    pre_save.connect(_on_membership_save, sender=Membership, dispatch_uid=uid)
    post_save.connect(_on_membership_saved, sender=Membership, dispatch_uid=uid)
    pre_delete.connect(_on_membership_delete, sender=Membership, dispatch_uid=uid)
    post_delete.connect(_on_membership_deleted, sender=Membership, dispatch_uid=uid)
    pre_save.connect(_on_account_save, sender=user_model, dispatch_uid=uid)
    post_save.connect(_on_account_saved, sender=user_model, dispatch_uid=uid)
    for field in ("groups", "user_permissions"):
        through = getattr(user_model, field, None)
        if through is not None:
            m2m_changed.connect(
                _on_permissions_changed, sender=through.through, dispatch_uid=f"{uid}.{field}"
            )
