"""Territorial needs: an admin of a local authority or users' group posts one; the leads of the suggested
mature projects are told about it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.fields import model_update
from ecosystem.actions.notifications import notify
from ecosystem.models import Membership, Notification, TerritorialNeed, User
from ecosystem.needs import suggest_projects

NEED_FIELDS = ("title", "description", "themes", "territory", "answer_kind")
NEED_KIND = "territorial_need"


def post_need(user, actor, data: dict) -> TerritorialNeed:
    if not access.actors_posting_needs(user).filter(pk=actor.pk).exists():
        raise PermissionDenied
    return do_post_need(actor, data, created_by=user)


@transaction.atomic
def do_post_need(actor, data: dict, *, created_by=None) -> TerritorialNeed:
    if not (data.get("title") or "").strip():
        raise ValidationError(_("A need needs a title."))
    if data.get("territory") is None:
        raise ValidationError(_("Say which territory has this need."))
    need = TerritorialNeed(actor=actor, created_by=created_by)
    model_update(need, NEED_FIELDS, data)
    do_notify_suggested_leads(need, suggest_projects(need))
    return need


@transaction.atomic
def do_remove_need(need: TerritorialNeed) -> None:
    """Staff removes a need out of place (moderation, from the admin): it leaves the list, the map and the
    suggestions; the notifications that pointed to it stay, their link then answers 404."""
    need.delete()


def do_notify_suggested_leads(need: TerritorialNeed, suggestions) -> None:
    """Tell the admins of each suggested project's lead structure about ``need``: once per need and project,
    however often the suggestions are computed again."""
    url = reverse("ecosystem:need_detail", args=[need.pk])
    told = set(
        Notification.objects.filter(kind=NEED_KIND, payload__need=need.pk).values_list(
            "payload__project", flat=True
        )
    )
    for suggestion in suggestions:
        project = suggestion.project
        if project.pk in told:
            continue
        admins = User.objects.filter(
            memberships__actor=project.lead_actor, memberships__role=Membership.Role.ADMIN
        )
        for admin in admins:
            notify(
                admin,
                NEED_KIND,
                _("%(actor)s needs an answer your project %(project)s could bring: %(need)s")
                % {"actor": need.actor.name, "project": project.title, "need": need.title},
                url=url,
                payload={"need": need.pk, "project": project.pk},
            )
