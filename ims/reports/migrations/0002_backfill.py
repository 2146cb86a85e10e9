from django.db import migrations


def backfill(apps, schema_editor):
    from ims.reports.rebuild import rebuild

    rebuild(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
