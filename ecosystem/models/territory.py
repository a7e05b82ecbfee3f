"""Territories: French administrative geography (région, département, EPCI, commune) in one table.

Rows are reference data written only by :mod:`ecosystem.actions.territories` from the committed Etalab/GeoNames
file (see :mod:`ecosystem.geography.build`); nothing else creates or edits them. What a typed text means (a
name, a postal code, « Name (code) ») is answered by :mod:`ecosystem.territories`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    """One administrative territory, identified by ``(level, code)``.

    * ``code`` is the INSEE code (région, département, commune) or the SIREN (EPCI).
    * ``parent`` is the next level up: a commune's EPCI (its département when it belongs to none), an EPCI's
      main département (the one holding most of its communes in the loaded région), a département's région; a
      région has none.
    * ``departement`` is set on communes only, so "communes of the Somme" is one indexed filter.
    * ``search_name`` is ``ecosystem.geography.names.normalise_name(name)``: lowercase, accents and ligatures
      folded, punctuation and hyphens as single spaces, ``St`` → ``saint``; it makes accent- and case-blind
      lookups plain indexed ``=`` / ``LIKE 'x%'`` comparisons on SQLite and PostgreSQL alike.
    * ``latitude``/``longitude`` (WGS84) are set on communes; ``coordinate_source`` tells whether they are the
      GeoNames place of the commune or a fallback centroid of its EPCI or département.
    """

    class Level(models.TextChoices):
        REGION = "region", _("région")
        DEPARTEMENT = "departement", _("département")
        EPCI = "epci", _("EPCI")
        COMMUNE = "commune", _("commune")

    class CoordinateSource(models.TextChoices):
        GEONAMES = "geonames", _("GeoNames place")
        EPCI = "epci", _("centre of the EPCI")
        DEPARTEMENT = "departement", _("centre of the département")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=9, help_text=_("INSEE code; SIREN for an EPCI."))
    name = models.CharField(_("name"), max_length=200)
    search_name = models.CharField(_("search name"), max_length=200, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    departement = models.ForeignKey(
        "self",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        limit_choices_to={"level": "departement"},
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    coordinate_source = models.CharField(
        _("coordinate source"), max_length=12, choices=CoordinateSource.choices, blank=True
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["level", "search_name", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="territory_level_code_unique")]
        indexes = [
            models.Index(fields=["level", "search_name"], name="territory_level_search_idx"),
            models.Index(fields=["level", "code"], name="territory_level_code_idx"),
        ]

    def __str__(self):
        if self.level == self.Level.COMMUNE:
            return f"{self.name} ({self.departement_code})"
        if self.level == self.Level.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name

    @property
    def departement_code(self) -> str:
        """The commune's département code, read from its INSEE code (no query): ``"80620"`` → ``"80"``.

        Overseas communes (``97xxx``) have three-digit départements; Corsica's start ``2A``/``2B``.
        """
        if self.level != self.Level.COMMUNE:
            return ""
        return self.code[:3] if self.code.startswith("97") else self.code[:2]
