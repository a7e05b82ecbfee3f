"""Territories in the admin, read-only.

They are written only by ``load_territories`` (see :mod:`ecosystem.actions.territories`), so the admin lists,
searches, filters and inspects them, and no one, not even a superuser, gets an add, edit or delete button.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from ecosystem.models import Territory
from ecosystem.territories import name_words_q

from .policies import BrowsedViewSet, RefusingPermissionPolicy

# Viewing only: creating, changing and deleting are refused to everyone.
register_permission_policy(
    Territory, RefusingPermissionPolicy(Territory, refused={"add", "change", "delete"})
)


class TerritoryIndexView(ModelViewSet.index_view_class):
    def search_queryset(self, queryset):
        """Match codes by their start and names the way every territory input does (:func:`~ecosystem.territories.name_words_q`)."""
        if not self.is_searching:
            return queryset
        text = self.search_query.strip()
        match = Q(code__startswith=text.upper())
        named = name_words_q(text)
        return queryset.filter(match | named if named is not None else match)


class TerritoryViewSet(BrowsedViewSet):
    model = Territory
    index_view_class = TerritoryIndexView
    icon = "site"
    menu_label = _("Territories")
    list_display = ["name", "level", "code", "parent", "population"]
    list_filter = ["level"]
    search_fields = ["name", "code"]  # enables the search box; the query itself is search_queryset's
    form_fields = ["name"]  # required by ModelViewSet; the policy above never lets anyone reach the form
    inspect_view_fields = [
        "level",
        "code",
        "name",
        "parent",
        "departement",
        "population",
        "postal_codes",
        "latitude",
        "longitude",
        "coordinate_source",
    ]

    def get_queryset(self, request):
        return Territory.objects.select_related("parent")
