"""Encrypt Case.post_text and Note.body at rest (support.encryption): the rows already there are
encrypted first, while the fields are still plain text; then the fields become encrypted.
Reversed, the fields turn back to plain text and the rows are decrypted."""

from django.db import migrations

import postcheck.support.fields
from postcheck.support import fields


def encrypt(apps, schema_editor):
    fields.encrypt_rows(apps.get_model("cases", "Case"), "post_text")
    fields.encrypt_rows(apps.get_model("cases", "Note"), "body")


def decrypt(apps, schema_editor):
    fields.decrypt_rows(apps.get_model("cases", "Case"), "post_text")
    fields.decrypt_rows(apps.get_model("cases", "Note"), "body")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_audit_append_only_postgresql"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="attachment",
            name="ciphertext",
            field=postcheck.support.fields.FernetTokenField(),
        ),
        migrations.AlterField(
            model_name="case",
            name="post_text",
            field=postcheck.support.fields.EncryptedTextField(
                blank=True, verbose_name="text of the post"
            ),
        ),
        migrations.AlterField(
            model_name="note",
            name="body",
            field=postcheck.support.fields.EncryptedTextField(verbose_name="note"),
        ),
    ]
