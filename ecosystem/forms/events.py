"""Forms of the agenda: an event as its host edits it, and the agenda's filters. Nothing here writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.actions.events import EVENT_FIELDS
from ecosystem.forms.places import TerritoryField
from ecosystem.models import Event, Territory, Theme


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """Times are typed in the site's time zone (Europe/Paris); Django stores them in UTC."""

    commune = TerritoryField(
        levels=(Territory.Level.COMMUNE,),
        label=_("Commune"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for an online event."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown only to confirmed registrants."),
    )

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "themes": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "registration_closes_at": _("Empty: registrations close when the event starts."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]


class AgendaFilterForm(forms.Form):
    """GET filters of the agenda (bookmarkable); unknown values are ignored rather than refused."""

    q = forms.CharField(label=_("Words to look for"), required=False, max_length=200)
    theme = forms.ModelChoiceField(
        Theme.objects.all(), label=_("Theme"), required=False, to_field_name="slug", empty_label=_("All")
    )
    territory = forms.ModelChoiceField(
        Territory.objects.filter(level=Territory.Level.DEPARTEMENT).order_by("code"),
        label=_("Département"),
        required=False,
        to_field_name="code",
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Event.Kind.choices])
    mode = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All")), ("online", _("online")), ("in_person", _("in person"))],
    )
    past = forms.BooleanField(label=_("Past events"), required=False)


class EventMessageForm(forms.Form):
    """What the organisers write to the registrants (``ecosystem.actions.event_messages``)."""

    body = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sent in the bell and by email; the registrants also read it on the event page."),
    )
    include_waiting = forms.BooleanField(
        label=_("Also send it to the people on the waiting list"), required=False
    )
