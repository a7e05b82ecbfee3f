"""Creating and editing an actor (front office)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.actors import create_actor, update_actor
from ecosystem.forms.actors import ActorForm


@login_required
def actor_create(request):
    """Anyone logged in may create an actor and becomes its admin."""
    form = ActorForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actor = create_actor(request.user, form.cleaned_data)
        except ValidationError as error:  # the anti-abuse limit: nothing saved, the form kept
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Organisation created. You are its administrator."))
            return redirect(actor.get_absolute_url())
    return render(request, "ecosystem/actor_form.html", {"form": form, "actor": None})


@login_required
def actor_edit(request, slug):
    """The actor's admins and staff only; everybody else gets 404."""
    actor = access.get_editable_actor_or_404(request.user, slug=slug)
    form = ActorForm(request.POST or None, request.FILES or None, instance=actor)
    if request.method == "POST" and form.is_valid():
        try:
            update_actor(request.user, actor, form.cleaned_data)
        except ValidationError as error:  # a structure the moderators hid stays hidden: the form kept
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Organisation updated."))
            return redirect(actor.get_absolute_url())
    # The form may have changed the instance in memory: show the stored name in the title.
    actor.refresh_from_db(fields=["name"])
    return render(request, "ecosystem/actor_form.html", {"form": form, "actor": actor})
