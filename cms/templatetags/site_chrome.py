"""The footer's mandatory links, in the language of the page being read."""

from django import template
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page

from cms.models import SiteChrome

register = template.Library()

LINKS = ("legal_notice_page", "privacy_page", "accessibility_page", "contact_page", "showcase_page")


@register.simple_tag(takes_context=True)
def chrome_page_urls(context, chrome) -> dict[str, str]:
    """The URL of each page chosen in the site settings (``SiteChrome``), by field name.

    The settings choose the French pages; in another language each link goes to the chosen page's
    translation when it is live, else to the chosen page itself. One query whatever the number of links.
    """
    if not isinstance(chrome, SiteChrome):  # a page rendered without the settings (no request): no links
        return {}
    ids = {field: getattr(chrome, f"{field}_id") for field in LINKS}
    ids = {field: pk for field, pk in ids.items() if pk is not None}
    if not ids:
        return {}
    language = translation.get_language()
    chosen = Page.objects.filter(pk__in=ids.values())
    pages = list(
        Page.objects.live()
        .filter(
            Q(pk__in=ids.values())
            | Q(translation_key__in=chosen.values("translation_key"), locale__language_code=language)
        )
        .select_related("locale")
    )
    by_pk = {page.pk: page for page in pages}
    translated = {page.translation_key: page for page in pages if page.locale.language_code == language}
    request = context.get("request")
    urls = {}
    for field, pk in ids.items():
        page = by_pk.get(pk)
        if page is None:  # the chosen page is unpublished: no link, as before
            continue
        urls[field] = translated.get(page.translation_key, page).get_url(request)
    return urls
