"""Events hosted in a space: the link from an agenda event (``ecosystem.Event``) to the space it belongs to.

DESIGN.md lets agenda items be hosted by a structure or a space. The domain (``ecosystem``) knows nothing of
spaces, so the link lives here: the event itself is an ordinary event of the space's host structure (its
``host``), with its registrations, waiting list, meetings and iCalendar files, and this row says which space
organises it. The space's managers draft and publish it (:func:`spaces.access.can_organise_space_events`);
deleting the space removes the link, never the event people registered to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceEvent(models.Model):
    event = models.OneToOneField(
        "ecosystem.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="space_link"
    )
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.CASCADE, related_name="space_events"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event of a space")
        verbose_name_plural = _("events of a space")

    def __str__(self):
        return f"{self.event} — {self.space}"
