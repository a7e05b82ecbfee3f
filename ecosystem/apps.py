from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcosystemConfig(AppConfig):
    name = "ecosystem"
    verbose_name = _("Ecosystem")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_specs

        search_specs.register()
