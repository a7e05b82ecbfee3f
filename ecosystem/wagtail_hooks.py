"""Registers the ecosystem's admin viewsets (``ecosystem.admin_views``) under one "Écosystème" menu, and the
admin actions that hand reference-data writes to ``ecosystem.actions.taxonomies`` and calls to
``ecosystem.actions.calls``."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from ecosystem.admin_views.calls import (
    CALL_MODELS,
    AssignmentCreateAction,
    AssignmentViewSet,
    AuditEntryViewSet,
    CallCreateAction,
    CallDeleteAction,
    CallEditAction,
    CallViewSet,
    ReviewCriterionViewSet,
)
from ecosystem.admin_views.directory import ActorViewSet, ProjectViewSet
from ecosystem.admin_views.moderation import ModerationDecisionViewSet, ReportViewSet
from ecosystem.admin_views.swarming import NeedDeleteAction, NeedViewSet, ReplicationViewSet
from ecosystem.admin_views.taxonomies import (
    REFERENCE_MODELS,
    MarkerViewSet,
    ResourceViewSet,
    TermCreateAction,
    TermDeleteAction,
    TermEditAction,
    ThemeViewSet,
)
from ecosystem.admin_views.territories import TerritoryViewSet
from ecosystem.models import Review, TerritorialNeed


class EcosystemViewSetGroup(ViewSetGroup):
    menu_label = _("Ecosystem")
    menu_icon = "group"
    menu_order = 200
    items = (
        ActorViewSet("actors"),
        ProjectViewSet("projects"),
        ThemeViewSet("themes"),
        ResourceViewSet("resources"),
        MarkerViewSet("markers"),
        TerritoryViewSet("territories"),
        CallViewSet("calls"),
        ReviewCriterionViewSet("criteria"),
        AssignmentViewSet("assignments"),
        AuditEntryViewSet("audit"),
        ReportViewSet("reports"),
        ModerationDecisionViewSet("moderation-log"),
        NeedViewSet("needs"),
        ReplicationViewSet("replications"),
    )


@hooks.register("register_admin_viewset")
def register_ecosystem_viewsets():
    return EcosystemViewSetGroup()


@hooks.register("register_actions")
def register_reference_data_actions(registry):
    for model in REFERENCE_MODELS:
        for action in (TermCreateAction, TermEditAction, TermDeleteAction):
            registry.register(model, action)
    registry.register(Review, AssignmentCreateAction)
    registry.register(TerritorialNeed, NeedDeleteAction)
    for model in CALL_MODELS:
        for action in (CallCreateAction, CallEditAction, CallDeleteAction):
            registry.register(model, action)
