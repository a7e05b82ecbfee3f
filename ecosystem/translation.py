"""Which taxonomy fields are translated (django-modeltranslation, discovered by its app's ``ready()``).

Each registered field gains one column per language (``name_fr``, ``name_en`` …); reading ``theme.name``
gives the active language's value and falls back to French, the reference language that the seed migration
and staff always fill (``required_languages``). Staff edit both languages in the Wagtail admin
(:mod:`ecosystem.admin_views.taxonomies`).
"""

from modeltranslation.translator import TranslationOptions, register

from ecosystem.models import Marker, Resource, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("fr",)


# Markers are the evaluation grid's criteria, shown by name (and question) on assessment pages.
@register(Marker)
class MarkerTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fr",)
