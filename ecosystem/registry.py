"""What the apps above the domain plug into it: the public address of its objects and « Mon espace » sections.

Imports run one way (``directory`` and ``spaces`` import ``ecosystem``, never the reverse), yet the domain
needs a structure's public page for a notification and « Mon espace » shows the person's rooms. So the upper
apps register here from their ``AppConfig.ready()``, as they register personal-data export sections
(:func:`ecosystem.actions.personal_data.register_export_section`), and the domain never names their URLs or
template tags. The digest takes sections from them the same way (:func:`register_digest_section`): unread
messages per room come from ``spaces``; so does an event's page (:func:`register_event_section`): the space
hosting the event, and the apps hear of an event's publication (:func:`register_event_published`): the space
organising it tells its members.
"""

from collections.abc import Callable

from django.db.models import Model

_URLS: dict[type[Model], Callable[[Model], str]] = {}
_DASHBOARD_SECTIONS: list[str] = []
_PAGES: dict[str, Callable[[], str]] = {}
_DIGEST_SECTIONS: dict[str, Callable] = {}
_EVENT_SECTIONS: dict[str, Callable] = {}
_EVENT_PUBLISHED: dict[str, Callable] = {}


def register_url(model: type[Model], build: Callable[[Model], str]) -> None:
    """``build(obj)`` gives the public address of a ``model`` row (its ``get_absolute_url``)."""
    _URLS[model] = build


def url_for(obj: Model) -> str:
    """The public address of ``obj``; ``LookupError`` when no app gave one (its page is not installed)."""
    try:
        build = _URLS[type(obj)]
    except KeyError:
        raise LookupError(f"no public address registered for {type(obj).__name__}") from None
    return build(obj)


def register_dashboard_section(template_name: str) -> None:
    """Include ``template_name`` in « Mon espace » (rendered with the dashboard's context, ``user`` included)."""
    if template_name not in _DASHBOARD_SECTIONS:
        _DASHBOARD_SECTIONS.append(template_name)


def dashboard_sections() -> list[str]:
    return list(_DASHBOARD_SECTIONS)


def register_page(name: str, build: Callable[[], str]) -> None:
    """``build()`` gives the address of an upper app's page the domain links to (« the directory »)."""
    _PAGES[name] = build


def pages() -> dict[str, str]:
    """``{name: address}`` of the registered pages, for templates."""
    return {name: build() for name, build in _PAGES.items()}


def register_digest_section(name: str, build: Callable) -> None:
    """``build(user, since) -> (title, [(text, address), ...])`` or ``None``: a part of the digest listing only
    what is new for ``user`` since ``since`` (nothing new: ``None``, and no digest on its account). Called in
    the person's language, once per digest; it should cost a constant number of queries."""
    _DIGEST_SECTIONS[name] = build


def digest_sections() -> list[Callable]:
    return list(_DIGEST_SECTIONS.values())


def register_event_section(name: str, build: Callable) -> None:
    """``build(request, event) -> str``: HTML (rendered by a template, so escaped) an event's page shows under
    its title, or ``""`` for nothing. It should cost a constant number of queries."""
    _EVENT_SECTIONS[name] = build


def event_sections(request, event) -> list[str]:
    """What the registered apps add to ``event``'s page, in registration order (empty parts left out)."""
    return [part for build in _EVENT_SECTIONS.values() if (part := build(request, event))]


def register_event_published(name: str, callback: Callable) -> None:
    """``callback(event)`` runs in the transaction that publishes ``event``, once, when it leaves the drafts
    (:func:`ecosystem.actions.events.do_publish_event`), whoever publishes it: the upper app's side effects
    (notifications) then commit or roll back with the publication."""
    _EVENT_PUBLISHED[name] = callback


def event_published(event) -> None:
    for callback in _EVENT_PUBLISHED.values():
        callback(event)
