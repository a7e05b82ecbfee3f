"""Territorial needs: a local authority or a users' group says what its territory lacks, and mature projects
that could answer it are suggested (``ecosystem.needs``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .actors import ActorKind

# Who speaks for a territory's needs (the issue: local authorities and users' groups, through their admins).
NEED_AUTHOR_KINDS = frozenset({ActorKind.LOCAL_AUTHORITY, ActorKind.USERS_GROUP})


class TerritorialNeed(models.Model):
    class AnswerKind(models.TextChoices):
        SERVICE = "service", _("a new service")
        PLACE = "place", _("a place (tiers-lieu, shop, workshop…)")
        SUPPORT = "support", _("support for people")
        OTHER = "other", _("another kind of answer")

    actor = models.ForeignKey(
        "ecosystem.Actor", verbose_name=_("posted by"), on_delete=models.CASCADE, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField("ecosystem.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    territory = models.ForeignKey(
        "ecosystem.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    answer_kind = models.CharField(_("kind of answer sought"), max_length=10, choices=AnswerKind.choices)
    # Set and cleared by moderation decisions only (ecosystem.actions.moderation): its owners cannot lift it.
    hidden_by_moderators = models.BooleanField(_("hidden by the moderators"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("territorial need")
        verbose_name_plural = _("territorial needs")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ecosystem:need_detail", args=[self.pk])
