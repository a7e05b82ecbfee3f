"""What the faceted search pages share: the directory of structures and the project list.

Both read a lenient search form (``directory.forms.SearchForm``), run one search through ``search.search``,
and show the facets, the active filters and a page of results; both answer 503 with a message when the search
service is unreachable, and the last page when the one asked for is past the end (an old bookmark).
"""

import hashlib
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import get_language, gettext

import search
from search import Results, SearchBackendUnavailable, generation


def url(base_url: str, pairs: list[tuple[str, str]]) -> str:
    return f"{base_url}?{urlencode(pairs)}" if pairs else base_url


def run_search(model, form, token=generation.UNREAD) -> tuple[Results | None, int]:
    """The page of results ``form`` asks for, and the page's HTTP status; ``token``: the index generation
    the request read already (``search.generation.for_request``), if it did.

    A page past the end shows the last one, with a notice in ``form.notices``; an unreachable search service
    gives no results and 503 (the page says the search is temporarily unavailable).
    """
    try:
        results = search.search(model, form.query(), token=token)
        if not results.objects and results.total and form.page_number > results.num_pages:
            form.notices.append(gettext("This page no longer exists; here is the last one."))
            results = search.search(model, form.query(page=results.num_pages), token=token)
    except SearchBackendUnavailable:
        return None, 503
    return results, 200


def facet_groups(form, facets: dict[str, dict[str, int]], *, natural_order=(), offered=None) -> list[dict]:
    """Checkbox groups: every value with results, plus the chosen ones, most frequent first.

    Facets named in ``natural_order`` keep the order of their choices (the phases follow each other).
    ``offered(name, value)`` may hold back values that are not chosen (intercommunalities wait for a
    département). Ids follow the value, not the position: a live update re-sorts the options, and the focus
    is put back on the control with the same id. Each group has a ``hint`` (empty) a page may fill.
    """
    groups = []
    for name, legend in form.FACETS:
        counts = facets.get(name, {})
        chosen = set(form.value(name, []))
        labels = form.labels[name]
        values = [v for v in counts if v in labels] + [v for v in chosen if v not in counts]
        if offered is not None:
            values = [v for v in values if v in chosen or offered(name, v)]
        if name in natural_order:
            rank = {value: index for index, value in enumerate(labels)}
            values.sort(key=lambda v: rank.get(v, len(rank)))
        else:
            values.sort(key=lambda v: (-counts.get(v, 0), labels.get(v, v).casefold()))
        options = [
            {
                "value": value,
                "label": capfirst(labels.get(value, value)),
                "count": counts.get(value, 0),
                "checked": value in chosen,
                "id": f"facet-{name}-{slugify(value) or index}",
            }
            for index, value in enumerate(values)
        ]
        if options:
            groups.append({"name": name, "legend": legend, "options": options, "hint": ""})
    return groups


def cached_html(results: Results, name: str, parts: tuple, template: str, context) -> str:
    """``template`` rendered with ``context()``, cached under the index generation ``results`` were read at,
    the active language and ``parts``, which must name everything else the HTML shows.

    For the parts of a page built from the search's answer (facets, cards): any write to the index gives a
    new generation, so an edit shows at once. Rendered every time when the index has no generation yet.
    """
    html = generation.cached(
        results.generation,
        ("html", template, name, get_language(), *parts),
        lambda: render_to_string(template, context()),
    )
    return mark_safe(html)  # noqa: S308 — rendered by the template engine, which escaped it


def vocabulary_key(form) -> str:
    """A digest of the labels the form read (themes, resources, territories…): a term added or renamed
    without any write to the index (no structure shows it yet) still changes what a page caches."""
    labels = sorted((name, sorted(values.items())) for name, values in form.labels.items())
    return hashlib.sha256(repr(labels).encode()).hexdigest()


def facets_html(results: Results, form, groups) -> str:
    """The facets' checkboxes (``directory/includes/facets.html``) for ``form``'s search: the counts come
    from ``results`` (the generation), the labels from the language, the checked boxes from every filter
    (``form.params()``: the text, each facet value, the place; not the order, which changes no count; the
    page is never in it). ``groups()`` builds the groups."""
    params = tuple(pair for pair in form.params() if pair[0] != "sort")
    parts = (type(form).__name__, params, vocabulary_key(form))
    return cached_html(
        results, "facets", parts, "directory/includes/facets.html", lambda: {"facet_groups": groups()}
    )


def active_filters(form, base_url: str, keep: list[tuple[str, str]] = ()) -> list[dict]:
    """Each facet value that narrows the search, with the URL of the same search without it (and ``keep``)."""
    active = []
    for name, legend in form.FACETS:
        for value in form.value(name, []):
            label = capfirst(form.labels[name].get(value, value))
            text = gettext("%(filter)s: %(value)s") % {"filter": legend, "value": label}
            active.append(
                {"label": text, "url": url(base_url, form.params(without=(name, value)) + list(keep))}
            )
    return active
