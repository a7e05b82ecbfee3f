"""Direct contact: a logged-in person writes to an actor from its public page; the actor's admins receive it."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecosystem import access as ecosystem_access
from spaces import actions
from spaces.forms import ContactForm
from spaces.models import Room
from spaces.views.common import add_action_error


@login_required
def contact(request, slug):
    """The form to write to ``slug``'s admins; sending starts (or continues) the conversation and opens it."""
    actor = ecosystem_access.get_visible_actor_or_404(request.user, slug=slug)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = actions.start_direct_conversation(request.user, actor, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_action_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("Message sent to %(actor)s.") % {"actor": actor.name})
            return redirect("spaces:room", pk=room.pk)
    existing = Room.objects.filter(
        kind=Room.Kind.DIRECT, contact_actor=actor, started_by=request.user
    ).first()
    return render(request, "spaces/contact.html", {"actor": actor, "form": form, "conversation": existing})
