"""Every permission decision of the ecosystem, in one place.

Views, forms, the API and consumers ask here and nowhere else. Private objects an outsider may not see are
answered with 404 by the callers (``get_visible_*_or_404``), never 403, so their existence is not revealed.

Rules
- Actors: public ones are visible to everyone; hidden ones to their members and staff. Their admins (and
  staff) edit them and manage members.
- Projects: published projects of a public lead actor are visible to everyone; drafts only to the
  project's people — members of the lead actor or of an active partner — and staff. Members of the lead
  actor (and staff) edit the project, its partners, slots and evaluation data. Partner suggestions for
  its slots are shown to the project's people and staff (``can_see_suggestions``).
- Partner invitations (consent to a partnership): the proposing side — the project's editors for an
  invitation, the structure's admins for an expression of interest — sends and withdraws it; only the other
  side answers it, and staff never consent on a structure's behalf. Both sides (and staff) see it; anyone
  else gets 404. An invited structure's members get nothing of the project until it is accepted.
- Applications to calls: written by the project's editors (once published), read by them, staff and the
  jury members assigned to them without a conflict of interest; scores only by staff and by jury members
  who submitted their own review.
- Events: published events of a public host are visible to everyone; drafts only to the host's members and
  staff. The host's admins (and staff) edit, publish and see the attendees. The online link is shown to
  confirmed registrants and to those who manage the event. Partner meetings are between confirmed
  registrants; only the person asked answers a request.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecosystem.models import (
    Actor,
    Application,
    ApplicationDocument,
    Event,
    Membership,
    PartnerInvitation,
    Partnership,
    Project,
    Registration,
    Review,
    User,
)


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated


# --- actors ------------------------------------------------------------------------------------------------


def visible_actors(user) -> QuerySet[Actor]:
    if _is_staff(user):
        return Actor.objects.all()
    if _anonymous(user):
        return Actor.objects.filter(is_public=True)
    return Actor.objects.filter(Q(is_public=True) | Q(memberships__user=user)).distinct()


def membership_role(user, actor) -> str | None:
    if _anonymous(user):
        return None
    return Membership.objects.filter(user=user, actor=actor).values_list("role", flat=True).first()


def can_view_actor(user, actor) -> bool:
    return actor.is_public or _is_staff(user) or membership_role(user, actor) is not None


def can_edit_actor(user, actor) -> bool:
    return _is_staff(user) or membership_role(user, actor) == Membership.Role.ADMIN


can_manage_members = can_edit_actor


def get_visible_actor_or_404(user, **lookup) -> Actor:
    actor = Actor.objects.filter(**lookup).first()
    if actor is None or not can_view_actor(user, actor):
        raise Http404
    return actor


def actors_user_may_lead_projects_for(user) -> QuerySet[Actor]:
    """The structures a person belongs to, whatever their role: a project is carried by a structure's team.

    Staff too must belong to a structure to start a project; they edit any project once it exists.
    """
    if _anonymous(user):
        return Actor.objects.none()
    return Actor.objects.filter(pk__in=Membership.objects.filter(user=user).values("actor")).order_by("name")


def actors_user_administers(user) -> QuerySet[Actor]:
    if _anonymous(user):
        return Actor.objects.none()
    return Actor.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)


# --- projects ----------------------------------------------------------------------------------------------


def public_projects_q() -> Q:
    """Projects everyone sees: published, and led by a structure listed publicly."""
    return Q(status=Project.Status.PUBLISHED, lead_actor__is_public=True)


def is_public_project(project) -> bool:
    """:func:`public_projects_q` for one project already loaded (its ``lead_actor`` too)."""
    return project.is_published and project.lead_actor.is_public


def projects_of_actors_q(actors) -> Q:
    """Projects that ``actors`` (a queryset of actor ids, or ids) take part in: as lead, or as ACTIVE partner.

    A partnership that is planned or has ended does not count: the consortium is the lead and the active
    partners.
    """
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE, actor__in=actors)
    return Q(lead_actor__in=actors) | Q(pk__in=active.values("project"))


def project_people_q(user) -> Q:
    """Projects ``user`` works on: those whose lead actor, or an active partner, counts them as a member.

    "The project's people" see its drafts and its room; ``spaces.access`` reads the consortium through here.
    """
    if _anonymous(user):
        return Q(pk__in=[])
    return projects_of_actors_q(Membership.objects.filter(user=user).values("actor"))


def project_people(project) -> QuerySet[User]:
    """The people of ``project``: the members (any role) of its lead actor and of its active partners."""
    actors = Partnership.objects.filter(project=project, status=Partnership.Status.ACTIVE).values("actor")
    members = Membership.objects.filter(Q(actor_id=project.lead_actor_id) | Q(actor__in=actors))
    return User.objects.filter(pk__in=members.values("user"))


def visible_projects(user) -> QuerySet[Project]:
    if _is_staff(user):
        return Project.objects.all()
    if _anonymous(user):
        return Project.objects.filter(public_projects_q())
    return Project.objects.filter(public_projects_q() | project_people_q(user))


def is_project_person(user, project) -> bool:
    if _anonymous(user):
        return False
    return Project.objects.filter(project_people_q(user), pk=project.pk).exists()


def can_view_project(user, project) -> bool:
    if is_public_project(project):
        return True
    return _is_staff(user) or is_project_person(user, project)


def can_edit_project(user, project) -> bool:
    return _is_staff(user) or membership_role(user, project.lead_actor) is not None


def can_see_suggestions(user, project) -> bool:
    """Partner suggestions for a project's slots (and their JSON): the project's people and staff.

    Broader than editing (an active partner's members help find partners too), narrower than seeing the
    project: the public sees the slot, not who is being considered for it.
    """
    return _is_staff(user) or is_project_person(user, project)


def can_create_project_for(user, actor) -> bool:
    return _is_staff(user) or membership_role(user, actor) is not None


def get_visible_project_or_404(user, **lookup) -> Project:
    project = Project.objects.select_related("lead_actor").filter(**lookup).first()
    if project is None or not can_view_project(user, project):
        raise Http404
    return project


def get_editable_project_or_404(user, **lookup) -> Project:
    """404 for those who may not even see it; 404 too for people who see but may not edit (no hint)."""
    project = get_visible_project_or_404(user, **lookup)
    if not can_edit_project(user, project):
        raise Http404
    return project


def get_editable_actor_or_404(user, **lookup) -> Actor:
    actor = get_visible_actor_or_404(user, **lookup)
    if not can_edit_actor(user, actor):
        raise Http404
    return actor


# --- partner invitations -----------------------------------------------------------------------------------


def is_actor_admin(user, actor) -> bool:
    """An admin of ``actor`` by membership; unlike :func:`can_edit_actor`, staff do not count."""
    return membership_role(user, actor) == Membership.Role.ADMIN


def can_express_interest(user, actor) -> bool:
    # A structure's interest commits the structure: its admins only, not staff on its behalf.
    return is_actor_admin(user, actor)


def _proposing_side(user, invitation) -> bool:
    if invitation.direction == PartnerInvitation.Direction.INVITATION:
        return can_edit_project(user, invitation.project)
    return can_edit_actor(user, invitation.actor)


def can_answer_invitation(user, invitation) -> bool:
    """Only the side that did not propose consents: the structure's admins for an invitation, the project's
    team (members of its lead structure) for an expression of interest. Staff never consent for others."""
    if _anonymous(user):
        return False
    if invitation.direction == PartnerInvitation.Direction.INVITATION:
        return is_actor_admin(user, invitation.actor)
    return membership_role(user, invitation.project.lead_actor) is not None


def can_withdraw_invitation(user, invitation) -> bool:
    """The side that proposed (staff too: withdrawing commits nobody)."""
    return not _anonymous(user) and _proposing_side(user, invitation)


def can_view_invitation(user, invitation) -> bool:
    return can_answer_invitation(user, invitation) or can_withdraw_invitation(user, invitation)


def invitations_to_answer(user) -> QuerySet[PartnerInvitation]:
    """Pending, unexpired proposals waiting for ``user``'s side: invitations to the structures they
    administer, interests in projects whose lead structure counts them as a member (what
    :func:`can_answer_invitation` allows, for many)."""
    if _anonymous(user):
        return PartnerInvitation.objects.none()
    Direction = PartnerInvitation.Direction
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("actor")
    member_of = Membership.objects.filter(user=user).values("actor")
    return PartnerInvitation.objects.filter(
        Q(direction=Direction.INVITATION, actor__in=admin_of)
        | Q(direction=Direction.INTEREST, project__lead_actor__in=member_of),
        status=PartnerInvitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    )


def invitations_sent(user) -> QuerySet[PartnerInvitation]:
    """Pending proposals ``user``'s side made and may withdraw: invitations from the projects of their
    structures, interests of the structures they administer."""
    if _anonymous(user):
        return PartnerInvitation.objects.none()
    Direction = PartnerInvitation.Direction
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("actor")
    member_of = Membership.objects.filter(user=user).values("actor")
    return PartnerInvitation.objects.filter(
        Q(direction=Direction.INVITATION, project__lead_actor__in=member_of)
        | Q(direction=Direction.INTEREST, actor__in=admin_of),
        status=PartnerInvitation.Status.PENDING,
    )


def get_visible_invitation_or_404(user, **lookup) -> PartnerInvitation:
    invitation = (
        PartnerInvitation.objects.select_related("project__lead_actor", "actor", "slot")
        .filter(**lookup)
        .first()
    )
    if invitation is None or not can_view_invitation(user, invitation):
        raise Http404
    return invitation


# --- applications to calls ---------------------------------------------------------------------------------
# An application is read by its project's editors (who write it), staff, and the jury members it is assigned
# to — unless they have a conflict of interest. Partners and the public never see it. Everyone else: 404.
# A jury member with a conflict of interest is a member of the lead structure or of an active partner, that
# is one of the project's people (``is_project_person``): staff cannot assign them, and should they join the
# consortium after being assigned, they lose access at once.


def is_jury_member(user) -> bool:
    return not _anonymous(user) and user.groups.filter(name=JURY_GROUP).exists()


def has_conflict_of_interest(user, application) -> bool:
    return is_project_person(user, application.project)


def review_of(user, application) -> Review | None:
    """``user``'s review of ``application`` if they may review it (jury member, assigned, no conflict)."""
    if _anonymous(user):
        return None
    review = Review.objects.filter(application=application, juror=user).first()
    if review is None or not is_jury_member(user) or has_conflict_of_interest(user, application):
        return None
    return review


def can_view_application(user, application) -> bool:
    return (
        _is_staff(user)
        or can_edit_project(user, application.project)
        or review_of(user, application) is not None
    )


def can_see_reviews(user, application) -> bool:
    """Scores and reviews: staff (the chair) always; a jury member once their own review is submitted.

    Applicants never see them, before or after the decision (they see the decision and its reasons).
    """
    if _is_staff(user):
        return True
    review = review_of(user, application)
    return review is not None and review.is_submitted


def can_decide(user) -> bool:
    """The chair records decisions: Région staff."""
    return _is_staff(user)


def get_visible_application_or_404(user, project, pk) -> Application:
    application = Application.objects.select_related("call", "project__lead_actor").filter(
        project=project, pk=pk
    )
    application = application.first()
    if application is None or not can_view_application(user, application):
        raise Http404
    return application


def get_jury_application_or_404(user, pk) -> tuple[Application, Review | None]:
    """An application seen as the jury sees it: by an assigned jury member (with their review), or staff."""
    application = Application.objects.select_related("call", "project__lead_actor").filter(pk=pk).first()
    if application is None:
        raise Http404
    review = review_of(user, application)
    if review is None and not _is_staff(user):
        raise Http404
    return application, review


def get_visible_document_or_404(user, application, pk) -> ApplicationDocument:
    """A document of an application ``user`` may see (the caller got ``application`` through the above)."""
    if not can_view_application(user, application):
        raise Http404
    document = ApplicationDocument.objects.filter(application=application, pk=pk).first()
    if document is None:
        raise Http404
    return document


# --- events ------------------------------------------------------------------------------------------------


def public_events_q() -> Q:
    return Q(status=Event.Status.PUBLISHED, host__is_public=True)


def visible_events(user) -> QuerySet[Event]:
    if _is_staff(user):
        return Event.objects.all()
    if _anonymous(user):
        return Event.objects.filter(public_events_q())
    return Event.objects.filter(
        public_events_q() | Q(host__in=Membership.objects.filter(user=user).values("actor"))
    )


def can_view_event(user, event) -> bool:
    if event.is_published and event.host.is_public:
        return True
    return _is_staff(user) or membership_role(user, event.host) is not None


def can_manage_event(user, event) -> bool:
    """Edit, publish, see and export the attendees: the host's admins and staff."""
    return can_edit_actor(user, event.host)


can_host_events_for = can_edit_actor


def can_register_to_event(user, event) -> bool:
    return not _anonymous(user) and event.is_published and can_view_event(user, event)


def can_see_event_link(user, event) -> bool:
    """The online link: confirmed registrants and the event's managers only."""
    if _anonymous(user):
        return False
    if can_manage_event(user, event):
        return True
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()


def can_take_part_in_meetings(user, event) -> bool:
    """Partner meetings are between confirmed registrants of an event that enabled them."""
    if _anonymous(user) or not event.meetings_enabled:
        return False
    return Registration.objects.filter(event=event, user=user, status=Registration.Status.CONFIRMED).exists()


def get_visible_event_or_404(user, **lookup) -> Event:
    event = Event.objects.select_related("host", "commune").filter(**lookup).first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def get_manageable_event_or_404(user, **lookup) -> Event:
    event = get_visible_event_or_404(user, **lookup)
    if not can_manage_event(user, event):
        raise Http404
    return event


# --- accounts ----------------------------------------------------------------------------------------------

# The Wagtail/Django group of the call's jury members (see DESIGN.md: calls, applications, reviews).
JURY_GROUP = "Jury"


def requires_second_factor(user) -> bool:
    """Who must pass a second factor in every session (config.mfa enforces it): staff and the jury."""
    if _anonymous(user):
        return False
    return user.is_staff or user.groups.filter(name=JURY_GROUP).exists()
