"""Partner matching: ranked, explained suggestions of structures for a partner slot, and the reverse.

Public interface (shared with the consortium builder and ``matching_eval``)::

    suggest_for_slot(slot, *, limit=10, weights=None) -> list[Suggestion]
    slots_for_actor(actor, *, limit=10, weights=None) -> list[SlotSuggestion]
    current_weights() -> Weights
    as_json(suggestions) -> list[dict]   # the one serialiser of the JSON endpoint and suggest_partners
    suggest_for_need(need, projects, *, limit=5) -> list[NeedSuggestion]   # mature projects for a need

Modules by concept: :mod:`.weights` (the weights and their defaults), :mod:`.candidates` (hard filters),
:mod:`.profiles` (what is known of the structures and of the slots, loaded in bulk), :mod:`.relevance` (text
relevance through the search backend), :mod:`.parts` (each part of the score), :mod:`.reasons` (the
sentences of « Pourquoi cette suggestion ? ») and :mod:`.ranking` (putting them together).

``ecosystem.models.MatchingSettings`` imports :mod:`.weights` while the models load, so the engine modules,
which import the models, are loaded on first use rather than here.
"""

from importlib import import_module

_EXPORTS = {
    "DEFAULTS": ".weights",
    "PARTS": ".weights",
    "Weights": ".weights",
    "current_weights": ".weights",
    "Suggestion": ".ranking",
    "SlotSuggestion": ".ranking",
    "suggest_for_slot": ".ranking",
    "slots_for_actor": ".ranking",
    "as_json": ".ranking",
    "NeedSuggestion": ".needs",
    "suggest_for_need": ".needs",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
