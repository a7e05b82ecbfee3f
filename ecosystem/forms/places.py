"""Form fields for places and structures typed by people: one combobox, one resolution, one « did you mean ».

Every territory and structure input is a text field that ``static/js/combobox.js`` turns into an ARIA 1.2
combobox over a JSON suggestion endpoint (``ecosystem.views.suggestions``). Without JavaScript it stays a plain
field: what was typed is resolved server-side (:func:`ecosystem.territories.resolve`, :func:`resolve_actor`),
and when it names several places or structures, or none, the error comes back with the candidates as radio
buttons under the field (``<name>-choice``); the one ticked is what the field means on the next submit.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

import search
from ecosystem.models import Actor, Territory
from ecosystem.territories import SERVED_LEVELS, describe, resolve, resolve_many, territory_label
from search.text import fold

CHOICE_SUFFIX = "-choice"
ACTOR_CHOICES = 10


class ComboboxInput(forms.TextInput):
    """A text input inside a combobox wrapper, followed by the « did you mean » choices of the last submit.

    ``suggestions`` is a ``(url name, query parameters)`` pair; ``offered`` is set by the field when it
    fails, as ``[(value, label)]``.
    """

    template_name = "components/forms/combobox_input.html"

    def __init__(self, suggestions: tuple[str, list] = ("ecosystem:territory_suggestions", []), attrs=None):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.suggestions = suggestions
        self.offered: list[tuple[str, str]] = []
        self.kind = "territories" if "territor" in suggestions[0] else "structures"

    def value_from_datadict(self, data, files, name):
        return data.get(name + CHOICE_SUFFIX) or super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name + CHOICE_SUFFIX not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url_name, params = self.suggestions
        url = reverse(url_name)
        context["widget"].update(
            suggestions_url=f"{url}?{urlencode(params, doseq=True)}" if params else url,
            offered=self.offered,
            choice_name=name + CHOICE_SUFFIX,
            kind=self.kind,
        )
        return context


class ComboboxTextarea(ComboboxInput):
    """The combobox on a list typed one entry per line: suggestions complete the line being typed.

    A choice's value is ``"<line number>|<what the line means>"``: ticking it replaces that line only.
    """

    input_type = "textarea"

    def __init__(self, suggestions=("ecosystem:territory_suggestions", []), attrs=None):
        super().__init__(suggestions, {"rows": 3, **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        text = forms.Textarea().value_from_datadict(data, files, name) or ""
        line, _bar, chosen = (data.get(name + CHOICE_SUFFIX) or "").partition("|")
        lines = text.splitlines()
        if chosen and line.isdigit() and int(line) < len(lines):
            lines[int(line)] = chosen
            text = "\n".join(lines)
        return text


class TerritoryField(forms.CharField):
    """One territory of ``levels`` typed by a person; cleans to a :class:`Territory` (or ``None`` when blank)."""

    def __init__(self, *, levels=SERVED_LEVELS, **kwargs):
        kwargs.setdefault("max_length", 220)
        params = [("level", level) for level in levels]
        kwargs.setdefault("widget", ComboboxInput(("ecosystem:territory_suggestions", params)))
        super().__init__(**kwargs)
        self.levels = tuple(levels)

    def prepare_value(self, value):
        if isinstance(value, Territory):
            return territory_label(value)
        if isinstance(value, int):
            territory = Territory.objects.filter(pk=value).first()
            return territory_label(territory) if territory else ""
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        resolution = resolve(text, self.levels)
        if resolution.territory is not None:
            return resolution.territory
        self.widget.offered = [(territory_label(t), describe(t)) for t in resolution.candidates]
        raise forms.ValidationError(resolution.message, code=resolution.code)


class TerritoriesField(forms.CharField):
    """Several territories, one per line (or separated by semicolons); cleans to a list of territories."""

    def __init__(self, *, levels=SERVED_LEVELS, **kwargs):
        params = [("level", level) for level in levels]
        kwargs.setdefault("widget", ComboboxTextarea(("ecosystem:territory_suggestions", params)))
        super().__init__(**kwargs)
        self.levels = tuple(levels)

    def clean(self, value):
        text = super().clean(value) or ""
        resolutions = resolve_many(text, self.levels)
        if resolutions.failed:
            first = resolutions.failed[0]
            lines = [" ".join(line.split()) for line in text.splitlines()]
            if first.text in lines:
                line = lines.index(first.text)
                self.widget.offered = [
                    (f"{line}|{territory_label(t)}", describe(t)) for t in first.candidates
                ]
            raise forms.ValidationError(resolutions.errors)
        return resolutions.territories


# --- structures ------------------------------------------------------------------------------------------


def actor_value(actor: Actor) -> str:
    """What a chosen structure puts in the field: its name, with its slug only when choosing among namesakes."""
    return f"{actor.name} [{actor.slug}]"


def actor_description(actor: Actor) -> str:
    where = actor.commune.name if actor.commune_id else ""
    return " — ".join(part for part in (actor.name, str(actor.get_kind_display()), where) if part)


def resolve_actor(candidates: QuerySet[Actor], text: str) -> tuple[Actor | None, list[Actor], str]:
    """The structure of ``candidates`` meant by ``text``: ``(actor, [], "")`` or ``(None, choices, message)``.

    An exact name (case- and accent-blind), else ``"Name [slug]"`` as a choice writes it, else the structures
    whose name has every typed word (accent-blind, through the search index for public structures, plus a
    plain substring for the person's own ones): one is meant, several are a choice, none is an error.
    """
    text = " ".join(text.split())
    if text.endswith("]") and "[" in text:
        found = list(candidates.filter(slug=text.rsplit("[", 1)[1][:-1].strip())[:1])
        if found:
            return found[0], [], ""
        text = text.rsplit("[", 1)[0].strip()
    words = fold(text).split()
    public = _public_matching(text, 50) if words else []
    found = list(
        candidates.filter(Q(pk__in=public) | Q(name__icontains=text))
        .select_related("commune")
        .order_by("name", "pk")[:200]
    )
    found = [a for a in found if set(words) <= set(fold(a.name).split()) or _all_prefixes(words, a.name)]
    exact = [a for a in found if fold(a.name) == fold(text)]
    found = exact or found
    if len(found) == 1:
        return found[0], [], ""
    if not found:
        return _nearby(candidates, text, words)
    message = gettext("Several structures match “%(text)s”: choose one.") % {"text": text}
    return None, found[:ACTOR_CHOICES], message


def _public_matching(text: str, limit: int) -> list[int]:
    """Ids of public structures with a name word starting so, through the search index (accent-blind)."""
    try:
        return [actor.pk for actor in search.suggest(Actor, text, limit=limit)]
    except search.SearchBackendUnavailable:
        return []


def _nearby(candidates: QuerySet[Actor], text: str, words: list[str]) -> tuple[None, list[Actor], str]:
    """The « did you mean » of a name found nowhere: structures sharing its longest words, a letter short."""
    ids = []
    for word in sorted((w for w in words if len(w) >= 4), key=len, reverse=True)[:2]:
        ids += _public_matching(word[:-1] if len(word) > 4 else word, ACTOR_CHOICES)
    nearby = list(
        candidates.filter(pk__in=ids).select_related("commune").order_by("name", "pk")[:ACTOR_CHOICES]
    )
    if nearby:
        message = gettext("No structure named “%(text)s” was found. Did you mean one of these?")
        return None, nearby, message % {"text": text}
    return None, [], gettext("No structure named “%(text)s” was found.") % {"text": text}


def _all_prefixes(words: list[str], name: str) -> bool:
    name_words = fold(name).split()
    return all(any(n.startswith(w) for n in name_words) for w in words)


class ActorChoiceField(forms.CharField):
    """A structure typed by name, resolved among ``candidates`` (set by the form at run time)."""

    def __init__(self, *args, kinds=(), **kwargs):
        kwargs.setdefault("max_length", 240)
        params = [("kind", kind) for kind in sorted(kinds)]
        kwargs.setdefault("widget", ComboboxInput(("ecosystem:actor_suggestions", params)))
        super().__init__(*args, **kwargs)
        self.candidates = Actor.objects.none()

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        actor, choices, message = resolve_actor(self.candidates, text)
        if actor is not None:
            return actor
        self.widget.offered = [(actor_value(a), actor_description(a)) for a in choices]
        raise forms.ValidationError(message, code="ambiguous" if choices else "not_found")


__all__ = [
    "ActorChoiceField",
    "ComboboxInput",
    "TerritoriesField",
    "TerritoryField",
    "resolve_actor",
]
