"""Elasticsearch 8 backend, through the elasticsearch-dsl API shipped in the client (``elasticsearch.dsl``).

One index per spec, ``<ELASTICSEARCH_INDEX_PREFIX>-<app>-<model>``, described by an elasticsearch-dsl
``Document`` class built from the spec (:meth:`Backend.document_class`):

* ``title``, ``text_a``/``text_b``/``text_c`` — the French analyzer (elision, French stop words, light French
  stemmer) after ASCII folding, for relevance (boosts 10/10/4/1, like the database backend's weights);
* ``everything`` — all of those joined into one field (written by us rather than ``copy_to``, which some
  ES-compatible servers lack) analysed by folding only (no stemming): every query word must match there, with
  ``fuzziness: AUTO`` (the typo rule of ``search.text.max_edits``);
* ``title.suggest`` — edge n-grams (1–20) of the folded title words, for autocomplete;
* ``sort_key`` (folded title, keyword), ``kw_<name>`` keywords for filters and ``terms`` facets,
  ``location`` a ``geo_point`` for ``geo_distance`` filter and sort, ``updated_at``, ``object_id``.

Writes refresh the index at once, so a search just after ``search.index(obj)`` sees it. The index holds only
visible objects, and :mod:`search` re-reads hits from the live table, so a stale index never shows a hidden or
deleted object (it may, until re-indexed, count one in ``total`` and the facets).
"""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_exceptions
from elasticsearch.dsl import A, Date, Document, GeoPoint, Keyword, Long, Search, Text, analyzer, token_filter
from elasticsearch.dsl import Q as ESQ

from ..query import Hits, Query
from ..text import STOPWORDS, distinctive_words, fold, max_edits
from .base import SearchBackend, SearchBackendUnavailable

REQUEST_TIMEOUT = 5
FACET_SIZE = 500
# Elasticsearch's default ``index.max_result_window``: one request answers at most this many hits.
MAX_RESULT_WINDOW = 10_000
ERRORS = (es_exceptions.ConnectionError, es_exceptions.TransportError, es_exceptions.ApiError)

_elision = token_filter(
    "essaim_elision",
    type="elision",
    articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
_french_stop = token_filter("essaim_french_stop", type="stop", stopwords="_french_")
_french_stem = token_filter("essaim_french_stem", type="stemmer", language="light_french")
_edge = token_filter("essaim_edge", type="edge_ngram", min_gram=1, max_gram=20)

FRENCH = analyzer(
    "essaim_french",
    tokenizer="standard",
    filter=[_elision, "lowercase", "asciifolding", _french_stop, _french_stem],
)
FOLDED = analyzer("essaim_folded", tokenizer="standard", filter=[_elision, "lowercase", "asciifolding"])
AUTOCOMPLETE = analyzer(
    "essaim_autocomplete", tokenizer="standard", filter=[_elision, "lowercase", "asciifolding", _edge]
)
TEXT_FIELDS = {"title": 10, "text_a": 10, "text_b": 4, "text_c": 1}
# How each query word matched, strictest first, as the database backend ranks them (search.backends.database):
# a level's weight is above any BM25 score the fields can add, which only orders matches within a level.
LEVELS = {"exact": 1e6, "forms": 1e5, "prefix": 1e4, "typo": 1e3, "far_typo": 1e2}
MIN_PREFIX = 3


class Backend(SearchBackend):
    name = "elasticsearch"

    @cached_property
    def client(self) -> Elasticsearch:
        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
        return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=REQUEST_TIMEOUT)

    def ping(self) -> None:
        try:
            info = self.client.info()
        except ERRORS as exc:
            raise SearchBackendUnavailable(str(exc)) from exc
        if not str(info.get("version", {}).get("number", "")).startswith("8."):
            raise SearchBackendUnavailable(f"expected an Elasticsearch 8 API, got {info.get('version')}")

    # --- index and mapping ----------------------------------------------------------------------------

    def index_name(self, spec) -> str:
        return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{spec.label.replace('.', '-')}"

    def document_class(self, spec) -> type[Document]:
        """The elasticsearch-dsl ``Document`` of ``spec``'s index (built per call: the prefix is a setting)."""
        attributes = {
            "title": Text(
                analyzer=FRENCH, fields={"suggest": Text(analyzer=AUTOCOMPLETE, search_analyzer=FOLDED)}
            ),
            "text_a": Text(analyzer=FRENCH),
            "text_b": Text(analyzer=FRENCH),
            "text_c": Text(analyzer=FRENCH),
            "everything": Text(analyzer=FOLDED),
            "sort_key": Keyword(),
            "object_id": Long(),
            "location": GeoPoint(),
            "updated_at": Date(),
            **{f"kw_{name}": Keyword(multi=True) for name in spec.keyword_names},
            "Index": type(
                "Index",
                (),
                {"name": self.index_name(spec), "settings": {"number_of_shards": 1, "number_of_replicas": 0}},
            ),
        }
        return type(f"{spec.model.__name__}SearchDocument", (Document,), attributes)

    def _ensure(self, spec) -> None:
        if not self.client.indices.exists(index=self.index_name(spec)):
            self.document_class(spec).init(using=self.client)

    def _call(self, operation):
        try:
            return operation()
        except ERRORS as exc:
            raise SearchBackendUnavailable(str(exc)) from exc

    # --- writing --------------------------------------------------------------------------------------

    def _source(self, document) -> dict:
        source = {
            "object_id": document.object_id,
            "title": document.title,
            "sort_key": document.sort_key,
            "text_a": document.text["A"],
            "text_b": document.text["B"],
            "text_c": document.text["C"],
            "everything": document.all_text,
            "updated_at": document.updated_at.isoformat(),
        }
        if document.latitude is not None and document.longitude is not None:
            source["location"] = {"lat": document.latitude, "lon": document.longitude}
        for name, values in document.keywords.items():
            source[f"kw_{name}"] = values
        return source

    def index_documents(self, spec, documents) -> int:
        documents = list(documents)
        if not documents:
            return 0

        def write():
            self._ensure(spec)
            document_class = self.document_class(spec)
            actions = (
                document_class(meta={"id": str(d.object_id)}, **self._source(d)).to_dict(include_meta=True)
                for d in documents
            )
            helpers.bulk(self.client, actions, refresh=True)
            return len(documents)

        return self._call(write)

    def remove(self, spec, object_ids) -> None:
        def delete():
            if not self.client.indices.exists(index=self.index_name(spec)):
                return
            actions = (
                {"_op_type": "delete", "_index": self.index_name(spec), "_id": str(pk)} for pk in object_ids
            )
            helpers.bulk(self.client, actions, refresh=True, raise_on_error=False)

        self._call(delete)

    def clear(self, spec) -> None:
        def recreate():
            self.client.indices.delete(index=self.index_name(spec), ignore_unavailable=True)
            self.document_class(spec).init(using=self.client)

        self._call(recreate)

    # --- reading --------------------------------------------------------------------------------------

    def _search(self, spec) -> Search:
        return self.document_class(spec).search(using=self.client).source(False)

    def _run(self, spec, search: Search):
        def execute():
            if not self.client.indices.exists(index=self.index_name(spec)):
                return None
            return search.execute()

        return self._call(execute)

    def _filtered(self, spec, query: Query) -> tuple[Search, dict | None]:
        """The search for ``query`` (text, keyword filters, distance) in its order, and the distance sort."""
        s = self._search(spec).extra(track_total_hits=True)
        words = query.words
        if words:
            should = [
                ESQ("multi_match", query=" ".join(words), fields=[f"{f}^{b}" for f, b in TEXT_FIELDS.items()])
            ]
            s = s.query(ESQ("bool", must=[self._word(w) for w in words], should=should))
        for name, values in query.filters.items():
            if name not in spec.keyword_names:
                raise ValueError(f"{spec.label} has no keyword field {name!r}")
            if values:
                s = s.filter("terms", **{f"kw_{name}": [str(v) for v in values]})
        geo_sort = None
        if query.near:
            near = query.near
            point = {"lat": near.latitude, "lon": near.longitude}
            s = s.filter("geo_distance", distance=f"{near.km}km", location=point)
            geo_sort = {
                "_geo_distance": {"location": point, "order": "asc", "unit": "km", "distance_type": "arc"}
            }
        sort = {
            "name": ["sort_key", "object_id"],
            "relevance": [{"_score": "desc"}, "sort_key", "object_id"],
            "distance": [geo_sort, "sort_key", "object_id"],
            "updated": [{"updated_at": "desc"}, {"object_id": "desc"}],
        }[query.effective_sort]
        if query.near and query.effective_sort != "distance":
            sort = [*sort, geo_sort]  # only to read each hit's distance back
        return s.sort(*sort), geo_sort

    @staticmethod
    def _word(word: str):
        """One query word, scored by the strictest way it matches (``LEVELS``): the folded word itself, a
        form of it (the French-stemmed fields), a longer word it starts, a typo of one edit, then of its full
        allowance. Each level outweighs any sum of BM25 scores, which only orders within a level."""
        ways = [
            ("exact", ESQ("match", everything=word)),
            ("forms", ESQ("multi_match", query=word, fields=list(TEXT_FIELDS))),
        ]
        if max_edits(word):  # the typo allowance of every backend: none for a word of one or two letters
            ways += [
                ("typo", ESQ("match", everything={"query": word, "fuzziness": 1})),
                ("far_typo", ESQ("match", everything={"query": word, "fuzziness": max_edits(word)})),
            ]
        if len(word) >= MIN_PREFIX:
            ways.insert(2, ("prefix", ESQ("prefix", everything=word)))
        return ESQ("dis_max", queries=[ESQ("constant_score", filter=q, boost=LEVELS[n]) for n, q in ways])

    @staticmethod
    def _ids_and_distances(response, query: Query) -> tuple[list[int], dict[int, float]]:
        object_ids, distances = [], {}
        for hit in response.hits:
            pk = int(hit.meta.id)
            object_ids.append(pk)
            if query.near:
                distances[pk] = float(
                    hit.meta.sort[-1] if query.effective_sort != "distance" else hit.meta.sort[0]
                )
        return object_ids, distances

    def search(self, spec, query: Query) -> Hits:
        s, _geo_sort = self._filtered(spec, query)
        facet_names = spec.facet_names if query.facets is None else tuple(query.facets)
        for name in facet_names:
            s.aggs.bucket(name, A("terms", field=f"kw_{name}", size=FACET_SIZE))
        response = self._run(spec, s[query.offset : query.offset + query.per_page])
        if response is None:
            return Hits(object_ids=[], total=0, facets={name: {} for name in facet_names})
        object_ids, distances = self._ids_and_distances(response, query)
        facets = {
            name: {bucket.key: bucket.doc_count for bucket in getattr(response.aggregations, name).buckets}
            for name in facet_names
        }
        return Hits(
            object_ids=object_ids, total=response.hits.total.value, facets=facets, distances=distances
        )

    def search_ids(self, spec, query: Query, limit: int) -> Hits:
        s, _geo_sort = self._filtered(spec, query)
        response = self._run(spec, s[: min(limit, MAX_RESULT_WINDOW)])
        if response is None:
            return Hits(object_ids=[], total=0)
        object_ids, distances = self._ids_and_distances(response, query)
        return Hits(object_ids=object_ids, total=response.hits.total.value, distances=distances)

    def suggest(self, spec, prefix: str, limit: int) -> list[int]:
        folded = fold(prefix)
        if not folded:
            return []
        s = self._search(spec).query("match", **{"title.suggest": {"query": folded, "operator": "and"}})
        response = self._run(spec, s.sort("sort_key", "object_id")[:limit])
        return [int(hit.meta.id) for hit in response.hits] if response is not None else []

    def more_like_this(self, spec, document, limit: int) -> list[int]:
        if not distinctive_words(document.all_text):
            return []
        mlt = ESQ(
            "more_like_this",
            fields=["everything"],
            like=document.all_text,
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=12,
            minimum_should_match="1",
            stop_words=sorted(STOPWORDS),
        )
        s = self._search(spec).query(
            ESQ("bool", must=[mlt], must_not=[ESQ("ids", values=[str(document.object_id)])])
        )
        response = self._run(spec, s.sort({"_score": "desc"}, "sort_key", "object_id")[:limit])
        return [int(hit.meta.id) for hit in response.hits] if response is not None else []
