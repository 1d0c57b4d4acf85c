"""How long consultations are kept: each organization sets its own period."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from .audit import audit
from .models import Consultation, Organization


def purge_expired_consultations(now: datetime | None = None) -> int:
    """Delete consultations idle longer than their organization's retention period."""
    now = now or timezone.now()
    deleted = 0
    for organization in Organization.objects.all():
        cutoff = now - timedelta(days=organization.retention_days)
        expired = Consultation.objects.filter(organization=organization, updated_at__lt=cutoff)
        ids = list(expired.values_list("pk", flat=True))
        if ids:
            # deleted unread: a purge never decrypts, so a lost key cannot stop it
            expired.only("pk").delete()
            deleted += len(ids)
            audit("consultation.purge", organization_id=organization.pk, count=len(ids))
    return deleted
