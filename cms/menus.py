"""The header's main menu and the footer's links, edited by staff in the site settings (``SiteChrome``).

Each entry leads to a page (chosen in the page tree: a new page reaches the menu without code), to one of the
site's own sections (directory, agenda…: Django views, not pages) or to an outside address. Entries are chosen
once, with the French pages; in English a page entry leads to the page's translation.

A label is given per language; without one in the language read, an entry shows the page's title (its
translation's) or the section's name in that language, else the French label. The menus are StreamFields of
the settings row: they cost no query of their own, and their pages are read with the settings' own in one
query, once per index generation and language (``cms.chrome``).

With no entry (a new site, or a test without the demo), the menus are today's, so the header never comes
out empty.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# The site's sections that are views rather than pages: (URL name, name).
SECTIONS = {
    "home": ("wagtail_serve", _("Home")),
    "directory": ("directory:actor_search", _("Directory")),
    "projects": ("directory:project_list", _("Projects")),
    "calls": ("ecosystem:call_list", _("Calls for projects")),
    "agenda": ("ecosystem:agenda", _("Agenda")),
    "signup": ("account_signup", _("Sign up")),
}
SECTION_CHOICES = [(key, name) for key, (_url_name, name) in SECTIONS.items()]

OPEN_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def _labels(required: bool = False) -> list:
    help_text = None if required else _("Leave empty to show the page's title or the section's name.")
    return [
        (
            "label_fr",
            blocks.CharBlock(
                label=_("label in French"), max_length=80, required=required, help_text=help_text
            ),
        ),
        ("label_en", blocks.CharBlock(label=_("label in English"), max_length=80, required=False)),
    ]


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("page"))

    def __init__(self, **kwargs):
        super().__init__(_labels(), **kwargs)

    class Meta:
        icon = "doc-empty"
        label = _("page")


class SectionLinkBlock(blocks.StructBlock):
    section = blocks.ChoiceBlock(label=_("site section"), choices=SECTION_CHOICES)

    def __init__(self, **kwargs):
        super().__init__(_labels(), **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("site section")


class ExternalLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("address"))

    def __init__(self, **kwargs):
        # An outside address has no title to fall back on.
        super().__init__(_labels(required=True), **kwargs)

    class Meta:
        icon = "link-external"
        label = _("outside address")


class MenuBlock(blocks.StreamBlock):
    page = PageLinkBlock()
    section = SectionLinkBlock()
    link = ExternalLinkBlock()


def default_main_menu(chrome) -> list[dict]:
    """Today's main menu, for a site whose editors have not written one (raw entries, as stored)."""
    entries = [{"type": "section", "value": {"section": key}} for key in ("home", "directory", "projects")]
    if chrome.showcase_page_id:
        entries.append(
            {
                "type": "page",
                "value": {"page": chrome.showcase_page_id, "label_fr": "Vitrine", "label_en": "Showcase"},
            }
        )
    entries += [{"type": "section", "value": {"section": key}} for key in ("calls", "agenda")]
    return entries


def default_footer_links() -> list[dict]:
    return [
        {
            "type": "link",
            "value": {
                "url": OPEN_LICENCE_URL,
                "label_fr": "Données ouvertes : Licence Ouverte 2.0",
                "label_en": "Open data: Licence Ouverte 2.0",
            },
        }
    ]


@dataclass
class NavLink:
    label: str
    url: str
    lang: str = (
        ""  # the label's language, when it is not the language read (a French label, an untranslated title)
    )


def section_url(key: str) -> str:
    """The address of one of the site's ``SECTIONS`` in the active language."""
    url_name = SECTIONS[key][0]
    return reverse(url_name, args=[""]) if key == "home" else reverse(url_name)


def page_ids(entries: list[dict]) -> set[int]:
    return {
        entry["value"]["page"] for entry in entries if entry["type"] == "page" and entry["value"].get("page")
    }


def resolve(entries: list[dict], by_pk: dict, translated: dict, request) -> list[NavLink]:
    """The links of raw menu ``entries`` in the active language (pages from ``live_pages_in_language``); an
    entry whose page is unpublished or deleted is left out."""
    language = translation.get_language()
    links = []
    for entry in entries:
        value = entry["value"]
        own_label = value.get(f"label_{language}") or ""
        french_label = value.get("label_fr") or ""
        if entry["type"] == "page":
            page = by_pk.get(value.get("page"))
            if page is None:
                continue
            page = translated.get(page.translation_key, page)
            if own_label:
                label, lang = own_label, ""
            elif page.locale.language_code == language or not french_label:
                label, lang = page.title, page.locale.language_code
            else:
                label, lang = french_label, "fr"
            links.append(NavLink(label, page.get_url(request), "" if lang == language else lang))
        elif entry["type"] == "section" and value.get("section") in SECTIONS:
            links.append(
                NavLink(own_label or str(SECTIONS[value["section"]][1]), section_url(value["section"]))
            )
        elif entry["type"] == "link" and value.get("url"):
            label, lang = (own_label, "") if own_label else (french_label, "fr")
            links.append(NavLink(label, value["url"], "" if lang == language else lang))
    return links
