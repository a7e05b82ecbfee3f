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
- Territorial needs: public to everyone. Hidden by the moderators (any reportable content), they leave
  every public reader; only the content's own people and staff still see them, with the reason.
"""

# The rules live in one module per concept; callers keep asking ``ecosystem.access``.
from ecosystem.access.actors import (
    actors_user_administers,
    actors_user_may_lead_projects_for,
    can_edit_actor,
    can_manage_members,
    can_view_actor,
    get_editable_actor_or_404,
    get_visible_actor_or_404,
    membership_role,
    visible_actors,
)
from ecosystem.access.calls import (
    can_decide,
    can_download_call_reports,
    can_see_reviews,
    can_view_application,
    can_view_end_report,
    get_end_report_project_or_404,
    get_jury_application_or_404,
    get_visible_application_or_404,
    get_visible_document_or_404,
    has_conflict_of_interest,
    is_jury_member,
    review_of,
)
from ecosystem.access.events import (
    can_host_events_for,
    can_manage_event,
    can_register_to_event,
    can_see_event_link,
    can_take_part_in_meetings,
    can_view_event,
    get_manageable_event_or_404,
    get_visible_event_or_404,
    public_events_q,
    visible_events,
)
from ecosystem.access.invitations import (
    can_answer_invitation,
    can_express_interest,
    can_view_invitation,
    can_withdraw_invitation,
    get_visible_invitation_or_404,
    invitations_sent,
    invitations_to_answer,
    is_actor_admin,
)
from ecosystem.access.needs import can_view_need, get_visible_need_or_404, public_needs, public_needs_q
from ecosystem.access.people import JURY_GROUP, is_anonymous, is_staff, requires_second_factor
from ecosystem.access.projects import (
    actors_posting_needs,
    can_confirm_replication,
    can_create_project_for,
    can_edit_project,
    can_request_replication,
    can_see_suggestions,
    can_view_project,
    get_editable_project_or_404,
    get_visible_project_or_404,
    is_project_person,
    is_public_project,
    project_editors,
    project_people,
    project_people_q,
    projects_of_actors_q,
    public_projects_q,
    swarming_actors,
    visible_projects,
)

__all__ = [
    "JURY_GROUP",
    "actors_posting_needs",
    "actors_user_administers",
    "actors_user_may_lead_projects_for",
    "can_answer_invitation",
    "can_confirm_replication",
    "can_create_project_for",
    "can_decide",
    "can_download_call_reports",
    "can_edit_actor",
    "can_edit_project",
    "can_express_interest",
    "can_host_events_for",
    "can_manage_event",
    "can_manage_members",
    "can_register_to_event",
    "can_request_replication",
    "can_see_event_link",
    "can_see_reviews",
    "can_see_suggestions",
    "can_take_part_in_meetings",
    "can_view_actor",
    "can_view_application",
    "can_view_end_report",
    "can_view_event",
    "can_view_invitation",
    "can_view_need",
    "can_view_project",
    "can_withdraw_invitation",
    "get_editable_actor_or_404",
    "get_editable_project_or_404",
    "get_end_report_project_or_404",
    "get_jury_application_or_404",
    "get_manageable_event_or_404",
    "get_visible_actor_or_404",
    "get_visible_application_or_404",
    "get_visible_document_or_404",
    "get_visible_event_or_404",
    "get_visible_invitation_or_404",
    "get_visible_need_or_404",
    "get_visible_project_or_404",
    "has_conflict_of_interest",
    "invitations_sent",
    "invitations_to_answer",
    "is_actor_admin",
    "is_anonymous",
    "is_jury_member",
    "is_project_person",
    "is_public_project",
    "is_staff",
    "membership_role",
    "project_editors",
    "project_people",
    "project_people_q",
    "projects_of_actors_q",
    "public_events_q",
    "public_needs",
    "public_needs_q",
    "public_projects_q",
    "requires_second_factor",
    "review_of",
    "swarming_actors",
    "visible_actors",
    "visible_events",
    "visible_projects",
]
