"""Delete consultations past their organization's retention period (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from postcheck.support import retention


class Command(BaseCommand):
    help = "Delete consultations whose last activity is older than the retention period."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        deleted = retention.purge_expired_consultations()
        self.stdout.write(f"deleted {deleted} consultation(s) past their retention period")
