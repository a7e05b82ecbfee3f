"""Members of an actor: list, invitations by email, roles, removal, join requests.

Managing (invite, role, remove, decide) is for the actor's admins and staff; the list is for its members
too. Everyone else gets 404, whether or not the actor is public, so member lists never leak.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import members as actions
from ecosystem.forms.actors import DecisionForm, InvitationForm, JoinRequestForm, RoleForm
from ecosystem.models import JoinRequest, MemberInvitation, Membership
from ecosystem.views.feedback import error_text, report_action


def _members_url(actor) -> str:
    return reverse("ecosystem:actor_members", args=[actor.slug])


def _manageable_actor(user, slug):
    actor = access.get_visible_actor_or_404(user, slug=slug)
    if not access.can_manage_members(user, actor):
        raise Http404
    return actor


@login_required
def member_list(request, slug, invitation_form=None):
    actor = access.get_visible_actor_or_404(request.user, slug=slug)
    can_manage = access.can_manage_members(request.user, actor)
    if not can_manage and access.membership_role(request.user, actor) is None:
        raise Http404
    context = {
        "actor": actor,
        "can_manage": can_manage,
        "memberships": actor.memberships.select_related("user").order_by("role", "user__display_name", "pk"),
        "roles": Membership.Role.choices,
    }
    if can_manage:
        context["invitation_form"] = invitation_form or InvitationForm()
        context["join_requests"] = actor.join_requests.filter(
            status=JoinRequest.Status.PENDING
        ).select_related("user")
        context["invitations"] = actor.invitations.filter(accepted_at=None).select_related("invited_by")
    return render(request, "ecosystem/membership_list.html", context, status=200)


@login_required
@require_POST
def member_invite(request, slug):
    actor = _manageable_actor(request.user, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = actions.invite_member(
                request.user,
                actor,
                form.cleaned_data["email"],
                form.cleaned_data["role"],
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect(_members_url(actor))
    return member_list(request, slug, invitation_form=form)


@login_required
@require_POST
def invitation_cancel(request, slug, pk):
    actor = _manageable_actor(request.user, slug)
    invitation = get_object_or_404(MemberInvitation, actor=actor, pk=pk, accepted_at=None)
    actions.cancel_invitation(request.user, invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect(_members_url(actor))


@login_required
@require_POST
def member_role(request, slug, pk):
    actor = _manageable_actor(request.user, slug)
    membership = get_object_or_404(Membership, actor=actor, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect(_members_url(actor))
    role = form.cleaned_data["role"]
    report_action(request, lambda: actions.change_role(request.user, membership, role), _("Role changed."))
    return redirect(_members_url(actor))


@login_required
@require_POST
def member_remove(request, slug, pk):
    actor = _manageable_actor(request.user, slug)
    membership = get_object_or_404(Membership, actor=actor, pk=pk)
    report_action(request, lambda: actions.remove_member(request.user, membership), _("Member removed."))
    return redirect(_members_url(actor))


@login_required
def join_request(request, slug):
    """Any logged-in person who can see the actor may ask to join; members are told they already are."""
    actor = access.get_visible_actor_or_404(request.user, slug=slug)
    is_member = access.membership_role(request.user, actor) is not None
    pending = (
        None
        if is_member
        else actor.join_requests.filter(user=request.user, status=JoinRequest.Status.PENDING).first()
    )
    form = JoinRequestForm(request.POST or None, initial={"message": pending.message if pending else ""})
    if request.method == "POST" and not is_member and form.is_valid():
        message = form.cleaned_data["message"]
        sent = _("Your request was sent to the administrators of %(actor)s.") % {"actor": actor.name}
        if report_action(request, lambda: actions.request_to_join(request.user, actor, message), sent):
            return redirect(actor.get_absolute_url())
    context = {"actor": actor, "form": form, "is_member": is_member, "pending": pending}
    return render(request, "ecosystem/membership_join.html", context)


@login_required
@require_POST
def join_request_decide(request, slug, pk):
    actor = _manageable_actor(request.user, slug)
    join = get_object_or_404(JoinRequest, actor=actor, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    approve = form.cleaned_data["decision"] == "approve"
    actions.decide_join_request(request.user, join, approve=approve)
    name = join.user.get_short_name()
    if approve:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("The request of %(name)s was refused.") % {"name": name})
    return redirect(_members_url(actor))


@login_required
def invitation_accept(request, token):
    """The link of an invitation email: shows the invitation, accepting it is a POST.

    Only the person who verified the invited address may accept; others are told which address to use.
    """
    invitation = get_object_or_404(
        MemberInvitation.objects.select_related("actor", "invited_by"), token=token
    )
    allowed = actions.may_accept(request.user, invitation)
    if request.method == "POST" and allowed:
        already = invitation.accepted_at is not None
        try:
            actions.accept_invitation(request.user, invitation)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            if already:
                messages.info(request, _("You had already accepted this invitation."))
            else:
                messages.success(request, _("You joined %(actor)s.") % {"actor": invitation.actor.name})
            return redirect(reverse("ecosystem:dashboard"))
    context = {"invitation": invitation, "allowed": allowed}
    return render(request, "ecosystem/membership_invitation.html", context)
