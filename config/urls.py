from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import site_search
from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("directory.urls_api")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
]

# French at the root, English under /en/: the language is in the URL, so pages stay bookmarkable and the
# default never depends on a browser's Accept-Language header.
urlpatterns += i18n_patterns(
    path("comptes/", include("allauth.urls")),
    path("recherche/", site_search, name="site_search"),
    path("", include("ecosystem.urls")),
    path("", include("spaces.urls")),
    path("", include("directory.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
