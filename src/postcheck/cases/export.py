"""A case as one JSON-ready record, for the people who may see it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .access import get_case, notes_for


def export_case(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    now: datetime | None = None,
    audit_as: str = "case.export",
) -> dict[str, Any]:
    """The case with its notes, attachments' metadata and status history. Audited."""
    case = get_case(user, pk, action=audit_as, now=now)
    return {
        "id": case.pk,
        "organization": case.organization.slug,
        "kind": case.kind,
        "channel": case.channel,
        "raised_by": case.raised_by,
        "raised_at": case.raised_at.isoformat(),
        "employee": case.employee.get_username(),
        "post_url": case.post_url,
        "post_text": case.post_text,
        "post_lang": case.post_lang,
        "context": case.context,
        "level": case.level,
        "codes": case.codes,
        "status": case.status,
        "steps_done": case.steps_done,
        "outcome": case.outcome,
        "referred_to": case.referred_to,
        "opened_at": case.created_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        # what a change must quote (optimistic locking: an older version is refused)
        "version": case.version,
        "notes": [
            {
                "at": n.created_at.isoformat(),
                "author": n.author.get_username() if n.author else None,
                "step": n.step,
                "visibility": n.visibility,
                "body": n.body,
            }
            for n in notes_for(user, case)
        ],
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in case.attachments.all()
        ],
        "status_history": [
            {
                "status": s.status,
                "outcome": s.outcome,
                "reopened": s.reopened,
                "at": s.at.isoformat(),
                "by": s.by.get_username() if s.by else None,
            }
            for s in case.status_changes.select_related("by")
        ],
    }
