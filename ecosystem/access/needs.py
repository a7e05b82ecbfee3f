"""Territorial needs: public to everyone, except one the moderators hid, which only its structure's members
(who see why) and staff still reach."""

from django.db.models import Q, QuerySet
from django.http import Http404

from ecosystem.access.actors import membership_role
from ecosystem.access.people import is_staff
from ecosystem.models import TerritorialNeed


def public_needs_q() -> Q:
    return Q(hidden_by_moderators=False)


def public_needs() -> QuerySet[TerritorialNeed]:
    """The list of needs, for everyone (a hidden need is reached from its author's notification only)."""
    return TerritorialNeed.objects.filter(public_needs_q())


def can_view_need(user, need: TerritorialNeed) -> bool:
    if not need.hidden_by_moderators:
        return True
    return is_staff(user) or membership_role(user, need.actor) is not None


def get_visible_need_or_404(user, **lookup) -> TerritorialNeed:
    need = TerritorialNeed.objects.select_related("actor", "territory").filter(**lookup).first()
    if need is None or not can_view_need(user, need):
        raise Http404
    return need
