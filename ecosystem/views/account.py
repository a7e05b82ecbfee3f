"""« Mon espace »: the logged-in person's organisations, projects, requests, profile and personal data.

Every view here acts on the logged-in person only; anonymous visitors are sent to the login page.
"""

import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem import access, registry
from ecosystem.actions.personal_data import delete_account, export_personal_data, update_profile
from ecosystem.forms.account import DeleteAccountForm, ProfileForm
from ecosystem.models import JoinRequest, MemberInvitation, Membership, Project


@login_required
def dashboard(request):
    user = request.user
    memberships = Membership.objects.filter(user=user).select_related("actor").order_by("actor__name")
    projects = (
        Project.objects.filter(access.project_people_q(user)).select_related("lead_actor").order_by("title")
    )
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    context = {
        "memberships": memberships,
        "projects": projects,
        "join_requests": JoinRequest.objects.filter(
            actor__in=access.actors_user_administers(user), status=JoinRequest.Status.PENDING
        ).select_related("user", "actor"),
        # Sections the apps above the domain add (the person's rooms), see ecosystem.registry.
        "dashboard_sections": registry.dashboard_sections(),
        "upper_pages": registry.pages(),  # not "pages": Wagtail templates use that name
        # The jury's page, for jury members and the chair (staff).
        "is_jury": access.can_decide(user) or access.is_jury_member(user),
        "invitations": MemberInvitation.objects.filter(email__in=verified, accepted_at=None)
        .exclude(actor__memberships__user=user)
        .select_related("actor"),
    }
    return render(request, "ecosystem/account_dashboard.html", context)


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_profile(request.user, form.cleaned_data)
        messages.success(request, _("Profile updated."))
        return redirect(reverse("ecosystem:dashboard"))
    return render(request, "ecosystem/account_profile.html", {"form": form})


@login_required
def personal_data(request):
    form = DeleteAccountForm(request.user)
    return render(request, "ecosystem/account_data.html", {"form": form})


@login_required
def personal_data_export(request):
    """The person's data as a JSON download (GET or POST, no side effect)."""
    data = export_personal_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"essaim-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    """POST with the password: deletes the account (``delete_account``) and logs the person out."""
    if request.method != "POST":
        return redirect(reverse("ecosystem:personal_data"))
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "ecosystem/account_data.html", {"form": form}, status=200)
    user = request.user
    logout(request)
    delete_account(user)
    messages.success(request, _("Your account and your personal data have been deleted."))
    return redirect("/")
