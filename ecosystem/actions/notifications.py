"""Notifications: store one for a person and push it live to their own channel-layer group on commit.

Every feature (mentions, direct messages, invitations …) tells people things through :func:`notify`, the one
notification mechanism of DESIGN.md. The live push reaches every open page of that person (the header bell,
through ``spaces.consumers.NotificationConsumer``) as ``{"type": "notification", "id", "kind", "title",
"url", "created_at", "data", "unread"}``. With ``email_topic``, the notification is mailed too, batched by
:mod:`ecosystem.actions.notification_emails` (at most one email an hour per person and topic).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ecosystem import access, realtime
from ecosystem.actions.notification_emails import send_due_emails
from ecosystem.models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


@transaction.atomic
def notify(
    user, kind: str, title: str, url: str = "", payload: dict | None = None, *, email_topic: str = ""
) -> Notification:
    """Store a notification for ``user`` and publish it to ``realtime.user_group(user.pk)`` on commit.

    ``title`` is the sentence shown (already translated, in the language of the person when known), ``url``
    where it leads (a path of the site), ``payload`` any JSON-serialisable details a client may use.
    ``email_topic`` (e.g. ``"project:12"``) asks for an email too: on commit, the person's due notifications
    about that topic go in one email unless one was sent in the last hour; then
    ``manage.py send_notification_emails`` sends them later.
    """
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        title=str(title)[:300],
        url=url[:500],
        payload=payload or {},
        email_topic=email_topic[:60],
    )
    if email_topic:
        transaction.on_commit(lambda: send_due_emails(user_ids=[user.pk]))
    realtime.publish(
        realtime.user_group(user.pk),
        "notification",
        {
            "id": notification.pk,
            "kind": kind,
            "title": notification.title,
            "url": notification.url,
            "created_at": notification.created_at.isoformat(),
            "data": notification.payload,
            "unread": unread_count(user),
        },
    )
    return notification


def mark_notifications_read(user, ids=None) -> int:
    """The logged-in person marks their own notifications read; returns how many changed."""
    if access.is_anonymous(user):
        raise PermissionDenied
    return do_mark_notifications_read(user, ids)


@transaction.atomic
def do_mark_notifications_read(user, ids=None) -> int:
    """Mark ``user``'s notifications read (only those in ``ids`` when given); returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
