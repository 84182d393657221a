"""PostgreSQL: the directory's order (home.text_search.french_order on the name: folded,
then as written, then by id) read from an index instead of sorting every member. On
SQLite the folded name is a Python function, which an index must not depend on."""

from django.db import migrations

INDEX = "members_member_name_fold"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON members_member (reseau_fold("name"::text), "name", "id")'
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("home", "0012_fold_function"), ("members", "0007_delete_memberstatuschange")]
    operations = [migrations.RunPython(forwards, backwards)]
