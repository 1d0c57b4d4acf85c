"""Consultations: an employee's question to a manager, an office or the Ombud.

Every read and change is audited (who, what, when; never the content). Anonymous
consultations keep no link to a person: the employee comes back with a receipt code
(:mod:`postcheck.support.receipts`), and what they store is dated by the day only
(:mod:`postcheck.support.anonymity`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from postcheck.engine import CODES, LEVELS

from .anonymity import stored_time
from .audit import audit
from .errors import ConsultationNotFound, EmptyMessage, NoManagerOnRecord, NotAllowed
from .models import (
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    Organization,
    RecipientRole,
)
from .notifications import notify_recipients, notify_requester
from .receipts import new_receipt
from .roles import manager_of, recipient_roles_of, roles_by_org


@dataclass(frozen=True)
class Opened:
    """A consultation just opened, with the receipt code to show its anonymous requester."""

    consultation: Consultation
    receipt: str | None  # shown once to an anonymous requester, never stored


@transaction.atomic
def open_consultation(
    *,
    organization: Organization,
    recipient_role: str,
    question: str,
    requester=None,  # type: ignore[no-untyped-def]
    anonymous: bool = False,
    result_level: str = "",
    result_codes: Sequence[str] = (),
    shared_text: str = "",
    lang: str = "en",
) -> Opened:
    """Open a consultation. Anonymous ones keep no link to a person, only a receipt hash.

    A question to "my manager" goes to the requester's own manager (their membership
    says who), and only under their name: raises :class:`NoManagerOnRecord` otherwise.
    """
    if recipient_role not in RecipientRole.values:
        raise NotAllowed(f"unknown recipient {recipient_role!r}")
    if not question.strip():
        raise EmptyMessage("the question is empty")
    signed_in = requester is not None and requester.is_authenticated
    anonymous = anonymous or not signed_in
    recipient = None
    if recipient_role == RecipientRole.MANAGER:
        if anonymous:
            raise NoManagerOnRecord(
                "an anonymous question cannot go to your manager: only your name says who "
                "your manager is; ask under your name, or choose another recipient"
            )
        recipient = manager_of(requester, organization)
        if recipient is None:
            raise NoManagerOnRecord(
                "no manager is on record for you; choose another recipient, or ask your "
                "administrator to record your manager"
            )
    receipt = new_receipt() if anonymous else None
    at = stored_time(anonymous)
    consultation = Consultation.objects.create(
        organization=organization,
        recipient_role=recipient_role,
        recipient=recipient,
        requester=None if anonymous else requester,
        anonymous=anonymous,
        receipt_hash=receipt.secret_hash if receipt else "",
        receipt_lookup=receipt.lookup if receipt else "",
        lang=lang,
        result_level=result_level if result_level in LEVELS else "",
        result_codes=[c for c in result_codes if isinstance(c, str) and c in CODES],
        shared_text=shared_text.strip(),
        created_at=at,
        updated_at=at,
    )
    ConsultationMessage.objects.create(
        consultation=consultation,
        author=None if anonymous else requester,
        from_requester=True,
        body=question.strip(),
        created_at=at,
    )
    audit(
        "consultation.open",
        at=at,
        actor=None if anonymous else requester,
        organization_id=organization.pk,
        obj=consultation,
        recipient_role=recipient_role,
        anonymous=anonymous,
    )
    transaction.on_commit(lambda: notify_recipients(consultation))
    return Opened(consultation=consultation, receipt=receipt.code if receipt else None)


def visible_consultations(user) -> QuerySet[Consultation]:  # type: ignore[no-untyped-def]
    """Consultations addressed to this person's roles in their organizations.

    A manager sees only the questions addressed to them by name (their own reports'):
    never another manager's. The Ombud's consultations are visible to the Ombud only.
    """
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    condition = Q(pk__in=[])
    for org_id, held in roles_by_org(user).items():
        for role in recipient_roles_of(user, held):
            if role == RecipientRole.MANAGER:
                condition |= Q(organization_id=org_id, recipient_role=role, recipient=user)
            else:
                condition |= Q(organization_id=org_id, recipient_role=role)
    # Nobody answers their own consultation as staff: it stays in their own list only.
    return (
        Consultation.objects.filter(condition)
        .exclude(requester=user)
        .select_related("organization", "requester")
    )


def own_consultations(user) -> QuerySet[Consultation]:  # type: ignore[no-untyped-def]
    """The consultations this person opened under their name."""
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return Consultation.objects.filter(requester=user, anonymous=False).select_related(
        "organization", "requester"
    )


def consultation_for_staff(user, pk: int) -> Consultation:  # type: ignore[no-untyped-def]
    """A consultation addressed to this person; the read is audited."""
    consultation = visible_consultations(user).filter(pk=pk).first()
    if consultation is None:
        raise ConsultationNotFound(f"no consultation {pk} is addressed to you")
    audit(
        "consultation.read",
        actor=user,
        organization_id=consultation.organization_id,
        obj=consultation,
    )
    return consultation


def consultation_for_requester(user, pk: int) -> Consultation:  # type: ignore[no-untyped-def]
    """A consultation this person opened under their name; the read is audited."""
    consultation = own_consultations(user).filter(pk=pk).first()
    if consultation is None:
        raise ConsultationNotFound(f"you have no consultation {pk}")
    audit(
        "consultation.read",
        actor=user,
        organization_id=consultation.organization_id,
        obj=consultation,
        as_requester=True,
    )
    return consultation


@transaction.atomic
def reply(
    consultation: Consultation,
    body: str,
    *,
    author=None,  # type: ignore[no-untyped-def]
    from_requester: bool,
) -> ConsultationMessage:
    """Add a message to the thread and tell the other side (a link, never the content)."""
    if not body.strip():
        raise EmptyMessage("the message is empty")
    if consultation.status == ConsultationStatus.CLOSED:
        raise NotAllowed("this consultation is closed")
    at = stored_time(consultation.anonymous)
    message = ConsultationMessage.objects.create(
        consultation=consultation,
        author=None if (from_requester and consultation.anonymous) else author,
        from_requester=from_requester,
        body=body.strip(),
        created_at=at,  # the whole thread by the day when anonymous, so its order holds
    )
    consultation.status = ConsultationStatus.OPEN if from_requester else ConsultationStatus.ANSWERED
    consultation.updated_at = at
    consultation.save(update_fields=["status", "updated_at"])
    audit(
        "consultation.reply",
        at=at if from_requester else None,
        actor=None if (from_requester and consultation.anonymous) else author,
        organization_id=consultation.organization_id,
        obj=consultation,
        from_requester=from_requester,
    )
    if from_requester:
        transaction.on_commit(lambda: notify_recipients(consultation))
    else:
        transaction.on_commit(lambda: notify_requester(consultation))
    return message


def close_consultation(consultation: Consultation, *, by) -> None:  # type: ignore[no-untyped-def]
    """Close the thread: no more replies from either side."""
    consultation.status = ConsultationStatus.CLOSED
    consultation.updated_at = stored_time(consultation.anonymous)
    consultation.save(update_fields=["status", "updated_at"])
    audit(
        "consultation.close",
        actor=by,
        organization_id=consultation.organization_id,
        obj=consultation,
    )
