"""The data migration that encrypts consultation content keeps every existing message."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from postcheck.support.models import Consultation, ConsultationMessage

BEFORE = [("support", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_consultations_are_encrypted_and_read_back_unchanged():
    old = migrate(BEFORE)
    org = old.get_model("support", "Organization").objects.create(
        slug="m", name_en="M", name_fr="M"
    )
    c = old.get_model("support", "Consultation").objects.create(
        organization=org, recipient_role="ombud", shared_text="CLEAR-SHARED"
    )
    message = old.get_model("support", "ConsultationMessage").objects.create(
        consultation=c, body="CLEAR-QUESTION"
    )
    try:
        migrate(latest())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT body FROM support_consultationmessage WHERE id = %s", [message.pk]
            )
            (raw,) = cursor.fetchone()
        assert "CLEAR" not in raw
        assert Consultation.objects.get(pk=c.pk).shared_text == "CLEAR-SHARED"
        assert ConsultationMessage.objects.get(pk=message.pk).body == "CLEAR-QUESTION"
        migrate(BEFORE)  # and back: the clear text returns
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT body FROM support_consultationmessage WHERE id = %s", [message.pk]
            )
            assert cursor.fetchone() == ("CLEAR-QUESTION",)
    finally:
        migrate(latest())
