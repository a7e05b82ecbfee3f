"""Swarming in the admin: territorial needs (read, and removed by staff when out of place) and replication
requests (read-only: the origin's lead answers them from the project page).

Needs are posted from the front office only (no add or edit here); removing one goes through
:func:`ecosystem.actions.needs.do_remove_need`, handed over in Wagtail's action layer (``NeedDeleteAction``,
registered from ``wagtail_hooks``) so the admin's history log stays.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions import DeleteAction
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from ecosystem.actions.needs import do_remove_need
from ecosystem.admin_views.policies import BrowsedViewSet, RefusingPermissionPolicy
from ecosystem.models import Replication, TerritorialNeed

# Staff read needs and replications and may remove a need (through its action); adding and changing belong
# to the front office.
register_permission_policy(
    TerritorialNeed, RefusingPermissionPolicy(TerritorialNeed, refused={"add", "change"})
)
register_permission_policy(
    Replication, RefusingPermissionPolicy(Replication, refused={"add", "change", "delete"})
)


class NeedDeleteAction(DeleteAction):
    def _delete(self):
        with transaction.atomic():
            if self.log_action:
                log(instance=self.instance, action=self.log_action, user=self.user, deleted=True)
            do_remove_need(self.instance)


class NeedViewSet(BrowsedViewSet):
    model = TerritorialNeed
    icon = "pick"
    menu_label = _("Territorial needs")
    list_display = ["title", "actor", "territory", "answer_kind", "created_at"]
    list_filter = ["answer_kind"]
    search_fields = ["title", "description"]
    form_fields = ["title"]  # required by ModelViewSet; the policy above never lets anyone reach the form
    inspect_view_fields = [
        "title",
        "description",
        "actor",
        "territory",
        "themes",
        "answer_kind",
        "created_at",
    ]

    def get_queryset(self, request):
        return TerritorialNeed.objects.select_related("actor", "territory")


class ReplicationViewSet(BrowsedViewSet):
    model = Replication
    icon = "resubmit"
    menu_label = _("Replications")
    list_display = ["origin", "actor", "territory", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["origin__title", "actor__name"]
    form_fields = ["reason"]  # required by ModelViewSet; the policy above never lets anyone reach the form
    inspect_view_fields = [
        "origin",
        "actor",
        "territory",
        "reason",
        "status",
        "project",
        "created_at",
        "confirmed_at",
        "decline_reason",
        "declined_at",
    ]

    def get_queryset(self, request):
        return Replication.objects.select_related("origin", "actor", "territory")
