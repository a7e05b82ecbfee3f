"""PostgreSQL: the full-text vector holds the words themselves (accent-folded), no longer their French stems.

The backend now finds a word's French forms itself (``search.text.stem`` over the indexed vocabulary, as on
SQLite) so that it can rank an exact word above its plural or feminine; with a stemmed vector PostgreSQL could
not tell « épicerie » from « épiceries ». ``essaim_words`` is ``simple`` after ``unaccent``; the generated
column is recomputed for every row by PostgreSQL itself, so no re-indexing is needed. Wagtail's page search keeps
``essaim_french``. SQLite is unchanged (its FTS5 table never stemmed).
"""

from django.db import migrations

VECTOR = """ALTER TABLE search_indexentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('{config}'::regconfig, coalesce(text_a, '')), 'A')
        || setweight(to_tsvector('{config}'::regconfig, coalesce(text_b, '')), 'B')
        || setweight(to_tsvector('{config}'::regconfig, coalesce(text_c, '')), 'C')
    ) STORED"""


def _vector(config):
    return [
        "DROP INDEX IF EXISTS search_entry_vector_idx",
        "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS vector",
        VECTOR.format(config=config),
        "CREATE INDEX search_entry_vector_idx ON search_indexentry USING gin (vector)",
    ]


FORWARD = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'essaim_words') THEN
            CREATE TEXT SEARCH CONFIGURATION essaim_words (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION essaim_words
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$""",
    *_vector("essaim_words"),
]
REVERSE = _vector("essaim_french")


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
