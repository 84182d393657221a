"""PostgreSQL: a trigram index on the search text (home.text_search.trigram_index), which
the searches' LIKE reads instead of scanning the table. Nothing on SQLite."""

from django.db import migrations

from home.text_search import trigram_index


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_practice_search_text")]
    operations = [
        trigram_index("practices_practice"),
    ]
