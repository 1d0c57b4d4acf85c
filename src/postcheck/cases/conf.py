"""Settings of the cases app, with defaults. Override any of them in Django settings
(or through the environment variables named here)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Safeguard against surveillance: more than THRESHOLD cases opened about one
    # employee within WINDOW_DAYS alerts the values and ethics office.
    "CASES_ALERT_THRESHOLD": int(os.environ.get("POSTCHECK_CASES_ALERT_THRESHOLD", "2")),
    "CASES_ALERT_WINDOW_DAYS": int(os.environ.get("POSTCHECK_CASES_ALERT_WINDOW_DAYS", "90")),
    # Retention in days per record type, counted from the record's last change
    # (a case: its closure, or its last change while still open). Consultations follow
    # their organization's retention setting (support.Organization.retention_days).
    "CASES_RETENTION_DAYS": {
        "case": int(os.environ.get("POSTCHECK_RETENTION_CASE_DAYS", "730")),
        "note": int(os.environ.get("POSTCHECK_RETENTION_NOTE_DAYS", "730")),
        "attachment": int(os.environ.get("POSTCHECK_RETENTION_ATTACHMENT_DAYS", "365")),
        "alert": int(os.environ.get("POSTCHECK_RETENTION_ALERT_DAYS", "730")),
    },
    # Attachments: largest accepted size. Their encryption key is the key ring's
    # (support.encryption).
    "CASES_ATTACHMENT_MAX_BYTES": int(
        os.environ.get("POSTCHECK_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024))
    ),
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
