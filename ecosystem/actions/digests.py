"""The digest: one email per person, daily or weekly (weekly by default), only when something is new for them.

It groups, since the previous digest (or since the person joined): their unread notifications not mailed yet
that they do not refuse by email (:mod:`ecosystem.actions.email_preferences`), the new items of « Mon fil »
(:func:`ecosystem.feed.personal_feed`, so nothing they may not see), a few suggestions (open partner slots opened
since then that fit a structure they administer, ranked by :mod:`ecosystem.matching`), and the sections the
apps above register (:func:`ecosystem.registry.register_digest_section`: unread messages per room from
``spaces``), each listing only what is new. HTML and plain text, in the language of
their email settings, with a one-click unsubscribe (RFC 8058 ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers).

Resumable without mailing twice: each person's digest is composed, sent and recorded (``DigestSent``, the
notifications marked emailed, ``last_digest_at`` moved) inside one transaction that holds their settings row
locked and re-checks that a digest is still due; a run that stops half-way leaves the others due, and the next
run sends only theirs. :func:`ecosystem.tasks.send_digests` runs it as a django-tasks task.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ecosystem import access, feed, matching, registry
from ecosystem.actions.email_preferences import never_q, unsubscribe_token
from ecosystem.actions.notification_emails import _absolute
from ecosystem.models import DigestSent, EmailSettings, Notification, PartnerSlot, User

logger = logging.getLogger(__name__)

PERIODS = {
    EmailSettings.Frequency.DAILY: timedelta(days=1),
    EmailSettings.Frequency.WEEKLY: timedelta(days=7),
}
# A run a little early (a cron minute, a slow previous run) still counts as the next period.
SLACK = timedelta(hours=1)
MAX_ITEMS = 30
SUGGESTIONS = 3  # a few: the dashboard lists more
SUGGESTION_POOL = 20  # the best fits ranked per structure, among which the new ones are kept


def _is_due(settings_row: EmailSettings, now: datetime) -> bool:
    period = PERIODS.get(settings_row.digest)
    if period is None:
        return False
    return settings_row.last_digest_at is None or now - settings_row.last_digest_at >= period - SLACK


def candidates(now: datetime) -> list[int]:
    """Ids of active people with an email whose digest may be due (re-checked under lock when sent)."""
    people = User.objects.filter(is_active=True).exclude(email="")
    never = EmailSettings.objects.filter(digest=EmailSettings.Frequency.NEVER).values("user")
    return list(people.exclude(pk__in=never).order_by("pk").values_list("pk", flat=True))


def suggestions_section(user: User, since: datetime):
    """Open slots opened since ``since`` among the best fits of the structures ``user`` administers."""
    if not PartnerSlot.objects.filter(is_open=True, created_at__gt=since).exists():
        return None  # the usual case: no ranking at all
    items, seen = [], set()
    for actor in access.actors_user_administers(user).order_by("name"):
        for found in matching.slots_for_actor(actor, limit=SUGGESTION_POOL):
            slot = found.slot
            if slot.created_at > since and slot.pk not in seen and len(items) < SUGGESTIONS:
                seen.add(slot.pk)
                text = _("“%(slot)s” in the project “%(project)s”, for %(actor)s") % {
                    "slot": slot.title,
                    "project": slot.project.title,
                    "actor": actor.name,
                }
                items.append(
                    (text, reverse("ecosystem:partnerslot_detail", args=[slot.project.slug, slot.pk]))
                )
    return (_("Partner slots that fit you"), items) if items else None


def _content(user: User, since: datetime) -> tuple[list[Notification], list, list]:
    notifications = list(
        Notification.objects.filter(user=user, read_at=None, emailed_at=None, created_at__gt=since)
        .exclude(never_q())
        .order_by("created_at", "pk")[:MAX_ITEMS]
    )
    activities = list(feed.personal_feed(user).filter(created_at__gt=since)[:MAX_ITEMS])
    sections = []
    for build in [*registry.digest_sections(), suggestions_section]:
        section = build(user, since)
        if section:
            title, items = section
            sections.append((title, [(text, _absolute(link)) for text, link in items[:MAX_ITEMS]]))
    return notifications, activities, sections


def _send(user: User, settings_row: EmailSettings, notifications, activities, sections) -> None:
    unsubscribe = _absolute(reverse("ecosystem:digest_unsubscribe", args=[unsubscribe_token(user)]))
    with override(settings_row.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "notifications": [(n, _absolute(n.url)) for n in notifications],
            "activities": [(feed.sentence(a), _absolute(feed.link(a))) for a in activities],
            "sections": sections,
            "preferences_url": _absolute(reverse("ecosystem:email_preferences")),
            "feed_url": _absolute(reverse("ecosystem:my_feed")),
            "unsubscribe_url": unsubscribe,
            "language": settings_row.language,
        }
        subject = render_to_string("ecosystem/email/digest_subject.txt", context)
        text = render_to_string("ecosystem/email/digest.txt", context)
        html = render_to_string("ecosystem/email/digest.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_digest(user_id: int, now: datetime) -> bool:
    """Send ``user_id``'s digest if due and not empty; True when an email left. See the module's contract."""
    with transaction.atomic():
        user = User.objects.get(pk=user_id)
        settings_row, _created = EmailSettings.objects.select_for_update().get_or_create(user=user)
        if not _is_due(settings_row, now):
            return False
        # The sections speak the person's language (their titles and sentences are written while composed).
        with override(settings_row.language or settings.LANGUAGE_CODE):
            notifications, activities, sections = _content(
                user, settings_row.last_digest_at or user.date_joined
            )
        if not notifications and not activities and not sections:
            return False  # nothing new: no email, and the next one still covers everything since the last
        _send(user, settings_row, notifications, activities, sections)
        DigestSent.objects.create(
            user=user,
            sent_at=now,
            notifications=[n.pk for n in notifications],
            activities=[a.pk for a in activities],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
        settings_row.last_digest_at = now
        settings_row.save(update_fields=["last_digest_at"])
    return True


def send_digests(now: datetime | None = None) -> int:
    """Every due digest; returns how many left. One person's failure (the mail server) leaves theirs due."""
    now = now or timezone.now()
    sent = 0
    for user_id in candidates(now):
        try:
            sent += send_digest(user_id, now)
        except Exception:
            logger.exception("digest to user %s not sent", user_id)
    return sent
