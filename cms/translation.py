"""Which site settings are translated (django-modeltranslation, as the taxonomies in ecosystem/translation.py).

Wagtail's settings are one row per site, not translatable objects: the footer's one text, the platform
owner's name, gets a column per language (``owner_name_fr``, ``owner_name_en``); reading ``owner_name``
gives the active language's value and falls back to French, which is required. The pages the settings
choose are French pages; the footer links to their translations (``cms.chrome``).
"""

from modeltranslation.translator import TranslationOptions, register

from cms.models import SiteChrome


@register(SiteChrome)
class SiteChromeTranslationOptions(TranslationOptions):
    fields = ("owner_name",)
    required_languages = ("fr",)
    # A blank English name (NULL from the admin's form, or "") falls back to the French one; modeltranslation
    # would otherwise also fall back from a name equal to the field's default, and show "" as is.
    fallback_undefined = ""
