"""Re-encrypt all content encrypted at rest under the newest key of the ring.

Put the new key first in POSTCHECK_ENCRYPTION_KEYS (or the key file), keep the old ones
after it, run this command, then remove the old keys (docs/deploy.md, "Encryption keys").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from postcheck.support.key_rotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt case and consultation content and attachments under the newest key "
        "of POSTCHECK_ENCRYPTION_KEYS; afterwards the older keys can be removed."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        done = rotate_all()
        for label, count in sorted(done.items()):
            self.stdout.write(f"{label}: {count} re-encrypted")
        self.stdout.write(f"Done: {sum(done.values())} records under the newest key.")
