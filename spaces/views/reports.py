"""Reporting a room message (« Signaler »): a plain form for the people who can read its room."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem.actions.moderation import report_content
from ecosystem.forms.moderation import ReportForm
from spaces import access


@login_required
def message_report(request, pk):
    message = access.get_visible_message_or_404(request.user, pk)
    back = reverse("spaces:message", args=[message.pk])
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_content(request.user, message, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None  # a deleted message: nothing left to report
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            flash.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(back)
    return render(
        request, "ecosystem/report_form.html", {"form": form, "target": _("a message"), "back_url": back}
    )
