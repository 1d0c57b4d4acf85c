"""Model fields whose content is encrypted at rest with the key ring (:mod:`.encryption`).

The database holds Fernet tokens only; Python sees the clear text. A token differs each
time the same text is encrypted, so an encrypted field cannot be searched or compared in
the database: every lookup but ``isnull`` is refused (``FieldError``), and no feature
needs one.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from . import encryption


class EncryptedTextField(models.TextField):
    """Text encrypted in the database and clear in Python. An empty text stays empty."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return encryption.decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encryption.encrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


class FernetTokenField(models.BinaryField):
    """Bytes already encrypted with the key ring (a Fernet token), such as an attachment.

    Its owner encrypts and decrypts; the field says that ``rotate_encryption_keys`` must
    re-encrypt it under the newest key.
    """


def encrypt_rows(model: type[models.Model], *names: str) -> None:
    """Encrypt in place what ``names`` hold in clear: the data migration to these fields.

    ``model`` is the migration's historical model, whose fields are still plain text.
    """
    _convert_rows(model, names, encryption.encrypt_text)


def decrypt_rows(model: type[models.Model], *names: str) -> None:
    """Decrypt in place: the same migration, reversed (the fields are plain text again)."""
    _convert_rows(model, names, encryption.decrypt_text)


def _convert_rows(model: type[models.Model], names: tuple[str, ...], convert: Any) -> None:
    manager = model._base_manager
    pks = list(manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 500):
        for row in manager.filter(pk__in=pks[start : start + 500]).values("pk", *names):
            changes = {name: convert(row[name]) for name in names if row[name]}
            if changes:
                manager.filter(pk=row["pk"]).update(**changes)
