"""Template helpers for the language switch."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def translated_url(context, language_code: str) -> str:
    """The current page's address in another language, query string kept (filters stay applied)."""
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language_code)
