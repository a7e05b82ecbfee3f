"""Forms of the call's workflow: they parse input; the rules live in :mod:`ecosystem.actions.calls`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.actions.calls import APPLICATION_FIELDS
from ecosystem.models import Application, Phase


class ApplicationForm(forms.ModelForm):
    """The application's text; every field may stay empty in a draft (submitting checks what is required)."""

    class Meta:
        model = Application
        fields = APPLICATION_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in APPLICATION_FIELDS if name != "phase"}
        help_texts = {
            "partnership": _("Present the nature and the role of each partner, as the call asks."),
            "research_collaboration": _("The research teams associated with the action and what they bring."),
            "evaluation_plan": _("How and when the project will assess itself against the markers."),
            "impact_method": _("Indicators, sources and frequency of the measure of social impact."),
            "budget_summary": _("Main expenses and resources, other funders."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Phase.choices)
        self.fields["phase"].choices = [(phase, labels.get(phase, phase)) for phase in call.phases]
        for name in APPLICATION_FIELDS:
            if name != "phase":
                self.fields[name].required = False


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
