"""Delete cases, notes, attachments and consultations past their retention period.

Run it daily (docs/cases.md shows a cron line and a systemd timer). What it deletes
leaves one audit entry each (who: the system; what; when), never the content.
"""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from postcheck.cases import retention


class Command(BaseCommand):
    help = "Delete records past their retention period (cases, notes, attachments, consultations)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--now", help="act as if it were this ISO date-time (for checks and tests)"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(
                    f"--now {options['now']!r} is not an ISO date-time, e.g. 2026-11-24T06:00:00+00:00"
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        report = retention.purge(now)
        self.stdout.write(str(report))
