"""PostgreSQL: `reseau_fold(text)`, the folded text of home.text_search.Folded
(`lower(unaccent(…))`), declared IMMUTABLE so that an index can be built on it (the
`unaccent` function itself is only STABLE: its dictionary could change). The dictionary is
named, so the result does not depend on the search path. Nothing to do on SQLite (a
function registered on each connection)."""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION reseau_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS reseau_fold(text)")


class Migration(migrations.Migration):
    dependencies = [("home", "0011_groups_for_network_life")]
    operations = [migrations.RunPython(forwards, backwards)]
