"""How long case records are kept, and the daily purge of what is past it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from postcheck.support.audit import audit
from postcheck.support.retention import purge_expired_consultations

from . import conf
from .models import Attachment, Case, Note, SurveillanceAlert


def retention_days() -> dict[str, int]:
    """Days each kind of record is kept. A setting may name only some kinds: the
    others keep their defaults."""
    return {**conf.DEFAULTS["CASES_RETENTION_DAYS"], **conf.get("CASES_RETENTION_DAYS")}


@dataclass
class PurgeReport:
    """How many records of each kind a purge deleted."""

    deleted: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = [f"{n} {kind}(s)" for kind, n in sorted(self.deleted.items())]
        return "Purged " + (", ".join(parts) if parts else "nothing")


@transaction.atomic
def purge(now: datetime | None = None) -> PurgeReport:
    """Delete what is past its retention period; keep one audit line (metadata) per record."""
    now = now or timezone.now()
    days = retention_days()
    report = PurgeReport()

    def cutoff(kind: str) -> datetime:
        return now - timedelta(days=days[kind])

    # Only what the audit line needs is read: a purge never decrypts, so it deletes even
    # what a lost key left unreadable.
    expired_cases = Case.objects.filter(
        Q(closed_at__isnull=False, closed_at__lt=cutoff("case"))
        | Q(closed_at__isnull=True, updated_at__lt=cutoff("case"))
    ).only("id", "organization_id", "kind")
    for case in expired_cases:
        audit(
            "case.purge",
            organization_id=case.organization_id,
            obj=case,
            at=now,
            kind=case.kind,
            notes=case.notes.count(),
            attachments=case.attachments.count(),
        )
        case.delete()
        report.deleted["case"] += 1
    for note in (
        Note.objects.filter(created_at__lt=cutoff("note"))
        .select_related("case")
        .only("id", "case_id", "case__organization_id")
    ):
        audit(
            "note.purge",
            organization_id=note.case.organization_id,
            obj=note,
            at=now,
            case=note.case_id,
        )
        note.delete()
        report.deleted["note"] += 1
    for att in (
        Attachment.objects.filter(created_at__lt=cutoff("attachment"))
        .select_related("case")
        .defer("ciphertext")
    ):
        audit(
            "attachment.purge",
            organization_id=att.case.organization_id,
            obj=att,
            at=now,
            case=att.case_id,
        )
        att.delete()
        report.deleted["attachment"] += 1
    for alert in SurveillanceAlert.objects.filter(created_at__lt=cutoff("alert")):
        audit("alert.purge", organization_id=alert.organization_id, obj=alert, at=now)
        alert.delete()
        report.deleted["alert"] += 1
    # Consultations follow their organization's own retention setting (support's rule).
    report.deleted["consultation"] += purge_expired_consultations(now)
    return report
