"""Audit entries are append-only, enforced by PostgreSQL itself: a trigger refuses every UPDATE and DELETE,
whoever sends it (the ORM, the admin, a shell). SQLite has no such trigger here; the admin and the API offer
no way to change an entry on either backend. TRUNCATE is left to the database owner (test flushes use it).
"""

from django.db import migrations

FORWARDS = """
CREATE OR REPLACE FUNCTION privacy_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_auditentry_append_only
    BEFORE UPDATE OR DELETE ON privacy_auditentry
    FOR EACH ROW EXECUTE FUNCTION privacy_auditentry_refuse_change();
"""

BACKWARDS = """
DROP TRIGGER IF EXISTS privacy_auditentry_append_only ON privacy_auditentry;
DROP FUNCTION IF EXISTS privacy_auditentry_refuse_change();
"""


def _run(schema_editor, sql: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # A cursor without parameters: the driver must not read the '%' of RAISE as a placeholder.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)


def forwards(apps, schema_editor):
    _run(schema_editor, FORWARDS)


def backwards(apps, schema_editor):
    _run(schema_editor, BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
