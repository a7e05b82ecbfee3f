"""Spaces hosted by support structures (incubators, coworking spaces, tiers-lieux, innovation labs).

A space's managers are the members (any role) of its host actor; its members are the people the managers
added (``SpaceMember``). Who sees what is decided in :mod:`spaces.access`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Space(models.Model):
    host = models.ForeignKey(
        "ecosystem.Actor", verbose_name=_("host structure"), on_delete=models.CASCADE, related_name="spaces"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")

    def __str__(self):
        return self.name


class SpaceMember(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="space_member_unique")]
        verbose_name = _("space member")
        verbose_name_plural = _("space members")

    def __str__(self):
        return f"{self.user} — {self.space}"
