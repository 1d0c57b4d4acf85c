"""The audit log of the cases app: viewing, changing and exporting a case are recorded, no one
changes or deletes an entry, and auditors export the log as CSV."""

import pytest
from django.db import connection

from postcheck.support.models import AuditEntry, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


def test_viewing_changing_and_exporting_a_case_are_audited(client, open_case, people):
    case = open_case()
    client.force_login(people["manager"])
    client.get(f"/en/cases/{case.pk}/")
    client.get(f"/en/cases/{case.pk}/export/")
    client.post(f"/en/cases/{case.pk}/edit/", {"version": case.version, "raised_by": "x"})
    actions = list(
        AuditEntry.objects.filter(object_type="Case", object_id=str(case.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions[:1] == ["case.create"]
    assert {"case.view", "case.export", "case.update"} <= set(actions)


def test_an_audit_entry_cannot_be_changed_or_deleted_by_the_application(open_case):
    open_case()
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
def test_on_postgresql_the_database_refuses_to_change_or_delete_audit_entries(open_case):
    assert connection.vendor == "postgresql"  # selected only with DATABASE_URL=postgres://
    from django.db import DatabaseError, transaction

    open_case()
    pk = AuditEntry.objects.first().pk
    for sql in (
        "UPDATE support_auditentry SET action = 'tampered' WHERE id = %s",
        "DELETE FROM support_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert AuditEntry.objects.filter(pk=pk).exclude(action="tampered").exists()


def test_auditors_export_the_audit_log_as_csv(client, open_case, people):
    open_case()
    client.force_login(people["auditor"])
    response = client.get("/en/cases/audit/export.csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,at,actor,organization,action")
    assert any(",case.create," in line for line in lines)
    assert "Liberal" not in body
    assert AuditEntry.objects.filter(action="audit.export", actor=people["auditor"]).exists()
