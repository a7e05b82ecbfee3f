"""Domain models, one module per concept."""

from .actors import SUPPORT_KINDS, Actor, ActorKind, ActorSize, JoinRequest, MemberInvitation, Membership
from .evaluation import ImpactIndicator, IndicatorValue, Marker, MarkerAssessment, MarkerScore
from .events import Event, Registration
from .invitations import InvitationOptOut, PartnerInvitation
from .meetings import Meeting
from .notifications import Notification
from .people import User
from .projects import GeographicScope, Partnership, PartnerSlot, Phase, Project, Support
from .taxonomy import Resource, Theme
from .territory import Territory

__all__ = [
    "SUPPORT_KINDS",
    "Actor",
    "ActorKind",
    "ActorSize",
    "Event",
    "GeographicScope",
    "ImpactIndicator",
    "IndicatorValue",
    "InvitationOptOut",
    "JoinRequest",
    "Marker",
    "MarkerAssessment",
    "MarkerScore",
    "Meeting",
    "MemberInvitation",
    "Membership",
    "Notification",
    "PartnerInvitation",
    "PartnerSlot",
    "Partnership",
    "Phase",
    "Project",
    "Registration",
    "Resource",
    "Support",
    "Territory",
    "Theme",
    "User",
]
