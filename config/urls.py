from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.robots import robots_txt
from cms.sitemap import ActorSitemap, ProjectSitemap, TranslatedSitemap
from cms.views import site_search
from config.health import healthz
from ecosystem.sitemaps import EventSitemap, NeedSitemap

# Every way into a session is allauth's (/comptes/login/ and what follows it): its rate limits and its second
# factor then hold whatever page someone starts from. Wagtail's own login and password reset pages would
# authenticate or set a password without either, so they send people to allauth's (``next`` kept); there is no
# Django admin (the staff interface is Wagtail's).
allauth_only = [
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    re_path(r"^admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("directory.urls_api")),
    *allauth_only,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Outside the language prefix: one sitemap lists the pages of every language (cms.sitemap).
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "pages": TranslatedSitemap,
                "structures": ActorSitemap,
                "projects": ProjectSitemap,
                "events": EventSitemap,
                "needs": NeedSitemap,
            }
        },
    ),
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
