"""``/robots.txt``: what crawlers may read, and where the sitemap is (``/sitemap.xml``, every language)."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Private or useless to an index: the staff interface, account pages (in each language), the JSON API.
DISALLOWED = ("/admin/", "/comptes/", "/en/comptes/", "/api/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
