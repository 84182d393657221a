"""PostgreSQL: the `unaccent` extension (home.text_search.Folded) and a text search
configuration that folds accents, used by Wagtail's page search (SEARCH_CONFIG). Nothing
to do on SQLite (a function registered on each connection; FTS5 removes diacritics)."""

from django.db import migrations

CREATE_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'reseau_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION reseau_unaccent (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION reseau_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(CREATE_CONFIG)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS reseau_unaccent")


class Migration(migrations.Migration):
    dependencies = [("home", "0008_minutes_governing_body_label")]
    operations = [migrations.RunPython(forwards, backwards)]
