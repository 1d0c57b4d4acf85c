"""On PostgreSQL, the database itself refuses to change or delete audit entries.

The application already refuses (AuditEntry.save/delete and its queryset); this
trigger also stops anyone with a database connection, other than a superuser who
drops it on purpose. SQLite has no equivalent worth the name, so nothing happens there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION postcheck_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'postcheck: the audit log is append-only (% refused on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS support_auditentry_append_only ON support_auditentry;
CREATE TRIGGER support_auditentry_append_only
    BEFORE UPDATE OR DELETE ON support_auditentry
    FOR EACH ROW EXECUTE FUNCTION postcheck_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS support_auditentry_append_only ON support_auditentry;
DROP FUNCTION IF EXISTS postcheck_audit_append_only();
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("support", "0001_initial"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
