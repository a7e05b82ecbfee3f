from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CMSConfig(AppConfig):
    name = "cms"
    verbose_name = _("CMS")

    def ready(self):
        from cms import chrome

        # The header and footer are kept under the index generation: editorial writes replace it.
        chrome.connect()
