"""Forms of the consent flow: inviting a structure, expressing interest in a slot, answering.

Nothing here writes; views pass ``cleaned_data`` to :mod:`ecosystem.actions.invitations`.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecosystem.forms.places import ActorChoiceField
from ecosystem.models import Actor, PartnerSlot, Project

NATURE_HELP = _("For example: co-designer, funder, research partner, host.")


class InvitationForm(forms.Form):
    """A project's editors invite a structure, for one of the project's open slots or none."""

    actor = ActorChoiceField(
        label=_("Structure to invite"), help_text=_("Its name as shown in the directory.")
    )
    slot = forms.ModelChoiceField(
        label=_("Partner slot"),
        queryset=PartnerSlot.objects.none(),
        required=False,
        empty_label=_("No particular slot"),
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you would like to work with this structure."),
    )
    nature = forms.CharField(
        label=_("Nature of the partnership"), required=False, max_length=200, help_text=NATURE_HELP
    )
    role = forms.CharField(
        label=_("Role in the project"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The structure can complete it when it accepts."),
    )

    def __init__(self, *args, project: Project, candidates: QuerySet[Actor], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].candidates = candidates
        self.fields["slot"].queryset = PartnerSlot.objects.filter(project=project, is_open=True)


class InterestForm(forms.Form):
    """A structure's admins tell a project they would like to fill one of its slots."""

    actor = forms.ModelChoiceField(label=_("On behalf of"), queryset=Actor.objects.none(), empty_label=None)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What your structure would bring to the project."),
    )

    def __init__(self, *args, actors: QuerySet[Actor], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors.order_by("name")


class AcceptForm(forms.Form):
    """Nature and role of the partnership as accepted; pre-filled with what was proposed."""

    nature = forms.CharField(label=_("Nature of the partnership"), max_length=200, help_text=NATURE_HELP)
    role = forms.CharField(label=_("Role in the project"), widget=forms.Textarea(attrs={"rows": 3}))
