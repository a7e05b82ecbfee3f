"""Forms of a project, its partners, partner slots and supports: parsing what people type.

Nothing here writes; views pass ``cleaned_data`` to ``ecosystem.actions.projects`` / ``.partnerships``.
Structures and territories are typed in the combobox fields of :mod:`ecosystem.forms.places` and resolved
server-side (no JavaScript needed); an ambiguous or unknown entry comes back with the candidates to choose from.
"""

import re

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.actions.partnerships import PARTNERSHIP_FIELDS
from ecosystem.actions.projects import PROJECT_FIELDS, SLOT_FIELDS
from ecosystem.forms.places import ActorChoiceField, TerritoriesField, TerritoryField
from ecosystem.models import (
    SUPPORT_KINDS,
    Actor,
    ActorKind,
    Partnership,
    PartnerSlot,
    Phase,
    Project,
    Resource,
    Territory,
    Theme,
)
from ecosystem.territories import territories_text, territory_label

TAG_SEPARATORS = re.compile(r"[,;\n]+")


def split_tags(text: str) -> list[str]:
    """Free tags separated by commas, semicolons or lines; blanks dropped, duplicates kept once."""
    tags = []
    for tag in TAG_SEPARATORS.split(text or ""):
        tag = " ".join(tag.split())[:60]
        if tag and tag.casefold() not in {t.casefold() for t in tags}:
            tags.append(tag)
    return tags[:30]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    """The call's fields of a project. Summary, need and beneficiaries may wait until publication."""

    territories = TerritoriesField(
        label=_("Territories served"),
        required=False,
        help_text=_(
            "Communes, intercommunalities (EPCI) or départements, one per line, e.g. “Amiens”, “Somme (80)”."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Regional priorities"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    swarming_partner_kinds = forms.MultipleChoiceField(
        label=_("Kinds of partner needed to replicate it"),
        choices=ActorKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    swarming_skills = forms.CharField(
        label=_("Skills needed to replicate it"),
        required=False,
        help_text=_("Separated by commas, e.g. “facilitation, accounting”."),
    )

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)  # declared once, with the action that writes them
        widgets = {"start_date": DateInput()}
        help_texts = {
            "swarming_conditions": _(
                "What another territory needs to replicate the project: steps, pitfalls."
            ),
        }

    # The lead structure first, and the territories served right after the territorial anchoring.
    _ANCHORING = PROJECT_FIELDS.index("territorial_anchoring") + 1
    field_order = ["lead_actor", *PROJECT_FIELDS[:_ANCHORING], "territories"]

    def __init__(self, *args, lead_actors: QuerySet[Actor] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if lead_actors is not None:
            self.fields["lead_actor"] = forms.ModelChoiceField(
                label=_("Lead structure"),
                queryset=lead_actors,
                help_text=_("The structure carrying the project; you must be one of its members."),
            )
            self.order_fields(self.field_order)
        for name in ("summary", "need", "beneficiaries"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Required to publish the project.")
        if self.instance.pk and not self.is_bound:
            self.initial["territories"] = territories_text(self.instance.territories_served.all())
            self.initial["swarming_skills"] = ", ".join(self.instance.swarming_skills)

    def clean_swarming_skills(self):
        return split_tags(self.cleaned_data.get("swarming_skills", ""))

    def clean_territories(self):
        self.cleaned_data["territories_served"] = self.cleaned_data.get("territories") or []
        return territories_text(self.cleaned_data["territories_served"])

    def _post_clean(self):
        # Validation of the whole row belongs to the action: an incomplete draft is allowed.
        pass


class PartnershipEditForm(forms.ModelForm):
    """Nature and role of a partnership, and its departure (active → left). A partner that left comes back
    only by accepting a new invitation: its status is not editable here."""

    class Meta:
        model = Partnership
        fields = list(PARTNERSHIP_FIELDS)
        widgets = {"role": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status == Partnership.Status.LEFT:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = _("To work together again, invite the structure again.")

    def _post_clean(self):
        pass


class SlotForm(forms.ModelForm):
    """A partner slot: role sought, kinds wanted, skills sought, geographic scope, description."""

    kinds = forms.MultipleChoiceField(
        label=_("Kinds of structure wanted"),
        choices=ActorKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks = forms.ModelMultipleChoiceField(
        label=_("Skills and resources sought"),
        queryset=Resource.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Other skills sought"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
    )
    around = TerritoryField(
        levels=tuple(Territory.Level.values),
        label=_("Around"),
        required=False,
        max_length=220,
        help_text=_(
            "The commune, EPCI, département or région the scope is measured from; "
            "the lead structure's commune when empty."
        ),
    )

    class Meta:
        model = PartnerSlot
        # The action's fields, two of them typed as text: tags for ``seeks_tags``, a place for ``scope_territory``.
        fields = [{"seeks_tags": "tags", "scope_territory": "around"}.get(name, name) for name in SLOT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(self.instance.seeks_tags)
            if self.instance.scope_territory_id:
                self.initial["around"] = territory_label(self.instance.scope_territory)

    def clean_tags(self):
        self.cleaned_data["seeks_tags"] = split_tags(self.cleaned_data.get("tags", ""))
        return self.cleaned_data["tags"]

    def clean_around(self):
        territory = self.cleaned_data.get("around")
        self.cleaned_data["scope_territory"] = territory
        return territory_label(territory) if territory else ""

    def _post_clean(self):
        pass


class SupportForm(forms.Form):
    support_actor = ActorChoiceField(
        kinds=SUPPORT_KINDS,
        label=_("Support structure"),
        help_text=_("An incubator, coworking space, tiers-lieu or innovation lab listed in the directory."),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    description = forms.CharField(
        label=_("What the support consists of"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, candidates: QuerySet[Actor], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_actor"].candidates = candidates.filter(kind__in=SUPPORT_KINDS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("The support cannot end before it starts."))
        return data
