"""Folding and the typo rule shared by every backend."""

import pytest

from search.text import fold, max_edits, tokens, within_edits


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
