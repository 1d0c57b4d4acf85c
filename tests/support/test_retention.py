"""Consultations past their retention period are purged, and the purge audited."""

from __future__ import annotations

import pytest

from postcheck.support import consultations, retention
from postcheck.support.models import AuditEntry, Consultation

pytestmark = pytest.mark.django_db


def test_consultations_past_retention_are_purged_and_the_purge_audited(demo):
    from datetime import timedelta

    from django.utils import timezone

    old = consultations.open_consultation(
        organization=demo, recipient_role="ombud", question="old", anonymous=True
    ).consultation
    fresh = consultations.open_consultation(
        organization=demo, recipient_role="ombud", question="fresh", anonymous=True
    ).consultation
    Consultation.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=demo.retention_days + 1)
    )
    assert retention.purge_expired_consultations() == 1
    assert list(Consultation.objects.all()) == [fresh]
    assert AuditEntry.objects.filter(action="consultation.purge").exists()
