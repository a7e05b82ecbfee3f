"""Email preferences (« Mon espace » › e-mails) and the digest's one-click unsubscribe (RFC 8058).

The preferences page acts on the logged-in person only. The unsubscribe address carries a signed token: a GET
shows a confirmation button (link scanners must not unsubscribe anyone), a POST — the button, or the mail
client's one-click ``List-Unsubscribe=One-Click`` request, which carries no CSRF token — unsubscribes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ecosystem.actions import email_preferences as actions
from ecosystem.forms.email_preferences import EmailPreferencesForm
from ecosystem.models import User


@login_required
def email_preferences(request):
    settings_row = actions.settings_of(request.user)
    form = EmailPreferencesForm(
        request.POST or None,
        deliveries=actions.deliveries_of(request.user),
        initial={"digest": settings_row.digest, "language": settings_row.language},
    )
    if request.method == "POST" and form.is_valid():
        actions.update_email_preferences(
            request.user,
            digest=form.cleaned_data["digest"],
            language=form.cleaned_data["language"],
            deliveries=form.deliveries(),
        )
        messages.success(request, _("Your email preferences are saved."))
        return redirect(reverse("ecosystem:email_preferences"))
    return render(request, "ecosystem/emailsettings_form.html", {"form": form})


@csrf_exempt  # RFC 8058: the mail client POSTs without a session or token; the signed token is the proof
def digest_unsubscribe(request, token):
    user_id = actions.user_id_from_token(token)
    if user_id is None:
        raise Http404
    user = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        actions.unsubscribe_from_digest(user)
        return render(request, "ecosystem/emailsettings_unsubscribed.html", {"done": True})
    return render(request, "ecosystem/emailsettings_unsubscribed.html", {"done": False})
