"""Attachments: type check by magic bytes, size check, encryption at rest with the key ring
(:mod:`postcheck.support.encryption`, the same keys as the encrypted fields); adding one to
a case and reading it back, both audited.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from postcheck.support import encryption
from postcheck.support.audit import audit

from . import conf
from .access import editable_case, visible_case
from .errors import AttachmentRejected
from .models import Attachment, Case

# Magic numbers of the only types accepted: screenshots and documents.
_SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("application/pdf", b"%PDF-", 0),
)
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "application/pdf": ".pdf",
    "image/webp": ".webp",
}


def sniff(data: bytes) -> str | None:
    """The content type from the file's first bytes, or None if not an accepted type."""
    for content_type, magic, offset in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return content_type
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check(data: bytes) -> str:
    """Validate an upload; return its content type or raise AttachmentRejected."""
    limit = conf.get("CASES_ATTACHMENT_MAX_BYTES")
    if not data:
        raise AttachmentRejected("The file is empty.")
    if len(data) > limit:
        raise AttachmentRejected(
            f"The file is {len(data) // 1024} KB; the largest accepted is {limit // 1024} KB."
        )
    content_type = sniff(data)
    if content_type is None:
        raise AttachmentRejected(
            "Only PNG, JPEG, WebP screenshots and PDF documents are accepted "
            "(checked from the file's content, not its name)."
        )
    return content_type


def encrypt(data: bytes) -> bytes:
    return encryption.encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return encryption.decrypt(token)
    except encryption.EncryptionKeyError:
        raise AttachmentRejected(
            "This attachment cannot be decrypted with the current keys "
            "(was a key removed from POSTCHECK_ENCRYPTION_KEYS before rotation?)."
        ) from None


def store(
    user,  # type: ignore[no-untyped-def]
    case: Case,
    filename: str,
    data: bytes,
    content_type: str,
    now: datetime,
) -> Attachment:
    """Encrypt and keep a checked file on the case; the addition is audited."""
    safe_name = "".join(c for c in filename if c.isalnum() or c in "._- ")[:150] or "file"
    att = Attachment.objects.create(
        case=case,
        filename=safe_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        ciphertext=encrypt(data),
        uploaded_by=user,
        created_at=now,
    )
    audit(
        "attachment.add",
        actor=user,
        organization_id=case.organization_id,
        obj=att,
        at=now,
        case=case.pk,
        content_type=content_type,
        size=len(data),
    )
    return att


def add_attachment(
    user,  # type: ignore[no-untyped-def]
    pk: int,
    filename: str,
    data: bytes,
    now: datetime | None = None,
) -> Attachment:
    """Add a file to a case the user may change; raises AttachmentRejected for a bad file."""
    now = now or timezone.now()
    case = editable_case(user, pk)
    content_type = check(data)
    with transaction.atomic():
        return store(user, case, filename, data, content_type, now)


def read_attachment(user, case_pk: int, attachment_pk: int, now: datetime | None = None):  # type: ignore[no-untyped-def]
    """(attachment, decrypted bytes) for someone who may see the case. Audited."""
    case = visible_case(user, case_pk).get()
    att = case.attachments.get(pk=attachment_pk)
    audit(
        "attachment.view",
        actor=user,
        organization_id=case.organization_id,
        obj=att,
        at=now,
        case=case.pk,
    )
    return att, decrypt(att.ciphertext)
