"""Searching text as people type it: without accents and case ("chemille" finds
"Chemillé", "ECOUFLANT" finds "Écouflant"), and sorting names in French order ("Écouflant"
between "Durtal" and "Feneu", not after "Z").

- `fold(text)`: the text without accents, lower-cased (Python side, for the query).
- `Folded(expression)`: the same in SQL. On PostgreSQL it is `lower(unaccent(…))`, with the
  `unaccent` extension (home's migration 0009); `SortKey`, for orders, is the same text as
  `reseau_fold(…)`, declared immutable so that an index can hold it (migration 0012); on
  SQLite they call `reseau_fold` and `reseau_sort_key` (the same, remembering what it
  folded), Python functions registered on each connection.
- `matches(query, *fields)`: a condition for `.filter()`: every word of the query is found,
  folded, in one of the fields (for small tables: choosers, resources, event reports).
- `SearchText` and `contains_words(query)`: the same in a column that holds the text folded
  when the row was written, for the searches over thousands of rows (members, people,
  practices, roadmap actions, events): a search reads the column, folding nothing.
- `french_order(*fields)`: `order_by()` terms that sort like a French reader (folded first,
  then as written, so "Ecole" and "École" stay together and in a stable order).

Page search (Wagtail's database backend) ignores accents too: SQLite's FTS5 tokenizer
removes diacritics; on PostgreSQL the index uses the `reseau_unaccent` text search
configuration (migration 0009, `SEARCH_CONFIG` in the settings).
"""

import functools
import unicodedata

from django.db import migrations, models
from django.db.backends.signals import connection_created
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.lookups import Contains

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
MAX_WORDS = 8


def fold(text):
    """'Écouflant' → 'ecouflant': no accents, lower case."""
    if text is None:
        return None
    text = str(text)
    if text.isascii():  # nothing to decompose (most words, every INSEE code)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Folded(models.Func):
    """The folded value of a text expression, in SQL."""

    output_field = models.TextField()
    arity = 1
    sqlite_function = "reseau_fold"

    def as_sql(self, compiler, connection, **extra_context):  # SQLite and others
        return super().as_sql(compiler, connection, function=self.sqlite_function, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="lower(unaccent(%(expressions)s::text))", **extra_context)


class SortKey(Folded):
    """The folded value as an order: on PostgreSQL `reseau_fold(…)`, the same text declared
    immutable (home's migration 0012) so that an index can hold it, as the members' order by
    name does (members' migration 0008). Not for filters: PostgreSQL cannot inline it, and
    calls it once per row where it inlines `lower(unaccent(…))`. On SQLite, `reseau_sort_key`
    remembers the texts it folded: an order folds the same names on every visit (the
    directory sorts every member), where a filter's texts (descriptions) would only crowd it."""

    sqlite_function = "reseau_sort_key"

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="reseau_fold(%(expressions)s::text)", **extra_context)


# The sort key's function on SQLite: the names of 10,000 members, and more, stay in it
# (short texts: a few MB at most).
_sort_key = functools.lru_cache(maxsize=30_000)(fold)


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("reseau_fold", 1, fold, deterministic=True)
        connection.connection.create_function("reseau_sort_key", 1, _sort_key, deterministic=True)


connection_created.connect(_register_sqlite_function, dispatch_uid="home_text_search_fold")


def words(query, max_words=MAX_WORDS):
    return [fold(word) for word in (query or "").split()[:max_words] if word.strip()]


def matches(query, *fields):
    """Every word of `query` is in one of `fields` (accents and case ignored).

    The fields are folded together, joined by a space, which no word contains: a word is in
    the joined text exactly when it is in one of the fields, and each row is folded once per
    word instead of once per word and field (five times fewer calls of `unaccent`, or of the
    Python function on SQLite, for the members' five fields)."""
    if len(fields) > 1:
        parts = [
            p for field in fields for p in (Coalesce(field, Value(""), output_field=models.TextField()), Value(" "))
        ][:-1]
        text = Folded(Concat(*parts, output_field=models.TextField()))
    else:
        text = Folded(fields[0])
    condition = Q()
    for word in words(query):
        condition &= Q(Contains(text, word))
    return condition


def fold_parts(parts):
    """The parts folded and joined by a space, which no searched word contains: a word is
    found in the text exactly when it is in one of the parts."""
    return fold(" ".join(str(part) for part in parts if part))


class SearchText(models.Model):
    """A column holding what a search looks in, folded, written with the row: a search
    (`contains_words`) then reads a column instead of folding every row's text again.
    A model lists its fields in `search_text_fields`; a foreign key stands for the related
    row's text (`str()`: a commune is "Chemillé-en-Anjou (49092)"), kept up to date by
    `refresh_search_text_reading` when that row changes. `bulk_create` and `update()` do not
    write it: set it with `folded_search_text()`, or call `refresh_search_text()` after."""

    search_text = models.TextField(editable=False, blank=True, default="")
    search_text_fields = ()

    class Meta:
        abstract = True

    def search_text_parts(self):
        return [getattr(self, name) for name in self.search_text_fields]

    def folded_search_text(self):
        return fold_parts(self.search_text_parts())

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        changed = False
        if update_fields is None or set(update_fields) & set(self.search_text_fields):
            before, adding = self.search_text, self._state.adding
            self.search_text = self.folded_search_text()
            changed = not adding and self.search_text != before
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        if changed:
            # Rows that read this one (a member's people and practices) follow it.
            refresh_search_text_reading([self])


def write_search_text(queryset, parts_of):
    """Write the search text of these rows, `parts_of(row)` folded, in batches. Also for the
    migrations that write it for the rows of their time, on their historical models (which
    have none of the model's methods)."""
    rows = list(queryset)
    for row in rows:
        row.search_text = fold_parts(parts_of(row))
    queryset.model._base_manager.bulk_update(rows, ["search_text"], batch_size=500)


def trigram_index(table, column="search_text"):
    """A migration operation: on PostgreSQL, a trigram index (the `pg_trgm` extension) on a
    search text column, which `contains_words`' `LIKE '%word%'` reads instead of scanning
    every row (the members' search at 10× data: 7 ms → 0.1 ms). Nothing on SQLite, whose
    tables the benchmark's searches scan in a few milliseconds."""
    name = f"{table}_{column}_trgm"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ("{column}" gin_trgm_ops)')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)


def refresh_search_text(queryset):
    """Write the search text of these rows again (written in bulk, or what they read of a
    related row changed)."""
    model = queryset.model
    related = [name for name in model.search_text_fields if model._meta.get_field(name).is_relation]
    write_search_text(queryset.select_related(*related), lambda row: row.search_text_parts())


def refresh_search_text_reading(instances):
    """After a change of these rows (of one model): the search text of the rows that read
    them through a foreign key in their `search_text_fields` (a commune's members and events)."""
    instances = list(instances)
    if not instances:
        return
    for relation in type(instances[0])._meta.related_objects:
        model = relation.related_model
        if issubclass(model, SearchText) and relation.field.name in model.search_text_fields:
            refresh_search_text(model._base_manager.filter(**{f"{relation.field.name}__in": instances}))


def contains_words(query, field="search_text"):
    """Every word of `query`, folded, is in `field`: a column of text folded when it was
    written (`SearchText`), read as it is — no function called on each row."""
    condition = Q()
    for word in words(query):
        condition &= Q(**{f"{field}__contains": word})
    return condition


def french_order(*fields):
    """Order terms for names in French order."""
    terms = []
    for field in fields:
        descending = field.startswith("-")
        name = field.lstrip("-")
        folded = SortKey(name)
        terms.append(folded.desc() if descending else folded.asc())
        terms.append(models.F(name).desc() if descending else models.F(name).asc())
    return terms


def sort_french(items, key):
    """Sort Python objects in French order (for lists built in memory)."""
    return sorted(items, key=lambda item: (fold(key(item)), key(item)))
