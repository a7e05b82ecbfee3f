"""Template helpers for the language switch and the ``hreflang`` alternates of the page head.

On an editorial (Wagtail) page, another language's address is the page's translation in that language
(its slug may differ: ``/mentions-legales/`` is ``/en/legal-notice/``); a page not translated (yet) leads
to that language's home page rather than to a 404. Everywhere else the address is the same path under the
other language's prefix (Django's ``translate_url``), query string kept.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page

register = template.Library()


def _translations(request, page: Page) -> dict[str, Page]:
    """The live translations of ``page`` (itself included) by language code: one query, once per request."""
    cache = getattr(request, "_essaim_translations", None)
    if cache is None or cache[0] != page.pk:
        pages = page.get_translations(inclusive=True).live().select_related("locale")
        cache = (page.pk, {each.locale.language_code: each for each in pages})
        request._essaim_translations = cache
    return cache[1]


def _home_url(language_code: str) -> str:
    with translation.override(language_code):
        return reverse("wagtail_serve", args=[""])


def language_url(context, language_code: str) -> tuple[str, bool]:
    """The address of the current page in ``language_code``, and whether it is this very page's translation."""
    request = context.get("request")
    if request is None:
        return "/", False
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        translated = _translations(request, page).get(language_code)
        if translated is None:
            return _home_url(language_code), False
        return translated.get_url(request), True
    return translate_url(request.get_full_path(), language_code), True


@register.simple_tag(takes_context=True)
def translated_url(context, language_code: str) -> str:
    """The current page's address in another language (the switcher's links)."""
    return language_url(context, language_code)[0]


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """``(language code, absolute URL)`` of every language this page exists in, for ``<link rel="alternate">``."""
    request = context.get("request")
    if request is None:
        return []
    alternates = []
    for code, _name in settings.LANGUAGES:
        url, same_page = language_url(context, code)
        if same_page:
            alternates.append((code, request.build_absolute_uri(url)))
    return alternates if len(alternates) > 1 else []
