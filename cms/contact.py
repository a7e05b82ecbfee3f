"""The contact page's form: a message to the Région's staff by email, rate-limited per address and per person.

``send_contact_message`` is the only writer (it sends the email); the contact page (``StandardPage.serve``)
parses the form, checks the limit and calls it. The limit counts in Django's cache, as allauth's rate limits
do, so it holds across processes on the shared cache (database or Redis): ``CONTACT_RATE`` messages
(``"5/3600"`` by default) per IP address and per logged-in person in a fixed window.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ecosystem.models import User


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We answer to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    message = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


def _rate() -> tuple[int, int]:
    count, _slash, seconds = settings.CONTACT_RATE.partition("/")
    return int(count), int(seconds)


def _keys(request) -> list[str]:
    keys = [f"contact-rate:ip:{request.META.get('REMOTE_ADDR', '')}"]
    if request.user.is_authenticated:
        keys.append(f"contact-rate:user:{request.user.pk}")
    return keys


def within_rate(request) -> bool:
    """Whether the sender of ``request`` may send one more message now (and count it if so)."""
    limit, seconds = _rate()
    keys = _keys(request)
    if any(cache.get(key, 0) >= limit for key in keys):
        return False
    for key in keys:
        if cache.add(key, 1, timeout=seconds):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=seconds)
    return True


def staff_recipients(contact_email: str) -> list[str]:
    """The site's contact address, or the active staff's addresses when the site has none."""
    if contact_email:
        return [contact_email]
    return list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))


def send_contact_message(data: dict, *, contact_email: str, sender=None) -> None:
    """Email the message in ``data`` (a valid ``ContactForm``'s) to the staff; replies go to the sender."""
    recipients = staff_recipients(contact_email)
    if not recipients:
        raise forms.ValidationError(gettext("The message could not be sent: no address receives it yet."))
    who = f"{data['name']} <{data['email']}>" + (f" (account #{sender.pk})" if sender else "")
    EmailMessage(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Contact — {data['subject']}",
        body=f"{who}\n\n{data['message']}",
        to=recipients,
        reply_to=[data["email"]],
    ).send()
