"""Forms of "Mon espace": the profile and the confirmation of an account deletion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.actions.personal_data import PROFILE_FIELDS
from ecosystem.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(PROFILE_FIELDS)  # declared once, with the action that writes them
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}


class SignupForm(forms.Form):
    """What allauth's sign-up form asks besides the email and password (``ACCOUNT_SIGNUP_FORM_CLASS``).

    The name makes the display name a name rather than the start of an email address. allauth's adapter
    saves ``first_name`` and ``last_name`` with the account it creates (``save_user``), so ``signup`` has
    nothing left to write.
    """

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )

    def signup(self, request, user):
        pass


class DeleteAccountForm(forms.Form):
    """Asks for the password again, so a forgotten open session cannot delete someone's account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."), code="wrong_password")
        return password
