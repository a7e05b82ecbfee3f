"""Anti-abuse limits: how many structures, projects and partnership proposals one person may create in a window.

Read from ``CREATION_LIMITS`` (``{"what": "count/seconds"}``, config/settings/base.py) at each call, so a test
or a deployment that changes a setting is obeyed at once. Staff are not limited. The user-facing actions call
:func:`check_creation_limit` before writing: over the limit they raise a ``ValidationError`` that says what
and how long to wait, and nothing is saved. Some limits only bind newcomers — accounts that are a member of
no structure yet, so nobody vouches for them — through :func:`check_newcomer_limit`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ecosystem.access.people import is_anonymous, is_staff
from ecosystem.models import Membership, PartnerInvitation, Project


def _created_since(what: str, user, since):
    if what == "actor":
        # Creating a structure makes its creator its first admin: those memberships count the structures.
        return Membership.objects.filter(user=user, role=Membership.Role.ADMIN, created_at__gte=since)
    if what == "project":
        return Project.objects.filter(created_by=user, created_at__gte=since)
    if what == "invitation":  # invitations and expressions of interest alike
        return PartnerInvitation.objects.filter(sent_by=user, created_at__gte=since)
    if what in COUNTERS:
        return COUNTERS[what](user, since)
    raise ImproperlyConfigured(f"no creation limit counter for {what!r}")


# Counters other modules add (reports, direct conversations …): ``what → (user, since) → queryset``.
COUNTERS = {}

# What the person reads when over the limit, per kind (other modules add theirs with their counter).
MESSAGES = {
    "actor": _lazy(
        "Limit reached: at most %(count)s new structures per %(hours)s h. Try again later; nothing was saved."
    ),
    "project": _lazy(
        "Limit reached: at most %(count)s new projects per %(hours)s h. Try again later; nothing was saved."
    ),
    "invitation": _lazy(
        "Limit reached: at most %(count)s partnership proposals per %(hours)s h. Try again later; nothing was saved."
    ),
}


def creation_limit(what: str) -> tuple[int, int]:
    """``(count, seconds)`` for ``what`` from ``CREATION_LIMITS``."""
    try:
        count, seconds = (int(part) for part in settings.CREATION_LIMITS[what].split("/"))
    except (KeyError, ValueError):
        raise ImproperlyConfigured(
            f"CREATION_LIMITS[{what!r}] must look like '5/86400' (count/seconds)."
        ) from None
    return count, seconds


def check_creation_limit(user, what: str) -> None:
    """Raise ``ValidationError`` (code ``rate_limited``) when ``user`` reached the limit for ``what``."""
    if is_anonymous(user) or is_staff(user):
        return
    count, seconds = creation_limit(what)
    if _created_since(what, user, timezone.now() - timedelta(seconds=seconds)).count() < count:
        return
    message = MESSAGES.get(what, _("Limit reached. Try again later; nothing was saved."))
    raise ValidationError(
        str(message) % {"count": count, "hours": max(1, round(seconds / 3600))}, code="rate_limited"
    )


def check_newcomer_limit(user, what: str) -> None:
    """:func:`check_creation_limit` for a person who is a member of no structure yet; members pass freely."""
    if is_anonymous(user) or Membership.objects.filter(user=user).exists():
        return
    check_creation_limit(user, what)
