"""Forms of the spaces pages: the composer, editing a message, contacting an actor, managing a space.

Forms only parse and check the shape of the input; the views hand ``cleaned_data`` to ``spaces.actions``,
which validate the rest (length, rate, image, permissions) and whose ``ValidationError`` the views attach to
the form, so what was typed is shown again with the error.
"""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from spaces import limits
from spaces.models import Room, RoomMember


def _message_field(label, *, required=True) -> forms.CharField:
    # No max_length on the field: the action checks the length and its error says how long the text was.
    return forms.CharField(
        label=label, required=required, strip=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class _TextLimit:
    """Tells browsers the current maximum length (read at each form, so a changed setting shows at once)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = limits.message_max_length()


class MessageForm(_TextLimit, forms.Form):
    """The composer: text, optional image, the message replied to, and a client id (idempotent retries)."""

    text = _message_field(_("Your message"), required=False)
    attachment = forms.FileField(label=_("Image (optional)"), required=False)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    client_id = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"
        self.fields["attachment"].help_text = _("PNG, JPEG, GIF or WebP, %(size)s at most.") % {
            "size": filesizeformat(limits.attachment_max_bytes())
        }

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("attachment") and not self.errors:
            self.add_error("text", forms.ValidationError(_("Write a message first."), code="empty"))
        return data


class MessageEditForm(_TextLimit, forms.Form):
    text = _message_field(_("Your message"))


class ContactForm(_TextLimit, forms.Form):
    text = _message_field(_("Your message"))


class SpaceForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host structure"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name of the space"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name of the room"), max_length=120)
    kind = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[
            (Room.Kind.PUBLIC, _("Everyone logged in to Essaim (public room)")),
            (Room.Kind.PRIVATE, _("The members of the space only (private room)")),
        ],
        initial=Room.Kind.PUBLIC,
        widget=forms.RadioSelect,
    )
    topic = forms.CharField(label=_("Topic"), required=False, max_length=300)


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("The person must already have an Essaim account."),
    )


class RoomInviteForm(MemberForm):
    role = forms.ChoiceField(
        label=_("Access"),
        choices=[
            (RoomMember.Role.MEMBER, _("Member")),
            (RoomMember.Role.GUEST, _("Guest: sees this room only")),
        ],
        initial=RoomMember.Role.MEMBER,
        widget=forms.RadioSelect,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the messages"), max_length=200, required=False)
    salon = forms.IntegerField(required=False, widget=forms.HiddenInput)
