"""The audit log: who read or changed need-to-know data, and when. Never the content."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .models import AuditEntry


def audit(
    action: str,
    *,
    actor=None,  # type: ignore[no-untyped-def]
    organization_id: int | None = None,
    obj: object | None = None,
    at: datetime | None = None,
    **detail: object,
) -> AuditEntry:
    """Append one entry to the audit log.

    ``detail`` holds metadata only: never pass post, message, note or case text here.
    A signed-out or absent ``actor`` is recorded as the system.
    """
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organization_id=organization_id,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        detail=detail,
    )
