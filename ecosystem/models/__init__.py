"""Domain models, one module per concept."""

from .actors import SUPPORT_KINDS, Actor, ActorKind, ActorSize, JoinRequest, MemberInvitation, Membership
from .calls import Application, ApplicationDocument, AuditEntry, Call, Review, ReviewCriterion, ReviewScore
from .evaluation import ImpactIndicator, IndicatorValue, Marker, MarkerAssessment, MarkerScore
from .invitations import InvitationOptOut, PartnerInvitation
from .needs import NEED_AUTHOR_KINDS, TerritorialNeed
from .notifications import Notification
from .people import User
from .projects import GeographicScope, Partnership, PartnerSlot, Phase, Project, Support
from .swarming import Replication, SwarmingSettings
from .taxonomy import Resource, Theme
from .territory import Territory

__all__ = [
    "NEED_AUTHOR_KINDS",
    "SUPPORT_KINDS",
    "Actor",
    "ActorKind",
    "ActorSize",
    "Application",
    "ApplicationDocument",
    "AuditEntry",
    "Call",
    "GeographicScope",
    "ImpactIndicator",
    "IndicatorValue",
    "InvitationOptOut",
    "JoinRequest",
    "Marker",
    "MarkerAssessment",
    "MarkerScore",
    "MemberInvitation",
    "Membership",
    "Notification",
    "PartnerInvitation",
    "PartnerSlot",
    "Partnership",
    "Phase",
    "Project",
    "Replication",
    "Resource",
    "Review",
    "ReviewCriterion",
    "ReviewScore",
    "Support",
    "SwarmingSettings",
    "TerritorialNeed",
    "Territory",
    "Theme",
    "User",
]
