"""Folding and the typo rule shared by every backend."""

import pytest

from search.text import MAX_QUERY_WORDS, fold, max_edits, query_words, stem, tokens, within_edits, words


def test_fold_drops_case_accents_ligatures_and_punctuation():
    assert fold("Péronne-en-Mélantois") == "peronne en melantois"
    assert fold("CŒUR d'Hauts-de-France") == "coeur d hauts de france"
    assert tokens("Péronne PERONNE peronne") == ["peronne"]


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("peronne", "peronne", 0, True),
        ("perone", "peronne", 1, True),  # deletion
        ("peronme", "peronne", 1, True),  # substitution
        ("pernone", "peronne", 1, True),  # swap of neighbours
        ("pirone", "peronne", 1, False),
        ("pirone", "peronne", 2, True),
        ("abc", "abcdef", 2, False),
    ],
)
def test_within_edits(a, b, limit, expected):
    assert within_edits(a, b, limit) is expected


def test_typo_allowance_grows_with_the_word_like_elasticsearch_auto():
    assert [max_edits(w) for w in ("de", "velo", "albert", "recyclerie")] == [0, 1, 2, 2]


def test_query_words_keep_only_letters_and_digits_whatever_surrounds_them():
    assert query_words('"Péronne* (la) \x00 😀 pé\u200bronne') == ["peronne"]
    assert query_words('"*()\x00😀\u200b\u202e\ufffd') == []
    assert query_words("le") == ["le"]  # only stopwords: searched as they are
    assert len(query_words(" ".join(f"w{n}" for n in range(100)))) == MAX_QUERY_WORDS


def test_words_as_typed_keep_accents_and_case_for_wagtail():
    assert words('"Péronne" (ville)* \x00') == ["Péronne", "ville"]
    assert words("AND OR") == ["AND", "OR"]  # quoted by Wagtail as terms, never operators
    assert words("\u202e*") == []


def test_stem_gives_singular_plural_masculine_and_feminine_the_same_key():
    assert stem("jardin") == stem("jardins")
    assert stem("partage") == stem("partagee") == stem("partagees") == stem("partages")
    assert stem("velo") == stem("velos")
    assert stem("lieu") == stem("lieux")
    assert stem("peronne") != stem("personnes")  # a look-alike is not a form
