"""The agenda's and the territorial needs' parts of ``/sitemap.xml``: every public event page (published, of a
public host), past ones included (their pages stay, as an archive), and every public need (the moderators
hid none of them). ``config.urls`` puts them beside the editorial pages' sitemap."""

from django.contrib.sitemaps import Sitemap

from ecosystem import access
from ecosystem.models import Event, TerritorialNeed


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.filter(access.public_events_q()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


class NeedSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return TerritorialNeed.objects.filter(access.public_needs_q()).order_by("pk").only("pk", "created_at")

    def lastmod(self, need):
        return need.created_at
