"""Moderation: anyone logged in reports content; staff decide (hide, restore, warn, suspend, dismiss), logged.

What can be reported is registered here with how to check a reporter may see it, who its authors are and how to
hide and restore it (:func:`register_reportable`): the domain registers structures, projects, territorial
needs and events below; apps above it (spaces: room messages) register theirs from their
``AppConfig.ready()``. Hiding a structure or a project uses the levers every reader already obeys — a structure
no longer listed publicly, a project back to draft — so it leaves pages, search, the map, exports, the API and
feeds at once, through the same actions as the admin's edit form; a need or an event leaves them through its
visibility rule (``ecosystem.access``), which excludes what is ``hidden_by_moderators``. That flag is set on
every hidden model that has it and only a staff decision clears it, so the owners cannot lift a hide by
editing or publishing again (the actions refuse). The reporter is never named to the author.

Suspending sets ``is_active=False`` (Django then refuses the login and every request of the account), deletes
the account's sessions and tells its open connections to re-check their access.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import search
from ecosystem import access, limits, realtime
from ecosystem.actions.actors import do_update_actor
from ecosystem.actions.notifications import notify
from ecosystem.actions.projects import do_set_published
from ecosystem.models import (
    Actor,
    Decision,
    Event,
    Membership,
    ModerationDecision,
    Project,
    Report,
    TerritorialNeed,
)


@dataclass(frozen=True)
class Reportable:
    can_view: Callable  # (user, obj) -> bool
    authors: Callable  # (obj) -> iterable of users told of a decision
    hide: Callable  # (obj) -> dict: what restoring needs back (logged with the decision), or {}
    restore: Callable  # (obj, snapshot of the last hide) -> None
    context: Callable | None = None  # (obj) -> str: where it sits, for the staff queue (default: its name)


REPORTABLE: dict[type, Reportable] = {}


def register_reportable(model: type, reportable: Reportable) -> None:
    REPORTABLE[model] = reportable


def _actor_admins(actor):
    return get_user_model().objects.filter(
        memberships__actor=actor, memberships__role=Membership.Role.ADMIN, is_active=True
    )


register_reportable(
    Actor,
    Reportable(
        can_view=access.can_view_actor,
        authors=_actor_admins,
        hide=lambda actor: do_update_actor(actor, {"is_public": False}) and {},
        restore=lambda actor, snapshot: do_update_actor(actor, {"is_public": True}),
    ),
)
register_reportable(
    Project,
    Reportable(
        can_view=access.can_view_project,
        authors=lambda project: _actor_admins(project.lead_actor),
        hide=lambda project: do_set_published(project, False) and {},
        restore=lambda project, snapshot: do_set_published(project, True),
    ),
)

register_reportable(
    TerritorialNeed,
    Reportable(
        can_view=access.can_view_need,
        authors=lambda need: _actor_admins(need.actor),
        hide=lambda need: {},  # the flag is enough: see access.public_needs_q
        restore=lambda need, snapshot: None,
        context=lambda need: (
            _("Territorial need posted by %(actor)s (%(territory)s)")
            % {"actor": need.actor, "territory": need.territory.name}
        ),
    ),
)
register_reportable(
    Event,
    Reportable(
        can_view=access.can_view_event,
        authors=lambda event: _actor_admins(event.host),
        hide=lambda event: {},  # the flag is enough: see access.public_events_q
        restore=lambda event, snapshot: None,
        context=lambda event: (
            _("Event hosted by %(actor)s on %(date)s")
            % {"actor": event.host, "date": date_format(localtime(event.starts_at), "DATE_FORMAT")}
        ),
    ),
)

# Reports count against the person's creation limit (ecosystem.limits, CREATION_LIMITS["report"]).
limits.COUNTERS["report"] = lambda user, since: Report.objects.filter(reporter=user, created_at__gte=since)
limits.MESSAGES["report"] = gettext_lazy(
    "Limit reached: at most %(count)s reports per %(hours)s h. Try again later; nothing was saved."
)


def _reportable(target) -> Reportable:
    try:
        return REPORTABLE[type(target)]
    except KeyError:
        raise ValueError(f"{type(target).__name__} cannot be reported") from None


def content_context(target) -> str:
    """Where reported content sits, in a sentence for the staff queue."""
    if target is None:
        return ""
    context = _reportable(target).context
    return context(target) if context else str(target)


def report_content(user, target, *, reason: str, comment: str = "") -> Report:
    """Anyone logged in who may see ``target`` reports it; others get ``PermissionDenied`` (views: 404)."""
    if access.is_anonymous(user) or not _reportable(target).can_view(user, target):
        raise PermissionDenied
    limits.check_creation_limit(user, "report")
    return do_report_content(user, target, reason=reason, comment=comment)


@transaction.atomic
def do_report_content(user, target, *, reason: str, comment: str = "") -> Report:
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose a reason for the report."), code="invalid")
    return Report.objects.create(
        reporter=user,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        reason=reason,
        comment=(comment or "").strip()[:2000],
    )


def reports_about(report: Report):
    """Every report about the same content as ``report`` (the queue shows how many)."""
    return Report.objects.filter(content_type_id=report.content_type_id, object_id=report.object_id)


def decide(staff, report: Report, decision: str, note: str = "") -> Report:
    """Staff only. Applies ``decision`` to the reported content or its authors, logs it, closes the reports
    about that content (all of them, unless warning only) and tells the authors with the reason."""
    if not (staff and staff.is_authenticated and staff.is_staff):
        raise PermissionDenied
    return do_decide(staff, report, decision, note)


@transaction.atomic
def do_decide(staff, report: Report, decision: str, note: str = "") -> Report:
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."), code="invalid")
    report = Report.objects.select_for_update().get(pk=report.pk)
    target = report.content
    if target is None:
        raise ValidationError(_("The reported content no longer exists."), code="gone")
    reportable = _reportable(target)
    authors = list(reportable.authors(target))
    note = (note or "").strip()
    snapshot = {}
    if decision == Decision.HIDE:
        _set_hidden(target, True)  # first: the owners' actions refuse to undo what hide() does next
        snapshot = reportable.hide(target) or {}
    elif decision == Decision.RESTORE:
        last_hide = ModerationDecision.objects.filter(
            content_type_id=report.content_type_id, object_id=report.object_id, decision=Decision.HIDE
        ).first()
        _set_hidden(target, False)  # first: restore() goes through the actions that check it
        reportable.restore(target, last_hide.snapshot if last_hide else {})
    elif decision == Decision.SUSPEND:
        for author in authors:
            do_suspend(author)
    subjects = authors if decision in (Decision.WARN, Decision.SUSPEND) else [None]
    for subject in subjects:
        ModerationDecision.objects.create(
            content_type_id=report.content_type_id,
            object_id=report.object_id,
            subject=subject,
            decision=decision,
            note=note,
            snapshot=snapshot,
            decided_by=staff,
        )
    reports_about(report).filter(status=Report.Status.OPEN).update(
        status=Report.Status.CLOSED, decision=decision, decision_note=note
    )
    if decision in (Decision.HIDE, Decision.WARN):
        _tell_authors(authors, decision, target, note)
    report.refresh_from_db()
    return report


def _set_hidden(target, hidden: bool) -> None:
    if hasattr(type(target), "hidden_by_moderators"):
        type(target).objects.filter(pk=target.pk).update(hidden_by_moderators=hidden)
        target.hidden_by_moderators = hidden
        # The flag alone hides it from searches (their visibility rule reads it live); counts cached under
        # the index generation must be computed again too.
        transaction.on_commit(search.changed)


def hide_reason(target) -> str:
    """The reason staff gave when they last hid ``target`` (shown to the few who still see it)."""
    note = (
        ModerationDecision.objects.filter(
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            decision=Decision.HIDE,
        )
        .values_list("note", flat=True)
        .first()
    )
    return note or ""


def _tell_authors(authors, decision: str, target, note: str) -> None:
    if decision == Decision.HIDE:
        sentence = _("The moderators hid “%(content)s”. Reason: %(note)s")
    else:
        sentence = _("The moderators warn you about “%(content)s”. Reason: %(note)s")
    title = sentence % {"content": target, "note": note or "—"}
    # A hidden need or event stays reachable by its people, who read the reason there.
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    for author in authors:
        notify(author, "moderation", title, url, {"decision": decision})


@transaction.atomic
def do_suspend(user) -> None:
    """The account can no longer log in nor act; its sessions end and its open connections re-check access."""
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    realtime.publish(realtime.user_group(user.pk), "access.changed", {"suspended": True})
