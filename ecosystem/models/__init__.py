"""Domain models, one module per concept."""

from .actors import SUPPORT_KINDS, Actor, ActorKind, ActorSize, JoinRequest, MemberInvitation, Membership
from .calls import Application, ApplicationDocument, AuditEntry, Call, Review, ReviewCriterion, ReviewScore
from .email_settings import Delivery, DigestSent, EmailPreference, EmailSettings
from .evaluation import ImpactIndicator, IndicatorValue, Marker, MarkerAssessment, MarkerScore
from .events import Event, EventMessage, Registration
from .invitations import InvitationOptOut, PartnerInvitation
from .matching import MatchingSettings
from .meetings import Meeting
from .moderation import Decision, ModerationDecision, Report
from .needs import NEED_AUTHOR_KINDS, TerritorialNeed
from .notifications import Notification
from .people import User
from .projects import GeographicScope, Partnership, PartnerSlot, Phase, Project, Support
from .social import Activity, Follow
from .swarming import Replication, SwarmingSettings
from .taxonomy import Resource, Theme
from .territory import Territory

__all__ = [
    "NEED_AUTHOR_KINDS",
    "SUPPORT_KINDS",
    "Activity",
    "Actor",
    "ActorKind",
    "ActorSize",
    "Application",
    "ApplicationDocument",
    "AuditEntry",
    "Call",
    "Decision",
    "Delivery",
    "DigestSent",
    "EmailPreference",
    "EmailSettings",
    "Event",
    "EventMessage",
    "Follow",
    "GeographicScope",
    "ImpactIndicator",
    "IndicatorValue",
    "InvitationOptOut",
    "JoinRequest",
    "Marker",
    "MarkerAssessment",
    "MarkerScore",
    "MatchingSettings",
    "Meeting",
    "MemberInvitation",
    "Membership",
    "ModerationDecision",
    "Notification",
    "PartnerInvitation",
    "PartnerSlot",
    "Partnership",
    "Phase",
    "Project",
    "Registration",
    "Replication",
    "Report",
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
