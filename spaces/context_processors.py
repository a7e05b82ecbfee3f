"""The header's counts for logged-in people: unread room messages and unread notifications.

Computed lazily, when the header template reads them (one query each), and only for logged-in people.
The live script (static/js/notifications.js) keeps them up to date after the page has loaded.
"""

from functools import cached_property

from ecosystem.access import is_anonymous
from ecosystem.actions.notifications import unread_count
from spaces.unread import unread_total


class HeaderCounts:
    def __init__(self, user):
        self.user = user

    @cached_property
    def rooms(self) -> int:
        return unread_total(self.user)

    @cached_property
    def notifications(self) -> int:
        return unread_count(self.user)


def header_counts(request):
    user = getattr(request, "user", None)
    if is_anonymous(user):
        return {}
    return {"header_counts": HeaderCounts(user)}
