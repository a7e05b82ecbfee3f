"""Notification emails: what :func:`ecosystem.actions.notifications.notify` marked with an ``email_topic``.

A person gets at most one email per hour about one topic (``"project:12"``): the notifications due for that
(person, topic) go together in one email — plain text and HTML, in French, each with its absolute link — and
those that arrive within the hour after an email wait for the next run of ``manage.py
send_notification_emails`` (cron or worker, every few minutes), which sends what the hour no longer holds
back. ``notify`` also calls :func:`send_due_emails` on commit for the person it notified, so the first
notification of a topic leaves at once.

A notification read in the bell before its email left is not mailed any more: the person has seen it.
Kinds the person wants in the digest, or never, are left to :mod:`ecosystem.actions.digests`.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from ecosystem.actions.email_preferences import immediate_q
from ecosystem.models import Notification, User

logger = logging.getLogger(__name__)

# At most one email per person and topic in this window.
EMAIL_INTERVAL = timedelta(hours=1)


def _due(user_ids: Iterable[int] | None):
    # Only what the person wants at once (ecosystem.actions.email_preferences); the rest waits for the digest.
    due = Notification.objects.filter(immediate_q(), read_at=None, emailed_at=None).exclude(email_topic="")
    if user_ids is not None:
        due = due.filter(user_id__in=list(user_ids))
    return due


def due_groups(now: datetime, user_ids: Iterable[int] | None = None) -> list[tuple[int, str]]:
    """The (person, topic) pairs with notifications to mail that no email of the last hour holds back."""
    pairs = set(_due(user_ids).values_list("user_id", "email_topic").distinct())
    if not pairs:
        return []
    held = set(
        Notification.objects.filter(
            user_id__in={user_id for user_id, _topic in pairs}, emailed_at__gt=now - EMAIL_INTERVAL
        )
        .values_list("user_id", "email_topic")
        .distinct()
    )
    return sorted(pairs - held)


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _send(user: User, notifications: list[Notification]) -> None:
    context = {
        "user": user,
        "notifications": notifications,
        "links": [(n, _absolute(n.url)) for n in notifications],
        "site_url": _absolute("/"),
        "dashboard_url": _absolute(reverse("ecosystem:dashboard")),
    }
    with override(settings.LANGUAGE_CODE):  # emails are written in French, the site's language
        subject = render_to_string("ecosystem/email/notifications_subject.txt", context).strip()
        text = render_to_string("ecosystem/email/notifications.txt", context)
        html = render_to_string("ecosystem/email/notifications.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_due_emails(*, now: datetime | None = None, user_ids: Iterable[int] | None = None) -> int:
    """Send one email per (person, topic) that is due; returns how many emails left.

    Each group is sent inside a transaction that locks its notifications, so two senders running at once
    (the on-commit call and the command) do not mail the same notifications twice. A failing mail server
    leaves the group due for the next run and does not break the caller (this runs after commits).
    """
    now = now or timezone.now()
    sent = 0
    for user_id, topic in due_groups(now, user_ids):
        try:
            with transaction.atomic():
                notifications = list(
                    _due([user_id])
                    .filter(email_topic=topic)
                    .select_for_update(of=("self",))
                    .select_related("user")
                    .order_by("created_at", "pk")
                )
                # Another sender may have taken them, or mailed this topic, since due_groups looked.
                if not notifications or (user_id, topic) not in set(due_groups(now, [user_id])):
                    continue
                user = notifications[0].user
                if user.email:
                    _send(user, notifications)
                    sent += 1
                Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
        except Exception:
            logger.exception("notification email to user %s about %s not sent", user_id, topic)
    return sent
