"""What the admin viewsets share: a permission policy that refuses some actions to everyone, and the
settings of a viewset staff browse (list, search, filter, inspect) rather than fill in."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy


class RefusingPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except the ``refused`` actions, which nobody gets, not even a superuser:
    those writes belong to the front office or to a loader, through their actions."""

    def __init__(self, model, refused, **kwargs):
        super().__init__(model, **kwargs)
        self.refused = frozenset(refused)

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


class BrowsedViewSet(ModelViewSet):
    """A viewset staff mostly read: an inspect page, no copy button, long pages of the list."""

    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
