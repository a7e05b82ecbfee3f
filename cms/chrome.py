"""What the header and the footer show on every page, kept under the index generation (``search.generation``).

The site settings (``SiteChrome``), the menus and the pages they link cost three round trips per page (the
site, its settings, the pages) plus Wagtail's site root paths (from the cache: a database round trip with the
embedded default) — more than a cached directory page's whole content on PostgreSQL (issue #15). They change
only when an editor writes a page, a site, a locale or the settings, so every such write replaces the index
generation (:func:`connect`), and the chrome is kept under it like the directory's answers: a page that read
the generation already (the directory) gets its header and footer with no query at all, any other page with
one, and an editor's change shows on the next request. Sharing the directory's token costs the directory one
recomputation of its cached answers per editorial write, which is rare; a token of their own would cost every
page a round trip more.

Kept per language and per host and port (the site a request reaches, and so whether a page's URL is relative):
everything the chrome holds is text computed in the language read, never a model instance shared between
requests.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_unpublished, post_page_move

from cms import menus
from cms.models import SiteChrome
from search import generation

LINKS = ("legal_notice_page", "privacy_page", "accessibility_page", "contact_page", "showcase_page")


@dataclass(frozen=True)
class Navigation:
    pages: dict[str, str] = field(default_factory=dict)  # the URL of each page the settings choose, by field
    main: list[menus.NavLink] = field(default_factory=list)
    footer: list[menus.NavLink] = field(default_factory=list)
    owner_name: str = ""  # in the language read (cms/translation.py)
    accessibility_status: str = ""  # its label, in the language read
    contact_email: str = ""


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


def read(request) -> Navigation:
    """The chrome of ``request``'s site in the active language, from the database.

    The settings choose French pages; in another language each link goes to the chosen page's translation
    when it is live, else to the chosen page itself; an unpublished page gives no link. One query for the pages
    whatever the number of entries: the menus are read raw from the settings row (no query per chosen page).
    """
    site = Site.find_for_request(request)
    if site is None:  # no site answers this host: no settings to read
        return Navigation()
    # A site whose settings were never saved shows their defaults, without writing the row from a GET
    # (Wagtail's ``for_site`` creates it: a write, which would replace the generation on a site's first page).
    chrome = SiteChrome.objects.filter(site=site).first() or SiteChrome(site=site)
    main = list(chrome.main_menu.raw_data) or menus.default_main_menu(chrome)
    footer = list(chrome.footer_links.raw_data) or menus.default_footer_links()
    ids = {name: getattr(chrome, f"{name}_id") for name in LINKS}
    ids = {name: pk for name, pk in ids.items() if pk is not None}
    by_pk, translated = _live_pages_in_language({*ids.values(), *menus.page_ids(main + footer)})
    pages = {}
    for name, pk in ids.items():
        page = by_pk.get(pk)
        if page is not None:
            pages[name] = translated.get(page.translation_key, page).get_url(request)
    return Navigation(
        pages=pages,
        main=menus.resolve(main, by_pk, translated, request),
        footer=menus.resolve(footer, by_pk, translated, request),
        owner_name=str(chrome.owner_name or ""),
        accessibility_status=str(chrome.get_accessibility_status_display()),
        contact_email=chrome.contact_email,
    )


def for_request(request) -> Navigation:
    """The chrome of ``request`` (None: a page rendered without one, which has no links), kept under the
    index generation the request reads (once per request: ``generation.for_request``)."""
    if request is None:
        return Navigation()
    hostname, _port = split_domain_port(request.get_host())
    parts = ("site-chrome", translation.get_language(), hostname, request.get_port())
    return generation.cached(generation.for_request(request), parts, lambda: read(request))


def _changed(**kwargs) -> None:
    generation.bump()


def connect() -> None:
    """Replace the generation on every write the chrome depends on: the settings, any page (a title, a slug,
    published or not, moved, deleted: a menu or the settings may link it, or its translation), a site (its
    host, its root: the pages' URLs) and a locale. Pages are saved as their own class, so the page signals are
    connected for any sender and filtered here."""
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        for model in (SiteChrome, Site, Locale):
            signal.connect(_changed, sender=model, dispatch_uid=f"chrome-{model.__name__}-{name}")
        signal.connect(_page_changed, dispatch_uid=f"chrome-page-{name}")
    # Moving runs treebeard's raw SQL for the subtree; unpublishing saves, but say it explicitly.
    post_page_move.connect(_changed, dispatch_uid="chrome-page-moved")
    page_unpublished.connect(_changed, dispatch_uid="chrome-page-unpublished")


def _page_changed(sender, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, Page):
        generation.bump()
