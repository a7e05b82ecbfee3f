"""Atom feeds of the public activities of a structure, a project, a theme or a territory (feed readers).

Anonymous by nature: only what anyone may see (:func:`ecosystem.feed.public_feed`); a private structure or a
draft project is 404, as its page is.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ecosystem import access, feed
from ecosystem.models import Territory, Theme

ITEMS = 30


class _ActivityFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj):
        return _("Essaim — news of %(name)s") % {"name": obj}

    def link(self, obj):
        return self.page(obj)

    def page(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return _("What happens around %(name)s on Essaim.") % {"name": obj}

    def items(self, obj):
        return feed.public_feed(self.about(obj))[:ITEMS]

    def item_title(self, item):
        return feed.sentence(item)

    def item_description(self, item):
        return feed.sentence(item)

    def item_link(self, item):
        return feed.link(item)

    def item_guid(self, item):
        return f"essaim-activity-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at


class ActorFeed(_ActivityFeed):
    def get_object(self, request, slug):
        return access.get_visible_actor_or_404(None, slug=slug)

    def about(self, obj):
        return feed.about_actor_q([obj.pk])


class ProjectFeed(_ActivityFeed):
    def get_object(self, request, slug):
        return access.get_visible_project_or_404(None, slug=slug)

    def about(self, obj):
        return Q(project=obj)


class ThemeFeed(_ActivityFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def page(self, obj):
        return "/"

    def about(self, obj):
        return feed.about_theme_q([obj.pk])


class TerritoryFeed(_ActivityFeed):
    def get_object(self, request, level, code):
        return get_object_or_404(Territory, level=level, code=code)

    def page(self, obj):
        return "/"

    def about(self, obj):
        return feed.about_territory_q([obj.pk])
