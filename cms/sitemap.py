"""The XML sitemap (``/sitemap.xml``): the editorial pages of every language, each with its translations.

Wagtail's own sitemap lists the site's root page and what is under it, which is the French tree only; the
English tree is the root's translation, a sibling. Each URL names its translations as ``hreflang``
alternates (themselves included, as search engines ask), the same as the pages' ``<link rel="alternate">``.
"""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from ecosystem import access
from ecosystem.models import Project


class TranslatedSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            # Base pages (no page type here changes its sitemap entry), with their locale: a fixed number of queries.
            .select_related("locale")
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        locations = {each.pk: each.get_full_url(self.request) for each in pages}
        translations = defaultdict(list)
        for each in pages:
            translations[each.translation_key].append(each)
        urls = []
        for each in pages:
            alternates = [
                {"lang_code": other.locale.language_code, "location": locations[other.pk]}
                for other in translations[each.translation_key]
            ]
            for info in each.get_sitemap_urls(self.request):
                if info["location"] == locations[each.pk] and len(alternates) > 1:
                    info["alternates"] = alternates
                urls.append(info)
        lastmods = {info.get("lastmod") for info in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class ActorSitemap(DjangoSitemap):
    """The directory's public structures (``access.visible_actors`` of an anonymous visitor)."""

    changefreq = "weekly"

    def items(self):
        return access.visible_actors(AnonymousUser()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, actor):
        return actor.updated_at


class ProjectSitemap(DjangoSitemap):
    """Published projects everyone may read (``access.public_projects_q``)."""

    changefreq = "weekly"

    def items(self):
        return Project.objects.filter(access.public_projects_q()).order_by("pk").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at
