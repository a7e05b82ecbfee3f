"""Text relevance, the second signal of fit: the slot's distinctive words found in a structure's indexed text.

Through the search backend (the same index, French word forms and typo tolerance as the directory), one
``search_ids`` request per word: the number of requests depends on the slot's words (at most ``MAX_WORDS``),
never on the number of structures. A backend that does not answer gives no text signal (the other parts
still rank), and it is logged. The reverse side (one structure, many slots) compares word forms
(:func:`search.text.stem`) in Python instead: the one structure's text is at hand.
"""

import logging
from collections import defaultdict

import search
from ecosystem.models import Actor
from search import Query, SearchBackendUnavailable
from search.text import distinctive_words, fold, stem
from search.text import words as typed_words

logger = logging.getLogger(__name__)

MAX_WORDS = 6


def _slot_text(context) -> str:
    slot = context.slot
    return " ".join([slot.title, slot.description, *context.sought.values()])


def slot_words(context) -> list[str]:
    """The slot's most distinctive folded words: its title, description and what it seeks."""
    return distinctive_words(_slot_text(context), limit=MAX_WORDS)


def typed_forms(context) -> dict[str, str]:
    """``{folded word: the word as the slot writes it}`` (« mobilites » → « mobilités »), for reasons."""
    forms: dict[str, str] = {}
    for token in _slot_text(context).split():  # word by word: ``words`` keeps only a query's first few
        for word in typed_words(token):
            forms.setdefault(fold(word), word.lower())
    return forms


def indexed_matches(words: list[str]) -> dict[int, set[str]]:
    """``{actor id: the words of ``words`` its indexed text contains}`` through the search backend."""
    found: dict[int, set[str]] = defaultdict(set)
    for word in words:
        try:
            # Ordered by name, not relevance: only the set counts, and the relevance order costs a ranking
            # pass over every match.
            hits = search.search_ids(Actor, Query(text=word, sort="name"))
        except SearchBackendUnavailable as exc:
            logger.warning("matching: no text relevance, the search backend did not answer: %s", exc)
            return {}
        for pk in hits.object_ids:
            found[pk].add(word)
    return found


def actor_stems(actor: Actor, profile) -> frozenset[str]:
    """Word forms of one structure's own text (name, description, offers): the reverse side's index."""
    text = " ".join([actor.name, actor.description, *profile.offers.values()])
    return frozenset(stem(word) for word in fold(text).split())


def local_matches(words: list[str], stems: frozenset[str]) -> set[str]:
    return {word for word in words if stem(word) in stems}
