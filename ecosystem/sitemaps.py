"""The agenda's part of ``/sitemap.xml``: every public event page (published, of a public host), past ones
included (their pages stay, as an archive). ``config.urls`` puts it beside the editorial pages' sitemap."""

from django.contrib.sitemaps import Sitemap

from ecosystem import access
from ecosystem.models import Event


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.filter(access.public_events_q()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at
