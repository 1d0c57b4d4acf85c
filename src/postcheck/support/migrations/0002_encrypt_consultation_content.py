"""Encrypt Consultation.shared_text and ConsultationMessage.body at rest (support.encryption): the rows already there are
encrypted first, while the fields are still plain text; then the fields become encrypted.
Reversed, the fields turn back to plain text and the rows are decrypted."""

from django.db import migrations

import postcheck.support.fields
from postcheck.support import fields


def encrypt(apps, schema_editor):
    fields.encrypt_rows(apps.get_model("support", "Consultation"), "shared_text")
    fields.encrypt_rows(apps.get_model("support", "ConsultationMessage"), "body")


def decrypt(apps, schema_editor):
    fields.decrypt_rows(apps.get_model("support", "Consultation"), "shared_text")
    fields.decrypt_rows(apps.get_model("support", "ConsultationMessage"), "body")


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="consultation",
            name="shared_text",
            field=postcheck.support.fields.EncryptedTextField(
                blank=True, verbose_name="post text (shared by the employee)"
            ),
        ),
        migrations.AlterField(
            model_name="consultationmessage",
            name="body",
            field=postcheck.support.fields.EncryptedTextField(verbose_name="message"),
        ),
    ]
