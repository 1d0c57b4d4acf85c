"""Attachments: type check by magic bytes, size check, Fernet encryption at rest.

The key comes from settings (``CASES_FERNET_KEY``) or the environment
(``POSTCHECK_ATTACHMENT_KEY``); it is never committed. Without one, as for Django's
secret key, a key is generated once into the data directory (``var/``, ignored by git);
production sets the variable (docs/cases.md) so that keys and data live apart.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import conf
from .workflow import CaseWorkflowError

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


class AttachmentRejected(CaseWorkflowError):
    """The file is not a PNG, JPEG, PDF or WebP, is empty, or is too large."""


class AttachmentKeyMissing(ImproperlyConfigured):
    pass


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


def _key() -> bytes:
    key = conf.get("CASES_FERNET_KEY")
    if key:
        return key.encode() if isinstance(key, str) else key
    if os.environ.get("POSTCHECK_REQUIRE_ATTACHMENT_KEY") == "1":
        raise AttachmentKeyMissing(
            "Set POSTCHECK_ATTACHMENT_KEY (a Fernet key: "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
            " to store case attachments."
        )
    data_dir = Path(getattr(settings, "DATA_DIR", Path.cwd() / "var"))
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "attachment_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(Fernet.generate_key())
    return path.read_bytes().strip()


def encrypt(data: bytes) -> bytes:
    return Fernet(_key()).encrypt(data)


def decrypt(token: bytes) -> bytes:
    try:
        return Fernet(_key()).decrypt(bytes(token))
    except InvalidToken:
        raise AttachmentRejected(
            "This attachment cannot be decrypted with the current key "
            "(was POSTCHECK_ATTACHMENT_KEY changed?)."
        ) from None
