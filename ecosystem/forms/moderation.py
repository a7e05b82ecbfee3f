"""The report form: a reason from a short list and an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting it?"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What is wrong, so that the moderators can judge. The author will not know who reported."
        ),
    )
