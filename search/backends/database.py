"""Database search backend: the embedded default, on SQLite (FTS5) or PostgreSQL (tsvector + pg_trgm).

Storage and the per-database full-text machinery are described in :mod:`search.models`. A query is one SQL
statement built with the ORM: the entries of the spec whose object is visible *in the live table* (so a stale
index never shows a hidden or deleted object), matching the text, the keyword filters and the distance; then
``COUNT``, a ``GROUP BY`` over keyword rows for the facets, and the ordered page.

Text: every query word (``Query.words``: folded, stopwords dropped) must match, in one of the ways of
:meth:`Backend._expand` — itself, its French forms (``search.text.stem``, so SQLite stems like PostgreSQL),
a longer word it starts, or, for a word with none of those, a known word within its typo allowance — and
results rank by the strictest way they match, then by BM25 (``ts_rank`` on PostgreSQL). Distance: a bounding box on the indexed latitude/longitude first,
then the exact haversine distance computed in SQL (Django provides the math functions on SQLite).
"""

import math

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from ..query import EARTH_RADIUS_KM, Hits, Near, Query
from ..text import distinctive_words, fold, max_edits, stem, within_edits
from .base import SearchBackend, SearchBackendUnavailable

FTS_TABLE = "search_indexentry_fts"
# bm25 weights of the FTS5 columns (title, text_a, text_b, text_c); lower bm25 is better, hence the minus.
SQLITE_RANK = f"-bm25({FTS_TABLE}, 10.0, 10.0, 4.0, 1.0)"
POSTGRES_CONFIG = "essaim_words"  # words unstemmed: see migration 0003
TRIGRAM_SIMILARITY = 0.2
# A query word of at least this many letters also finds the longer words it starts ("cowork": "coworking").
MIN_PREFIX = 3
# At most this many forms, and as many longer words, per query word (the shortest first).
MAX_ALTERNATIVES = 40
# Up to this many matches, facets are counted from the matching entries' keyword rows (about a dozen each);
# beyond it, from the facets' keyword index (about ten rows per entry and facet value, scanned once).
FEW_ENTRIES = 1000


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


def _models():
    from ..models import IndexEntry, IndexKeyword, IndexTerm

    return IndexEntry, IndexKeyword, IndexTerm


class Backend(SearchBackend):
    name = "database"

    def ping(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            raise SearchBackendUnavailable(str(exc)) from exc

    # --- writing --------------------------------------------------------------------------------------

    def index_documents(self, spec, documents) -> int:
        IndexEntry, IndexKeyword, IndexTerm = _models()
        documents = list(documents)
        if not documents:
            return 0
        with transaction.atomic():
            IndexEntry.objects.filter(
                label=spec.label, object_id__in=[d.object_id for d in documents]
            ).delete()
            entries = IndexEntry.objects.bulk_create(
                IndexEntry(
                    label=d.label,
                    object_id=d.object_id,
                    title=d.title[:300],
                    sort_key=d.sort_key[:300],
                    text_a=d.text["A"],
                    text_b=d.text["B"],
                    text_c=d.text["C"],
                    latitude=d.latitude,
                    longitude=d.longitude,
                    updated_at=d.updated_at,
                )
                for d in documents
            )
            IndexKeyword.objects.bulk_create(
                IndexKeyword(entry=entry, name=name, value=value[:200])
                for entry, d in zip(entries, documents, strict=True)
                for name, values in d.keywords.items()
                for value in values
            )
            words = {word for d in documents for word in fold(d.all_text).split() if len(word) <= 100}
            IndexTerm.objects.bulk_create(
                (IndexTerm(term=word, length=len(word)) for word in sorted(words)),
                ignore_conflicts=True,
                batch_size=500,
            )
        return len(documents)

    def remove(self, spec, object_ids) -> None:
        IndexEntry = _models()[0]
        IndexEntry.objects.filter(label=spec.label, object_id__in=list(object_ids)).delete()

    def clear(self, spec) -> None:
        IndexEntry = _models()[0]
        IndexEntry.objects.filter(label=spec.label).delete()

    # --- reading --------------------------------------------------------------------------------------

    def _entries(self, spec) -> QuerySet:
        # A correlated EXISTS (a primary-key probe per candidate row) rather than ``object_id IN (…)``: with two
        # IN lists SQLite walks the (label, object_id) index over their cross product.
        IndexEntry = _models()[0]
        visible = spec.model._default_manager.filter(spec.visible(), pk=OuterRef("object_id"))
        return IndexEntry.objects.filter(Exists(visible), label=spec.label)

    def _expand(self, words: list[str]) -> list[list[list[str]]]:
        """The query's match levels, strictest first: each a list of groups, one per word, of the known words
        it accepts for that word. Level by level a word accepts itself, then its French forms (same ``stem``:
        plural, feminine), then the longer words it starts (3 letters or more), then — only for a word that
        has none of those — the words one edit away, then the rest of its typo allowance. An entry ranks by
        the strictest level it matches, so an exact match always comes before a form, a prefix or a typo."""
        IndexTerm = _models()[2]
        starts = {w: _common_prefix(w, stem(w)) for w in words}
        starts = {w: start for w, start in starts.items() if len(start) >= MIN_PREFIX}
        # One query for the vocabulary the query can use: its own words, and the words sharing their starts.
        wanted = Q(term__in=words)
        for start in set(starts.values()):
            wanted |= Q(term__startswith=start)
        vocabulary = list(
            IndexTerm.objects.filter(wanted).order_by("length", "term").values_list("term", flat=True)
        )
        known = set(vocabulary) & set(words)
        longer = vocabulary if starts else []
        exact, forms, prefix, typo, far_typo = [], [], [], [], []
        for word in words:
            start = starts.get(word)
            key = stem(word) if start else None
            candidates = [t for t in longer if start and t.startswith(start) and t != word]
            exact.append([word] if word in known else [])
            forms.append([t for t in candidates if stem(t) == key][:MAX_ALTERNATIVES])
            prefix.append(
                [t for t in candidates if t.startswith(word) and t not in forms[-1]][:MAX_ALTERNATIVES]
            )
            alone = not (exact[-1] or forms[-1] or prefix[-1])
            near = self._near_words(word) if alone else []
            typo.append([t for t in near if within_edits(word, t, 1)])
            far_typo.append(near)
        levels, accepted = [], [[] for _ in words]
        for added in (exact, forms, prefix, typo, far_typo):
            accepted = [sorted({*so_far, *more}) for so_far, more in zip(accepted, added, strict=True)]
            if all(accepted) and (not levels or accepted != levels[-1]):
                levels.append(accepted)
        return levels or [[[w] for w in words]]

    def _near_words(self, word: str) -> list[str]:
        """Known words within ``word``'s typo allowance."""
        IndexTerm = _models()[2]
        limit = max_edits(word)
        if limit == 0:
            return []
        candidates = IndexTerm.objects.filter(length__range=(len(word) - limit, len(word) + limit))
        if connection.vendor == "postgresql":
            similarity = RawSQL("similarity(term, %s)", [word], output_field=FloatField())
            candidates = candidates.alias(similarity=similarity).filter(similarity__gt=TRIGRAM_SIMILARITY)
        return sorted(t for t in candidates.values_list("term", flat=True) if within_edits(word, t, limit))

    def _match(
        self, entries: QuerySet, levels: list[list[list[str]]], all_groups: bool
    ) -> tuple[QuerySet, list]:
        """Entries matching the broadest level — every group (``all_groups``) or any — and each level's
        full-text expression (strictest first), from which the ranking is computed.

        SQL is assembled only from constants (table and configuration names); the user's words reach the
        database as parameters, already reduced to ``[a-z0-9]+`` by ``search.text.query_words``. The match is a
        self-contained ``id IN (subquery)`` so the queryset can itself be used as a subquery (facets).
        """
        expressions = []
        for groups in levels:
            if connection.vendor == "postgresql":
                joiner = " & " if all_groups else " | "
                expressions.append(joiner.join("(" + " | ".join(group) + ")" for group in groups))
            else:
                joiner = " AND " if all_groups else " OR "
                expressions.append(
                    joiner.join("(" + " OR ".join(f'"{w}"' for w in group) + ")" for group in groups)
                )
        if connection.vendor == "postgresql":
            sql = f"SELECT id FROM search_indexentry WHERE vector @@ to_tsquery('{POSTGRES_CONFIG}', %s)"  # noqa: S608
        else:
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        matching = RawSQL(sql, [expressions[-1]])  # noqa: S611
        return entries.filter(id__in=matching), expressions

    @staticmethod
    def _postgres_score(expressions: list[str]) -> RawSQL:
        """How many levels an entry matches (strictest first, so more is better), then ``ts_rank`` (< 1)."""
        tsquery = f"to_tsquery('{POSTGRES_CONFIG}', %s)"
        parts = [f"(search_indexentry.vector @@ {tsquery})::int" for _ in expressions]
        parts.append(f"ts_rank(search_indexentry.vector, {tsquery})")
        # Constants and parameters only (see _match).
        return RawSQL(" + ".join(parts), [*expressions, expressions[-1]], output_field=FloatField())  # noqa: S611

    @staticmethod
    def _within(entries: QuerySet, near: Near) -> QuerySet:
        min_lat, max_lat, min_lon, max_lon = near.bounding_box()
        lat0, lon0 = math.radians(near.latitude), math.radians(near.longitude)
        half_dlat = (Radians(F("latitude")) - Value(lat0)) / 2
        half_dlon = (Radians(F("longitude")) - Value(lon0)) / 2
        h = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(Radians(F("latitude"))) * Power(
            Sin(half_dlon), 2
        )
        distance = Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(h, Value(1.0))))
        return (
            entries.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
            .annotate(distance=distance)
            .filter(distance__lte=near.km)
        )

    def _filtered(self, spec, query: Query) -> tuple[QuerySet, RawSQL | None]:
        """The entries matching ``query`` (text, keyword filters, distance) and the text's score expression."""
        IndexKeyword = _models()[1]
        entries = self._entries(spec)
        score = None
        if query.words:
            entries, score = self._match(entries, self._expand(query.words), all_groups=True)
        for name, values in query.filters.items():
            if name not in spec.keyword_names:
                raise ValueError(f"{spec.label} has no keyword field {name!r}")
            if values:
                chosen = IndexKeyword.objects.filter(name=name, value__in=[str(v) for v in values])
                entries = entries.filter(id__in=chosen.values("entry_id"))
        if query.near:
            entries = self._within(entries, query.near)
        return entries, score

    def _ordered(self, entries: QuerySet, score, query: Query, offset: int, limit: int) -> list[tuple]:
        """``(object_id,)`` rows — ``(object_id, distance)`` with a point — in the query's order, sliced."""
        order = {
            "name": ("sort_key", "object_id"),
            "relevance": ("-score", "sort_key", "object_id"),
            "distance": ("distance", "sort_key", "object_id"),
            "updated": ("-updated_at", "-object_id"),
        }[query.effective_sort]
        fields = ["object_id", "distance"] if query.near else ["object_id"]
        if query.effective_sort == "relevance" and connection.vendor == "sqlite":
            return self._sqlite_by_relevance(entries, score, query, offset, limit)
        if query.effective_sort == "relevance":
            entries = entries.annotate(score=self._postgres_score(score))
        return list(entries.order_by(*order).values_list(*fields)[offset : offset + limit])

    def search(self, spec, query: Query) -> Hits:
        IndexKeyword = _models()[1]
        entries, score = self._filtered(spec, query)
        total = entries.count()
        facet_names = spec.facet_names if query.facets is None else tuple(query.facets)
        facets: dict[str, dict[str, int]] = {name: {} for name in facet_names}
        if facet_names and total:
            keywords = IndexKeyword.objects.filter(entry_id__in=entries.values("id"))
            if total > FEW_ENTRIES:
                # Many entries: walk the (name, value, entry) index of the facets asked, in group order.
                keywords = keywords.filter(name__in=facet_names)
            # Few entries: no condition on the name, so the database reads each entry's keywords by the
            # entry index (SQLite would otherwise walk every keyword of the facets: ~100,000 index rows at
            # 10,000 actors for a search matching a hundred), and the other keywords are dropped here.
            counts = (
                keywords.values_list("name", "value")
                # COUNT(*), not COUNT(id): the covering (name, value, entry) index answers it alone.
                .annotate(n=Count("*"))
                .order_by()
            )
            for name, value, n in counts:
                if name in facets:
                    facets[name][value] = n
        rows = self._ordered(entries, score, query, query.offset, query.per_page) if total else []
        return Hits(
            object_ids=[row[0] for row in rows],
            total=total,
            facets=facets,
            distances={row[0]: row[1] for row in rows} if query.near else {},
        )

    def search_ids(self, spec, query: Query, limit: int) -> Hits:
        entries, score = self._filtered(spec, query)
        rows = self._ordered(entries, score, query, 0, limit)
        # Fewer rows than the cap is the whole result set: no count needed.
        total = len(rows) if len(rows) < limit else entries.count()
        return Hits(
            object_ids=[row[0] for row in rows],
            total=total,
            distances={row[0]: row[1] for row in rows} if query.near else {},
        )

    @staticmethod
    def _sqlite_by_relevance(
        entries: QuerySet, levels: list[str], query: Query, offset: int, limit: int
    ) -> list:
        """Rows in relevance order on SQLite: the strictest level matched, then bm25 over the broadest level.

        One full-text pass per level over the FTS table, then a sort in Python: a correlated ``bm25`` per row
        re-runs the full-text query for every candidate; fetching the ids and ranks once per level is linear,
        and the candidate list is bounded by the index size.
        """
        matched: dict[int, int] = {}
        ranks: dict[int, float] = {}
        with connection.cursor() as cursor:
            for level in levels:
                cursor.execute(
                    f"SELECT rowid, {SQLITE_RANK} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                    [level],
                )
                ranks = dict(cursor.fetchall())
                for rowid in ranks:
                    matched[rowid] = matched.get(rowid, 0) + 1
        fields = (
            ["id", "object_id", "sort_key", "distance"] if query.near else ["id", "object_id", "sort_key"]
        )
        candidates = sorted(
            entries.values_list(*fields),
            key=lambda row: (-matched.get(row[0], 0), -ranks.get(row[0], 0.0), row[2], row[1]),
        )
        return [(row[1], row[3]) if query.near else (row[1],) for row in candidates[offset : offset + limit]]

    def suggest(self, spec, prefix: str, limit: int) -> list[int]:
        folded = fold(prefix)
        if not folded:
            return []
        entries = self._entries(spec).filter(
            Q(sort_key__startswith=folded) | Q(sort_key__contains=" " + folded)
        )
        return list(entries.order_by("sort_key", "object_id").values_list("object_id", flat=True)[:limit])

    def more_like_this(self, spec, document, limit: int) -> list[int]:
        """Ranked by how many of the document's distinctive words an entry shares, then by name."""
        words = distinctive_words(document.all_text)
        if not words:
            return []
        entries = self._entries(spec).exclude(object_id=document.object_id)
        entries, _levels = self._match(entries, [[[w] for w in words]], all_groups=False)
        if connection.vendor == "postgresql":
            one = f"(search_indexentry.vector @@ to_tsquery('{POSTGRES_CONFIG}', %s))::int"
        else:
            one = f"(search_indexentry.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))"  # noqa: S608
            words = [f'"{w}"' for w in words]
        # Constants and parameters only (see _match).
        shared = RawSQL(" + ".join([one] * len(words)), words, output_field=FloatField())  # noqa: S611
        ordered = entries.annotate(shared=shared).order_by("-shared", "sort_key", "object_id")
        return list(ordered.values_list("object_id", flat=True)[:limit])
