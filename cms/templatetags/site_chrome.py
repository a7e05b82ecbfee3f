"""The header's menu and the footer's links, in the language of the page being read."""

from dataclasses import dataclass, field

from django import template
from django.db.models import Q
from django.utils import translation
from wagtail.models import Page

from cms import menus
from cms.models import SiteChrome

register = template.Library()

LINKS = ("legal_notice_page", "privacy_page", "accessibility_page", "contact_page", "showcase_page")


@dataclass
class Navigation:
    pages: dict[str, str] = field(default_factory=dict)  # the URL of each page the settings choose, by field
    main: list[menus.NavLink] = field(default_factory=list)
    footer: list[menus.NavLink] = field(default_factory=list)


def _live_pages_in_language(ids: set[int]) -> tuple[dict, dict]:
    """The live pages among ``ids`` and the live translations of those pages in the active language, in one
    query: (pages by id, translations by translation key)."""
    if not ids:
        return {}, {}
    language = translation.get_language()
    chosen = Page.objects.filter(pk__in=ids)
    pages = list(
        Page.objects.live()
        .filter(
            Q(pk__in=ids)
            | Q(translation_key__in=chosen.values("translation_key"), locale__language_code=language)
        )
        .select_related("locale")
    )
    by_pk = {page.pk: page for page in pages}
    translated = {page.translation_key: page for page in pages if page.locale.language_code == language}
    return by_pk, translated


@register.simple_tag(takes_context=True)
def site_navigation(context, chrome) -> Navigation:
    """The pages chosen in the site settings (``SiteChrome``), the main menu and the footer's links.

    The settings choose French pages; in another language each link goes to the chosen page's translation
    when it is live, else to the chosen page itself; an unpublished page gives no link. One query whatever the
    number of entries: the menus are read raw from the settings row (no query per chosen page), and their
    pages with the settings' own.
    """
    if not isinstance(chrome, SiteChrome):  # a page rendered without the settings (no request): no links
        return Navigation()
    main = list(chrome.main_menu.raw_data) or menus.default_main_menu(chrome)
    footer = list(chrome.footer_links.raw_data) or menus.default_footer_links()
    ids = {name: getattr(chrome, f"{name}_id") for name in LINKS}
    ids = {name: pk for name, pk in ids.items() if pk is not None}
    by_pk, translated = _live_pages_in_language({*ids.values(), *menus.page_ids(main + footer)})
    request = context.get("request")
    pages = {}
    for name, pk in ids.items():
        page = by_pk.get(pk)
        if page is not None:
            pages[name] = translated.get(page.translation_key, page).get_url(request)
    return Navigation(
        pages=pages,
        main=menus.resolve(main, by_pk, translated, request),
        footer=menus.resolve(footer, by_pk, translated, request),
    )
