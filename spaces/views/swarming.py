"""« Essaimer ce projet »: a structure's admin asks to replicate a public project in their territory.

Here, in ``spaces``, because asking also opens the conversation with the project's lead (a direct room, as
« Contact » does): the domain records the request (``ecosystem.actions.swarming``), this view adds the room,
both in one transaction. Who may ask is ``ecosystem.access.swarming_actors`` (404 for anyone else).
"""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem import access as ecosystem_access
from ecosystem.actions import swarming as swarming_actions
from ecosystem.forms.places import TerritoryField
from ecosystem.models import Project
from spaces import actions
from spaces.views.common import add_action_error


class SwarmForm(forms.Form):
    actor = forms.ModelChoiceField(label=gettext_lazy("Your structure"), queryset=None)
    territory = TerritoryField(
        label=gettext_lazy("Where"),
        help_text=gettext_lazy("The commune, intercommunality or département where you would replicate it."),
    )
    reason = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea(attrs={"rows": 4}))
    project = forms.ModelChoiceField(
        label=gettext_lazy("Your project carrying it (optional)"),
        queryset=None,
        required=False,
        help_text=gettext_lazy(
            "Leave empty: a draft project is created for your structure when the lead confirms."
        ),
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors
        self.fields["project"].queryset = Project.objects.filter(lead_actor__in=actors).order_by("title")


@login_required
def swarm_project(request, slug):
    project = ecosystem_access.get_visible_project_or_404(request.user, slug=slug)
    actors = ecosystem_access.swarming_actors(request.user, project)
    if not actors.exists():
        raise Http404
    form = SwarmForm(request.POST or None, actors=actors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                swarming_actions.request_replication(
                    request.user,
                    project,
                    data["actor"],
                    data["territory"],
                    data["reason"],
                    project=data["project"],
                )
                text = _("%(actor)s would like to swarm « %(project)s » to %(territory)s: %(reason)s") % {
                    "actor": data["actor"].name,
                    "project": project.title,
                    "territory": data["territory"].name,
                    "reason": data["reason"],
                }
                room = actions.start_direct_conversation(request.user, project.lead_actor, text=text)
        except ValidationError as error:
            add_action_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("Request sent to the project's lead. Talk it over here."))
            return redirect("spaces:room", pk=room.pk)
    return render(request, "spaces/replication_form.html", {"project": project, "form": form})
