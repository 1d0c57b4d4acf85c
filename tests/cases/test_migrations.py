"""The data migration that encrypts case content keeps every existing case and note."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from postcheck.cases.models import Case, Note

BEFORE = [("cases", "0002_audit_append_only_postgresql")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_cases_and_notes_are_encrypted_and_read_back_unchanged(cases_settings):
    old = migrate(BEFORE)
    org = old.get_model("support", "Organization").objects.create(
        slug="m", name_en="M", name_fr="M"
    )
    user = old.get_model("auth", "User").objects.create(username="someone")
    case = old.get_model("cases", "Case").objects.create(
        organization=org,
        kind="post",
        raised_by="A colleague",
        raised_at=datetime(2026, 11, 2, tzinfo=UTC),
        post_text="CLEAR-POST",
        employee=user,
    )
    note = old.get_model("cases", "Note").objects.create(case=case, body="CLEAR-NOTE")
    try:
        migrate(latest())
        with connection.cursor() as cursor:
            cursor.execute("SELECT post_text FROM cases_case WHERE id = %s", [case.pk])
            (raw,) = cursor.fetchone()
        assert "CLEAR" not in raw
        assert Case.objects.get(pk=case.pk).post_text == "CLEAR-POST"
        assert Note.objects.get(pk=note.pk).body == "CLEAR-NOTE"
        migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("SELECT body FROM cases_note WHERE id = %s", [note.pk])
            assert cursor.fetchone() == ("CLEAR-NOTE",)
    finally:
        migrate(latest())
