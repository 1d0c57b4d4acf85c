"""Attachments: recognised by their magic bytes, limited in size, encrypted with the configured
key, and no key committed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postcheck.cases import attachments

pytestmark = pytest.mark.django_db

SAMPLES = {
    "image/png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 8,
    "image/jpeg": b"\xff\xd8\xff\xe0" + b"\x00" * 8,
    "application/pdf": b"%PDF-1.7\n" + b"\x00" * 8,
    "image/webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8,
}


@pytest.mark.parametrize("content_type", sorted(SAMPLES))
def test_accepted_types_are_recognised_by_their_magic_bytes(content_type, cases_settings):
    assert attachments.check(SAMPLES[content_type]) == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a......",
        b"<svg xmlns=...>",
        b"MZ\x90\x00",
        b"PK\x03\x04zip",
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
    ],
)
def test_other_files_are_refused_whatever_their_name(data, cases_settings):
    with pytest.raises(attachments.AttachmentRejected):
        attachments.check(data)


def test_files_over_the_size_limit_and_empty_files_are_refused(cases_settings):
    cases_settings.CASES_ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(attachments.AttachmentRejected, match="largest accepted"):
        attachments.check(SAMPLES["image/png"] + b"\x00" * 200)
    with pytest.raises(attachments.AttachmentRejected, match="empty"):
        attachments.check(b"")


def test_attachments_are_encrypted_with_the_newest_key_of_the_ring(cases_settings):
    from cryptography.fernet import Fernet

    token = attachments.encrypt(SAMPLES["image/png"])
    assert SAMPLES["image/png"] not in token
    newest = cases_settings.POSTCHECK_ENCRYPTION_KEYS[0]
    assert Fernet(newest.encode()).decrypt(token) == SAMPLES["image/png"]
    cases_settings.POSTCHECK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(attachments.AttachmentRejected, match="current keys"):
        attachments.decrypt(token)


def test_no_attachment_key_is_committed():
    root = Path(__file__).resolve().parents[2]
    tracked = [
        p
        for p in (root / "src").rglob("*")
        if p.is_file() and p.suffix in {".py", ".yaml", ".toml", ".key"}
    ]
    fernet_key = re.compile(rb"\b[A-Za-z0-9_-]{43}=")
    assert not [
        p for p in tracked if "attachment_key" in p.name or fernet_key.search(p.read_bytes())
    ]
