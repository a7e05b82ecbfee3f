"""Editable taxonomies: regional priorities (themes) and the vocabulary of skills and resources.

Both are seeded from the call text by a data migration and edited by staff in the Wagtail admin. Free tags
complement the controlled vocabulary on actors and slots (see ``offers_tags`` / ``seeks_tags``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A regional priority of the call ("économie circulaire", "mobilité des personnes"…)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Resource(models.Model):
    """A skill or resource an actor offers or seeks ("médiation numérique", "locaux", "évaluation d'impact")."""

    class Group(models.TextChoices):
        SKILL = "skill", _("skill")
        RESOURCE = "resource", _("material resource")
        FUNDING = "funding", _("funding")
        NETWORK = "network", _("network and audience")
        RESEARCH = "research", _("research and evaluation")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    group = models.CharField(_("group"), max_length=12, choices=Group.choices, default=Group.SKILL)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("skill or resource")
        verbose_name_plural = _("skills and resources")

    def __str__(self):
        return self.name
