"""Full-text storage next to search_indexentry, per database (see search/models.py).

PostgreSQL: the unaccent and pg_trgm extensions, the ``essaim_french`` configuration (unaccent, then the
French stemmer), a weighted ``vector`` generated column with a GIN index, a trigram index on the vocabulary.
SQLite: an FTS5 external-content table kept in step with the rows by triggers.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'essaim_french') THEN
            CREATE TEXT SEARCH CONFIGURATION essaim_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION essaim_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    """ALTER TABLE search_indexentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('essaim_french'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('essaim_french'::regconfig, coalesce(text_a, '')), 'A')
        || setweight(to_tsvector('essaim_french'::regconfig, coalesce(text_b, '')), 'B')
        || setweight(to_tsvector('essaim_french'::regconfig, coalesce(text_c, '')), 'C')
    ) STORED""",
    "CREATE INDEX search_entry_vector_idx ON search_indexentry USING gin (vector)",
    "CREATE INDEX search_term_trgm_idx ON search_indexterm USING gin (term gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_term_trgm_idx",
    "ALTER TABLE search_indexentry DROP COLUMN IF EXISTS vector",
]

_COLUMNS = "title, text_a, text_b, text_c"
_NEW = "new.title, new.text_a, new.text_b, new.text_c"
_OLD = "old.title, old.text_a, old.text_b, old.text_c"
SQLITE = [
    f"""CREATE VIRTUAL TABLE search_indexentry_fts USING fts5({_COLUMNS}, content='search_indexentry',
        content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER search_indexentry_fts_ai AFTER INSERT ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER search_indexentry_fts_ad AFTER DELETE ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(search_indexentry_fts, rowid, {_COLUMNS})
            VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER search_indexentry_fts_au AFTER UPDATE ON search_indexentry BEGIN
        INSERT INTO search_indexentry_fts(search_indexentry_fts, rowid, {_COLUMNS})
            VALUES ('delete', old.id, {_OLD});
        INSERT INTO search_indexentry_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_indexentry_fts_ai",
    "DROP TRIGGER IF EXISTS search_indexentry_fts_ad",
    "DROP TRIGGER IF EXISTS search_indexentry_fts_au",
    "DROP TABLE IF EXISTS search_indexentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
