"""Forms of « Mon fil »: following a theme, or a territory typed by name or code (a commune, an EPCI …)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem import territories
from ecosystem.models import Territory, Theme

FOLLOWABLE_LEVELS = tuple(Territory.Level.values)


class FollowThemeForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.all())


class FollowTerritoryForm(forms.Form):
    place = forms.CharField(
        label=_("Commune, EPCI, département or région"),
        max_length=200,
        help_text=_("A name or an INSEE code; a territory includes what lies inside it."),
    )

    def clean_place(self) -> Territory:
        resolution = territories.resolve(self.cleaned_data["place"], FOLLOWABLE_LEVELS)
        if resolution.territory is None:
            raise forms.ValidationError(resolution.message)
        return resolution.territory
