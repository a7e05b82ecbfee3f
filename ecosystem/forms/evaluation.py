"""Forms of the dynamic evaluation: they parse input; the rules live in :mod:`ecosystem.actions.evaluation`."""

import datetime
from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecosystem.models import ImpactIndicator, Marker, Phase

# One label per possible score, 0 to SCORE_MAX.
SCORE_LABELS = [
    (0, _("0 — absent")),
    (1, _("1 — emerging")),
    (2, _("2 — partly integrated")),
    (3, _("3 — largely integrated")),
    (4, _("4 — fully integrated")),
]


class MarkerRow:
    """A marker and its two fields (score, evidence), rendered together in one fieldset."""

    def __init__(self, marker, score, evidence):
        self.marker, self.score, self.evidence = marker, score, evidence


class AssessmentForm(forms.Form):
    """A self-assessment: date, phase, conclusions, then a score and evidence for every active marker.

    The marker fields are built from the markers in use when the form is created, so a marker staff add
    in the admin appears at once; ``record_assessment`` re-checks against the markers in use when saving.
    """

    template_name = "ecosystem/markerassessment_form_fields.html"

    date = forms.DateField(label=_("Date of the assessment"), widget=forms.DateInput(attrs={"type": "date"}))
    phase = forms.ChoiceField(label=_("Phase of the project"), choices=Phase.choices)
    summary = forms.CharField(
        label=_("Conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What this assessment teaches you, and what you will change."),
    )

    def __init__(self, *args, project, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate(), "phase": project.phase})
        super().__init__(*args, **kwargs)
        self.markers = list(Marker.objects.filter(is_active=True).order_by("order", "code"))
        for marker in self.markers:
            self.fields[f"score_{marker.pk}"] = forms.TypedChoiceField(
                label=marker.name,
                choices=SCORE_LABELS,
                coerce=int,
                # The guiding question is read with each choice (the template gives it this id).
                widget=forms.RadioSelect(
                    attrs={"aria-describedby": f"id_score_{marker.pk}_question"} if marker.description else {}
                ),
                error_messages={"required": _("Choose a score for this marker.")},
            )
            self.fields[f"evidence_{marker.pk}"] = forms.CharField(
                label=_("Evidence for “%(marker)s”") % {"marker": marker.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def head_fields(self):
        return [self["date"], self["phase"], self["summary"]]

    @property
    def dimensions(self):
        """``[(dimension label, [MarkerRow…])]`` in the grid's order: process, result, diffusion."""
        labels = dict(Marker.Dimension.choices)
        rank = {value: index for index, value in enumerate(Marker.Dimension.values)}
        ordered = sorted(self.markers, key=lambda m: (rank.get(m.dimension, 99), m.order, m.code))
        return [
            (
                labels.get(dimension, dimension),
                [MarkerRow(m, self[f"score_{m.pk}"], self[f"evidence_{m.pk}"]) for m in markers],
            )
            for dimension, markers in groupby(ordered, key=lambda m: m.dimension)
        ]

    def clean(self):
        cleaned = super().clean()
        missing = [m.name for m in self.markers if f"score_{m.pk}" not in cleaned]
        if missing:
            raise forms.ValidationError(
                _("Every marker must be scored. Missing: %(markers)s."),
                params={"markers": ", ".join(missing)},
                code="missing_scores",
            )
        return cleaned

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            m.pk: (self.cleaned_data[f"score_{m.pk}"], self.cleaned_data.get(f"evidence_{m.pk}", ""))
            for m in self.markers
        }


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Indicator"), choices=ImpactIndicator.Kind.choices)
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        required=False,
        help_text=_("Required for another indicator, e.g. “meals served”."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("Optional, e.g. “people”, “FTE”.")
    )


class IndicatorValueForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the measure"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("If a value already exists at this date, it is replaced."),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("A measure cannot be in the future."))
        return date
