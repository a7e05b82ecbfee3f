"""Territorial needs: the public list, a need's page with its suggested projects, the form to post one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem import access
from ecosystem.actions import needs as actions
from ecosystem.forms.places import TerritoryField
from ecosystem.models import TerritorialNeed, Theme
from ecosystem.needs import suggest_projects


class NeedForm(forms.Form):
    actor = forms.ModelChoiceField(label=gettext_lazy("Posted by"), queryset=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    territory = TerritoryField(label=gettext_lazy("Territory"))
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    answer_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of answer sought"), choices=TerritorialNeed.AnswerKind.choices
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors


def need_list(request):
    needs = access.public_needs().select_related("actor", "territory").prefetch_related("themes")
    can_post = access.actors_posting_needs(request.user).exists()
    return render(request, "ecosystem/territorialneed_list.html", {"needs": needs, "can_post": can_post})


def need_detail(request, pk):
    need = access.get_visible_need_or_404(request.user, pk=pk)
    return render(
        request,
        "ecosystem/territorialneed_detail.html",
        {"need": need, "suggestions": suggest_projects(need)},
    )


@login_required
def need_create(request):
    actors = access.actors_posting_needs(request.user)
    if not actors.exists():
        raise Http404
    form = NeedForm(request.POST or None, actors=actors)
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.post_need(request.user, form.cleaned_data["actor"], form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("Need posted. The leads of the suggested projects are told about it.")
            )
            return redirect("ecosystem:need_detail", pk=need.pk)
    return render(request, "ecosystem/territorialneed_form.html", {"form": form})
