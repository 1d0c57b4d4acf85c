"""The migration that adds outcomes to the status history fills in existing histories."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .conftest import T0

BEFORE = [("cases", "0003_encrypt_case_content")]
AFTER = [("cases", "0004_status_history_keeps_outcomes")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_histories_get_the_current_outcome_and_their_reopenings():
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    org = apps.get_model("support", "Organization").objects.create(
        slug="dept", name_en="Department", name_fr="Ministère"
    )
    person = User.objects.create(username="someone")
    case = apps.get_model("cases", "Case").objects.create(
        organization=org,
        kind="post",
        raised_by="A colleague",
        raised_at=T0,
        employee=person,
        status="closed",
        outcome="no_action",
    )
    Change = apps.get_model("cases", "CaseStatusChange")
    for status in ("open", "outcome_recorded", "in_progress", "outcome_recorded", "closed"):
        Change.objects.create(case=case, status=status, at=T0)

    apps = _migrate(AFTER)
    history = apps.get_model("cases", "CaseStatusChange").objects.filter(case_id=case.pk)
    assert list(history.order_by("id").values_list("status", "outcome", "reopened")) == [
        ("open", "", False),
        ("outcome_recorded", "", False),  # erased by the reopening: known nowhere
        ("in_progress", "", True),
        ("outcome_recorded", "no_action", False),
        ("closed", "no_action", False),
    ]
