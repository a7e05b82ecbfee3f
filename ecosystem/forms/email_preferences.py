"""The email preferences form: the digest's rhythm and language, and one choice per notification kind."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ecosystem.actions.email_preferences import KINDS
from ecosystem.models import Delivery, EmailSettings


class EmailPreferencesForm(forms.Form):
    digest = forms.ChoiceField(label=_("Digest"), choices=EmailSettings.Frequency.choices)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)

    def __init__(self, *args, deliveries: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, (label, _default) in KINDS.items():
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label, choices=Delivery.choices, initial=deliveries.get(kind)
            )

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in KINDS}
