"""Territorial needs: an admin of a local authority or users' group posts one; the leads of the suggested
mature projects are told about it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.fields import model_update
from ecosystem.actions.notifications import notify
from ecosystem.models import Membership, TerritorialNeed, User
from ecosystem.needs import suggest_projects

NEED_FIELDS = ("title", "description", "themes", "territory", "answer_kind")


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
    url = reverse("ecosystem:need_detail", args=[need.pk])
    for suggestion in suggest_projects(need):
        admins = User.objects.filter(
            memberships__actor=suggestion.project.lead_actor, memberships__role=Membership.Role.ADMIN
        )
        for admin in admins:
            notify(
                admin,
                "territorial_need",
                _("%(actor)s needs an answer your project %(project)s could bring: %(need)s")
                % {"actor": actor.name, "project": suggestion.project.title, "need": need.title},
                url=url,
                payload={"need": need.pk, "project": suggestion.project.pk},
            )
    return need
