"""Storage of the database backend (``search.backends.database``), and the index generation every backend keeps.

One :class:`IndexEntry` row per indexed object (``label`` + ``object_id``), holding the text in three weights,
the folded title used for name order and autocomplete, the point and the update time. Keyword values (filters
and facets) are rows of :class:`IndexKeyword`, so filtering is an indexed ``IN`` and facets a ``GROUP BY``.

Full text, per database:

* PostgreSQL — ``vector`` is a weighted ``tsvector`` computed with the ``essaim_words`` text search
  configuration (``simple`` after ``unaccent``: the words themselves, so an exact word can rank above its French
  forms, which the backend finds itself), searched through a GIN index; created by migrations 0002 and 0003
  only on PostgreSQL, together with the ``unaccent`` and ``pg_trgm`` extensions.
* SQLite — an FTS5 external-content table ``search_indexentry_fts`` (``unicode61 remove_diacritics 2``) mirrors
  ``text_a``/``text_b``/``text_c``; triggers keep it in step with the rows, and ``bm25`` ranks with the weights.

:class:`IndexTerm` is the vocabulary of folded words ever indexed: a query word it does not know is replaced by
its known neighbours within the typo allowance (``search.text.max_edits``), found by trigram similarity on
PostgreSQL and by length then edit distance on SQLite. Stale words (of removed objects) only cost a lookup.
"""

from django.db import models


class IndexEntry(models.Model):
    label = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    sort_key = models.CharField(max_length=300)
    text_a = models.TextField(blank=True)
    text_b = models.TextField(blank=True)
    text_c = models.TextField(blank=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["label", "object_id"], name="search_entry_unique")]
        indexes = [
            models.Index(fields=["label", "sort_key"], name="search_entry_sort_idx"),
            models.Index(fields=["label", "latitude", "longitude"], name="search_entry_point_idx"),
            models.Index(fields=["label", "updated_at"], name="search_entry_updated_idx"),
        ]

    def __str__(self):
        return f"{self.label}:{self.object_id} {self.title}"


class IndexKeyword(models.Model):
    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="keywords")
    name = models.CharField(max_length=50)
    value = models.CharField(max_length=200)

    class Meta:
        # entry_id in the index makes it covering: filters and facet counts read (name, value, entry) from
        # the index alone, without visiting a table row per keyword (facets count ~100,000 rows at 10,000
        # actors; the row lookups were most of the directory page's time on SQLite).
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_keyword_cover_idx")]

    def __str__(self):
        return f"{self.name}={self.value}"


class IndexTerm(models.Model):
    term = models.CharField(max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self):
        return self.term


class IndexGeneration(models.Model):
    """One row whose ``token`` every write to the index replaces, whatever the backend (``search.generation``).

    Answers derived from the index (a search's ids, total and facet counts, the page fragments built on them)
    are cached under the token, so the first read after a write computes them again: nothing cached outlives
    an edit. A random token rather than a counter: a counter rolled back with a transaction (a test, a failed
    write) would give a value already used, and reuse answers cached for other data.
    """

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
