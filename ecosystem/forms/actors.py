"""Forms of the actor pages: the actor itself, member invitations, roles and join requests.

Forms only parse and validate; the views hand ``cleaned_data`` to ``ecosystem.actions``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from ecosystem import images
from ecosystem.actions.actors import ACTOR_FIELDS
from ecosystem.forms.places import TerritoryField
from ecosystem.identifiers import clean_digits, validate_rna, validate_siren, validate_siret
from ecosystem.models import Actor, Membership, Resource, Territory, Theme


class IdentifierField(forms.CharField):
    """A legal identifier typed with the usual spaces or dots: they are removed before validation."""

    def to_python(self, value):
        return clean_digits(super().to_python(value)).upper()


class TagsField(forms.CharField):
    """Comma-separated free tags → a list of distinct, trimmed strings (order kept)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        tags = []
        for tag in (super().to_python(value) or "").split(","):
            tag = " ".join(tag.split())[:60]
            if tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        return tags


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """One fieldset per group, its legend naming the group, so screen readers announce it with each box."""

    template_name = "ecosystem/actor_resources_widget.html"


class GroupedResourcesField(forms.ModelMultipleChoiceField):
    """Checkboxes of the skills and resources vocabulary, grouped under their group's label."""

    widget = GroupedCheckboxes

    def __init__(self, **kwargs):
        super().__init__(queryset=Resource.objects.all(), **kwargs)

    def group_choices(self):
        groups = dict(Resource.Group.choices)
        grouped: dict[str, list] = {}
        for resource in self.queryset.order_by("group", "name"):
            grouped.setdefault(resource.group, []).append((resource.pk, resource.name))
        # Setting choices by hand replaces Django's flat iterator with optgroups (fieldsets in the widget).
        self.choices = [(groups.get(group, group), items) for group, items in grouped.items()]


class ActorForm(forms.ModelForm):
    siren = IdentifierField(
        label=_("SIREN"),
        required=False,
        validators=[validate_siren],
        help_text=_("9 digits, spaces allowed."),
    )
    siret = IdentifierField(
        label=_("SIRET"),
        required=False,
        validators=[validate_siret],
        help_text=_("14 digits, spaces allowed."),
    )
    rna = IdentifierField(
        label=_("RNA number"),
        required=False,
        validators=[validate_rna],
        help_text=_("For associations: W followed by 9 digits."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP image, 2 MB at most. It is resized to 512 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    commune = TerritoryField(
        levels=(Territory.Level.COMMUNE,),
        label=_("Commune"),
        required=False,
        max_length=200,
        help_text=_("Type the name of the commune or its postal code."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers = GroupedResourcesField(label=_("Skills and resources you offer"), required=False)
    seeks = GroupedResourcesField(label=_("Skills and resources you are looking for"), required=False)
    offers_tags = TagsField(
        label=_("Other offers"), required=False, help_text=_("Free words, separated by commas.")
    )
    seeks_tags = TagsField(
        label=_("Other needs"), required=False, help_text=_("Free words, separated by commas.")
    )

    class Meta:
        model = Actor
        fields = list(ACTOR_FIELDS)  # declared once, with the action that writes them
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].group_choices()
        self.fields["seeks"].group_choices()
        if self.instance.pk and self.instance.commune_id:
            self.initial["commune"] = self.instance.commune

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        # False: "remove" ticked; nothing sent or the current logo: keep it; a new file: check, re-encode.
        if upload is False:
            return False
        if not upload or isinstance(upload, FieldFile):
            return None
        return images.clean_logo(upload)

    def clean(self):
        cleaned = super().clean()
        siren, siret = cleaned.get("siren"), cleaned.get("siret")
        if siren and siret and not siret.startswith(siren):
            self.add_error(
                "siret",
                ValidationError(
                    _(
                        "This SIRET does not belong to the SIREN above: a SIRET starts with its SIREN (%(siren)s)."
                    ),
                    code="siret_siren_mismatch",
                    params={"siren": siren},
                ),
            )
        return cleaned

    def _post_clean(self):
        # The logo is re-encoded by clean_logo and stored by the action: keep the model's FileField
        # machinery (which would assign the upload to the instance) out of it.
        logo = self.cleaned_data.pop("logo", None)
        super()._post_clean()
        if "logo" not in self.errors:
            self.cleaned_data["logo"] = logo


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to invite"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the administrators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and why you want to join."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
