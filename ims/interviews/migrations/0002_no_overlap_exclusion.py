"""No double-booking, enforced by PostgreSQL itself.

Two exclusion constraints over the half-open range [scheduled_at, ends_at) of *scheduled* interviews: one
per interviewer, one per candidate. Back-to-back interviews do not overlap. SQLite has no such constraint;
there the service checks inside the write transaction (SQLite serialises writers).
"""

from django.db import migrations

CONSTRAINTS = {
    "interview_no_interviewer_overlap": "interviewer_id",
    "interview_no_candidate_overlap": "candidate_id",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE interviews_interview ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(scheduled_at, ends_at, '[)') WITH &&) "
            f"WHERE (status = 'scheduled')"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE interviews_interview DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
