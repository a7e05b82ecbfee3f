"""Following and « Mon fil »: the « Suivre / Ne plus suivre » button (a plain POST form) and the feed page.

Only the logged-in person's own follows are read or written here; what they may not see is 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access, feed
from ecosystem.actions import follows as actions
from ecosystem.forms.follows import FollowTerritoryForm, FollowThemeForm
from ecosystem.models import Activity, Actor, Follow, Project, Territory, Theme

FEED_PAGE_SIZE = 20


def _target(kind: str, pk: str):
    if not pk.isdigit():
        raise Http404
    if kind == "actor":
        return get_object_or_404(Actor, pk=pk)
    if kind == "project":
        return get_object_or_404(Project.objects.select_related("lead_actor"), pk=pk)
    if kind == "theme":
        return get_object_or_404(Theme, pk=pk)
    if kind == "territory":
        return get_object_or_404(Territory, pk=pk)
    raise Http404


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("ecosystem:my_feed")


@login_required
@require_POST
def follow_toggle(request):
    """POST ``target`` (actor, project, theme, territory), ``id``, ``follow`` ("1" or "0"), ``next``."""
    target = _target(request.POST.get("target", ""), request.POST.get("id", ""))
    if request.POST.get("follow") == "1":
        try:
            actions.follow(request.user, target)
        except PermissionDenied:
            raise Http404 from None  # never reveal a private structure or a draft
        messages.success(request, _("You now follow “%(name)s”.") % {"name": target})
    else:
        actions.unfollow(request.user, target)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": target})
    return redirect(_back(request))


def _follow_with(request, form) -> bool:
    if form.is_valid():
        target = next(iter(form.cleaned_data.values()))
        actions.follow(request.user, target)
        messages.success(request, _("You now follow “%(name)s”.") % {"name": target})
        return True
    return False


@login_required
def my_feed(request):
    """« Mon fil », newest first, 20 a page, filtered by ``?kind=``; and what the person follows."""
    theme_form = FollowThemeForm(request.POST if "theme" in request.POST else None)
    place_form = FollowTerritoryForm(request.POST if "place" in request.POST else None)
    if request.method == "POST" and (_follow_with(request, theme_form) or _follow_with(request, place_form)):
        return redirect(reverse("ecosystem:my_feed"))
    kind = request.GET.get("kind", "")
    if kind not in Activity.Kind.values:
        kind = ""
    page = Paginator(feed.personal_feed(request.user, kind), FEED_PAGE_SIZE).get_page(request.GET.get("page"))
    # A followed draft or private structure is not named again, but can still be unfollowed from its page.
    follows = (
        Follow.objects.filter(user=request.user)
        .filter(Q(project=None) | Q(project__in=access.visible_projects(request.user).values("pk")))
        .filter(Q(actor=None) | Q(actor__in=access.visible_actors(request.user).values("pk")))
        .select_related("actor", "project", "theme", "territory")
    )
    return render(
        request,
        "ecosystem/activity_list.html",
        {
            "page_obj": page,
            "kind": kind,
            "kinds": Activity.Kind.choices,
            "follows": follows,
            "theme_form": theme_form,
            "place_form": place_form,
        },
    )
