"""Hostile search text, on every backend: never an error, never query syntax; no word means no text.

A query made only of punctuation, operators of some query language, symbols, emoji, invisible marks or NUL
is treated as an empty query; one with words among them is treated as those words.
"""

import search
from ecosystem.models import Actor, Project
from search import Query

# Query-language syntax (FTS5, tsquery, Lucene), punctuation, symbols, emoji, invisible marks, NUL, the
# replacement character of invalid UTF-8 and a lone surrogate.
NO_WORD = [
    '"',
    '""',
    "'",
    "*",
    "(",
    ")",
    "((((",
    "-",
    "+",
    ":",
    "^",
    "~",
    "!",
    "&",
    "|",
    "\\",
    '\\"',
    "{}",
    "[",
    "*:*",
    "&&",
    "||",
    "-- ;",
    "%",
    "_",
    "…",
    "«»",
    "—",
    "©®™",
    "😀",
    "👩‍👩‍👧",
    "\u200b",
    "\u200e\u200f",
    "\u202e",
    "\ufeff",
    "\x00",
    "\x00\x00\x00",
    "\ufffd",
    "\ud800",
    " \t\n",
]
# The same words as "péronne" (the Recyclerie de Péronne, then the Atelier Vélo passing through Péronne).
PERONNE = [
    '"péronne',
    'péronne"',
    "péronne*",
    "(péronne)",
    "péronne:",
    "+péronne -",
    "pé\u200bronne",
    "\u202epéronne\u202c",
    "péronne\x00",
    "\x00péronne",
    "péronne 😀",
    "péronne\ufffd",
    "péronne~",
    "« péronne »",
    "péronne !!!",
]


def slugs(results):
    return [obj.slug for obj in results.objects]


def test_a_query_without_a_word_is_an_empty_query(world):
    for sort in ("relevance", "name", "updated"):
        everything = search.search(Actor, Query(sort=sort))
        assert everything.total == 5
        for text in NO_WORD:
            results = search.search(Actor, Query(text=text, sort=sort))
            assert (slugs(results), results.total, results.facets) == (
                slugs(everything),
                everything.total,
                everything.facets,
            ), text
    for text in NO_WORD:
        assert search.search(Project, Query(text=text)).total == 1, text
        assert search.suggest(Actor, text) == [], text


def test_a_query_with_words_among_symbols_is_those_words(world):
    for text in PERONNE:
        assert slugs(search.search(Actor, Query(text=text)))[:2] == ["recyclerie", "velo"], text


def test_operators_of_query_languages_are_ordinary_words(world):
    for text in ("AND", "OR", "NOT", "NEAR", "and or not"):
        assert search.search(Actor, Query(text=text)).total == 0


def test_a_very_long_query_is_answered(world):
    assert search.search(Actor, Query(text="péronne " + "x" * 5000 + " ( " * 2000)).total == 0
    assert slugs(search.search(Actor, Query(text="péronne " * 3000)))[:2] == ["recyclerie", "velo"]
    many = " ".join(f"mot{n}" for n in range(500))
    assert search.search(Actor, Query(text=many)).total == 0
