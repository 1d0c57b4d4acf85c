"""Re-encrypt everything encrypted at rest under the newest key of the ring.

Run after putting a new key first in the ring (docs/deploy.md, "Encryption keys"); once it
has run, the older keys can be removed. It walks every installed model, so the fields of
every app (consultations, cases, attachments) are covered without naming them here.
Running it twice is harmless.
"""

from __future__ import annotations

from collections import Counter

from django.apps import apps
from django.db import models, transaction

from . import encryption
from .fields import EncryptedTextField, FernetTokenField

BATCH = 200


EncryptedField = EncryptedTextField | FernetTokenField


def encrypted_fields() -> list[tuple[type[models.Model], list[EncryptedField]]]:
    """Every model with fields encrypted at rest, with those fields."""
    found: list[tuple[type[models.Model], list[EncryptedField]]] = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        if fields:
            found.append((model, fields))
    return found


def rotate_all() -> Counter[str]:
    """Re-encrypt every encrypted field under the newest key; how many rows per model."""
    done: Counter[str] = Counter()
    for model, fields in encrypted_fields():
        names = [f.attname for f in fields]
        manager = model._base_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        with transaction.atomic():
            for start in range(0, len(pks), BATCH):
                # locked until the model is done, so that a change made meanwhile is not
                # overwritten with the value read here
                batch = manager.select_for_update().filter(pk__in=pks[start : start + BATCH])
                for obj in batch.only("pk", *names):
                    changes = {}
                    for field in fields:
                        value = getattr(obj, field.attname)
                        if not value:
                            continue
                        # a text field decrypts on read and encrypts on write, under the
                        # newest key; a token field is re-encrypted as it is
                        changes[field.attname] = (
                            encryption.rotate(value)
                            if isinstance(field, FernetTokenField)
                            else value
                        )
                    if changes:
                        manager.filter(pk=obj.pk).update(**changes)
                        done[model._meta.label] += 1
    return done
