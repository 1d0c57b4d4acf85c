"""The key ring that encrypts case and consultation content and attachments at rest.

One ring (cryptography's ``MultiFernet``) for every encrypted field and every attachment:
the first key encrypts, every key decrypts, so a new key is put first and the old ones
stay until ``rotate_encryption_keys`` has re-encrypted everything (docs/deploy.md).

Where the keys come from, in this order (all of them make the ring, newest first):

1. ``POSTCHECK_ENCRYPTION_KEYS``: Fernet keys, comma-separated;
2. ``POSTCHECK_ENCRYPTION_KEY_FILE``: a file of keys, one a line, ``#`` comments;
3. the former attachment key (``POSTCHECK_ATTACHMENT_KEY``, ``var/attachment_key``),
   last, so that attachments stored before the ring still read until rotation.

With none of 1 and 2, a developer's machine generates a key once into the data folder
(``var/encryption_keys``, like Django's secret key). Production sets
``POSTCHECK_REQUIRE_ENCRYPTION_KEYS=1``: nothing is generated, and a key file inside the
data folder is refused, so that a copy of the data never carries its keys.
"""

from __future__ import annotations

import binascii
import functools
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENERATED_KEY_FILE = "encryption_keys"
FORMER_ATTACHMENT_KEY_FILE = "attachment_key"


class EncryptionKeyError(ImproperlyConfigured):
    """The key ring is missing, malformed, or lacks the key some stored content needs."""


def _data_dir() -> Path:
    return Path(getattr(settings, "DATA_DIR", Path.cwd() / "var")).resolve()


def _required() -> bool:
    value = getattr(settings, "POSTCHECK_REQUIRE_ENCRYPTION_KEYS", False)
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def _split(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [k.strip() for k in items if k and k.strip()]


@functools.lru_cache(maxsize=8)
def _read_key_file(path: Path, _mtime_ns: int) -> tuple[str, ...]:
    lines = path.read_text().splitlines()
    return tuple(k for k in (line.strip() for line in lines) if k and not k.startswith("#"))


def _key_file_keys() -> list[str]:
    name = getattr(settings, "POSTCHECK_ENCRYPTION_KEY_FILE", "")
    if not name:
        return []
    path = Path(name).resolve()
    if _required() and path.is_relative_to(_data_dir()):
        raise EncryptionKeyError(
            f"The key file {path} is inside the data folder {_data_dir()}: keep it outside "
            "the data folder, so that a copy of the data does not carry its keys."
        )
    try:
        return list(_read_key_file(path, path.stat().st_mtime_ns))
    except OSError as exc:
        raise EncryptionKeyError(
            f"POSTCHECK_ENCRYPTION_KEY_FILE: cannot read {path} ({exc.strerror})."
        ) from None


def _former_attachment_keys() -> list[str]:
    keys = _split(getattr(settings, "CASES_FERNET_KEY", "")) or _split(
        os.environ.get("POSTCHECK_ATTACHMENT_KEY", "")
    )
    path = _data_dir() / FORMER_ATTACHMENT_KEY_FILE
    if path.is_file():
        keys += list(_read_key_file(path, path.stat().st_mtime_ns))
    return keys


def _generated_keys() -> list[str]:
    if _required():
        raise EncryptionKeyError(
            "Set POSTCHECK_ENCRYPTION_KEYS (Fernet keys, comma-separated, newest first) or "
            "POSTCHECK_ENCRYPTION_KEY_FILE to store case and consultation content. "
            "A key: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    data_dir = _data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / GENERATED_KEY_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process generated it first
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(Fernet.generate_key().decode() + "\n")
    return list(_read_key_file(path, path.stat().st_mtime_ns))


def configured_keys() -> list[str]:
    """Every key of the ring, newest (the one that encrypts) first, without repeats."""
    keys = _split(getattr(settings, "POSTCHECK_ENCRYPTION_KEYS", None)) + _key_file_keys()
    if not keys:
        keys = _generated_keys()
    keys += _former_attachment_keys()
    return list(dict.fromkeys(keys))


@functools.lru_cache(maxsize=8)
def _ring(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, binascii.Error):
            raise EncryptionKeyError(
                f"Encryption key number {position} of the ring is not a Fernet key "
                "(32 bytes, URL-safe base64)."
            ) from None
    return MultiFernet(fernets)


def key_ring() -> MultiFernet:
    """The ring made of the configured keys (see the module's docstring)."""
    return _ring(tuple(configured_keys()))


def encrypt(data: bytes) -> bytes:
    """A Fernet token of ``data`` under the newest key."""
    return key_ring().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The data of a token made under any key of the ring."""
    try:
        return key_ring().decrypt(bytes(token))
    except InvalidToken:
        raise EncryptionKeyError(
            "Stored content cannot be decrypted with the keys of the ring: a key was "
            "removed before rotate_encryption_keys re-encrypted everything, or the "
            "content was damaged (docs/deploy.md, 'Encryption keys')."
        ) from None


def rotate(token: bytes) -> bytes:
    """The same content as ``token``, re-encrypted under the newest key."""
    try:
        return key_ring().rotate(bytes(token))
    except InvalidToken:
        return encrypt(decrypt(token))  # raises the clear error


def encrypt_text(text: str) -> str:
    return encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt(token.encode("ascii")).decode("utf-8")
