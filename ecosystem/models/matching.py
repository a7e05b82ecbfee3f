"""The weights of partner matching, editable by staff in the Wagtail admin (Settings › Partner matching).

Written only through Wagtail's settings form, not through an action: nothing is indexed, published or
notified from these numbers, they are read at each ranking (:func:`ecosystem.matching.current_weights`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from ecosystem.matching.weights import DEFAULTS, PARTS, Weights

_BOUNDS = [MinValueValidator(0.0), MaxValueValidator(10.0)]


def _weight(label, default: float, help_text):
    return models.FloatField(label, default=default, validators=_BOUNDS, help_text=help_text)


@register_setting(icon="group")
class MatchingSettings(BaseGenericSetting):
    """How much each part of a partner suggestion's score weighs (0 switches the part off)."""

    fit = _weight(
        _("fit"),
        DEFAULTS.fit,
        _("What the structure offers covers the skills and resources the slot seeks. The main signal."),
    )
    text = _weight(
        _("text relevance"),
        DEFAULTS.text,
        _("The slot's words appear in the structure's description. A second signal: keep it below fit."),
    )
    kind = _weight(
        _("kind"),
        DEFAULTS.kind,
        _("The structure is of a kind the slot asks for (half for a kind of the same family)."),
    )
    complementarity = _weight(
        _("complementarity"),
        DEFAULTS.complementarity,
        _("Brings a kind of stakeholder or skills the consortium lacks; duplicating them lowers the score."),
    )
    reciprocity = _weight(
        _("reciprocity"),
        DEFAULTS.reciprocity,
        _("What the structure looks for is offered by the lead or a partner of the project."),
    )
    territory = _weight(
        _("territory"),
        DEFAULTS.territory,
        _("Closeness to the slot's territory, measured at the scale of its geographic scope."),
    )
    ties = _weight(
        _("ties"),
        DEFAULTS.ties,
        _("Has already worked with a member of the consortium (counted up to three)."),
    )
    newcomer = _weight(
        _("newcomer boost"),
        DEFAULTS.newcomer,
        _("Added for a structure with no partnership yet, so newcomers are not buried. Keep it small."),
    )

    class Meta:
        verbose_name = _("partner matching")
        verbose_name_plural = _("partner matching")

    def __str__(self):
        return str(_("Partner matching weights"))

    def weights(self) -> Weights:
        return Weights(**{name: getattr(self, name) for name in PARTS})
