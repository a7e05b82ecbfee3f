"""Forms of the jury: a review (a score and a comment per criterion) and the chair's decision."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Application


class ReviewForm(forms.Form):
    """One score (0 to the criterion's ``scale_max``, may stay empty in a draft) and comment per criterion."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        existing = {score.criterion_id: score for score in review.scores.all()} if review else {}
        initial = {"comment": review.comment if review else ""}
        for criterion in criteria:
            if criterion.pk in existing:
                initial[f"score_{criterion.pk}"] = existing[criterion.pk].score
                initial[f"comment_{criterion.pk}"] = existing[criterion.pk].comment
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s — score out of %(max)s")
                % {"criterion": criterion.name, "max": criterion.scale_max},
                help_text=criterion.description,
                choices=[("", _("Not scored yet"))] + [(n, str(n)) for n in range(criterion.scale_max + 1)],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields(
            [*(f"{kind}_{c.pk}" for c in self.criteria for kind in ("score", "comment")), "comment"]
        )

    def scores(self) -> dict:
        data = self.cleaned_data
        return {c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}", "")) for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Application.Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicants read them with the decision."),
    )
    agreement_ends_on = forms.DateField(
        label=_("End of the agreement (labelled projects)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The default is the call's date: say which, so leaving the field empty is an informed choice.
        end = call.agreements_end_on if call else None
        field = self.fields["agreement_ends_on"]
        if end:
            field.help_text = _("Its end report is due then. Leave empty for the call's date (%(date)s).") % {
                "date": date_format(end, "SHORT_DATE_FORMAT")
            }
        else:
            field.help_text = _("Its end report is due then. Leave empty for the call's date, once set.")
