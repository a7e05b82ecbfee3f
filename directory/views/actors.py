"""The public page of an actor."""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils import timezone

from directory import jsonld
from ecosystem import access, matching
from ecosystem.models import Event, PartnerInvitation


def actor_detail(request, slug):
    """Everything public about an actor; hidden actors answer 404 to all but their members and staff.

    A constant number of queries whatever the number of themes, resources, members or projects.
    """
    user = request.user
    actor = access.get_visible_actor_or_404(user, slug=slug)
    prefetch_related_objects([actor], "themes", "offers", "seeks", "commune__departement")
    projects = (
        access.visible_projects(user)
        .filter(access.projects_of_actors_q([actor.pk]))
        .select_related("lead_actor")
        .order_by("title")
    )
    # Its upcoming published events (the agenda's rule); drafts stay in the agenda's pages of its admins.
    events = (
        access.visible_events(user)
        .filter(host=actor, status=Event.Status.PUBLISHED, ends_at__gte=timezone.now())
        .select_related("commune")
        .prefetch_related("themes")
        .order_by("starts_at", "pk")[:10]
    )
    can_edit = access.can_edit_actor(user, actor)
    to_answer = []
    if can_edit:  # its admins see the invitations waiting for the structure's answer
        to_answer = list(
            access.invitations_to_answer(user)
            .filter(actor=actor, direction=PartnerInvitation.Direction.INVITATION)
            .select_related("project__lead_actor", "actor", "slot")
            .order_by("expires_at", "pk")
        )
    context = {
        "actor": actor,
        "to_answer": to_answer,
        "members_count": actor.memberships.count(),
        "projects": list(projects),
        "events": list(events),
        "can_edit": can_edit,
        # « Places qui vous correspondent »: for the structure's admins (and staff) only.
        "slot_suggestions": matching.slots_for_actor(actor, limit=5) if can_edit else [],
        "is_member": access.membership_role(user, actor) is not None,
        "jsonld": jsonld.actor(request, actor),
    }
    return render(request, "directory/actor_detail.html", context)
