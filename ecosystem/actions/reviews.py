"""Jury review and decision: staff assign applications to jury members, jury members score each criterion,
the chair (staff) records the decision. The only writers of ``Review`` and ``ReviewScore``, and of an
application's decision.

Who: assignment and decision are staff's (``ecosystem.access.can_decide``; the admin's permission policy
for assignments); a review is written by its jury member only (``ecosystem.access.review_of``). A jury member
who is one of the project's people (member of the lead structure or of an active partner) has a conflict
of interest: they cannot be assigned, and lose access if they join the consortium later.
Every step is audited (:mod:`ecosystem.actions.audit`); decisions are notified to the project's editors on
commit, through the one notification mechanism (the live bell) and by email.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions import audit
from ecosystem.actions.indexing import reindex_on_commit
from ecosystem.actions.notifications import notify
from ecosystem.models import Application, Membership, Review, ReviewScore, User

Status = Application.Status


# --- assignment (staff) --------------------------------------------------------------------------------------


def check_assignment(application: Application, juror: User) -> None:
    """Why ``juror`` cannot review ``application`` (``ValidationError``), or nothing when they can."""
    if application.status not in {Status.SUBMITTED, Status.DECIDED}:
        raise ValidationError(_("Only submitted applications are reviewed."))
    if not access.is_jury_member(juror):
        raise ValidationError({"juror": _("%(name)s is not in the Jury group.") % {"name": juror}})
    if access.has_conflict_of_interest(juror, application):
        raise ValidationError(
            {
                "juror": _(
                    "Conflict of interest: %(name)s is a member of the lead structure or of a partner of "
                    "this project."
                )
                % {"name": juror}
            }
        )
    if Review.objects.filter(application=application, juror=juror).exists():
        raise ValidationError({"juror": _("%(name)s already reviews this application.") % {"name": juror}})


@transaction.atomic
def do_assign_juror(
    application: Application, juror: User, *, by=None, review: Review | None = None
) -> Review:
    """Assign ``application`` to ``juror`` (checked by :func:`check_assignment`); they are notified.

    ``review`` is an unsaved row to fill (the admin form's instance), or None for a new one.
    """
    application = (
        Application.objects.select_for_update().select_related("project", "call").get(pk=application.pk)
    )
    check_assignment(application, juror)
    review = review or Review()
    review.application, review.juror, review.assigned_by = application, juror, by
    review.save()
    audit.record(by, "review.assigned", application, juror=str(juror))
    notify(
        juror,
        "jury_assignment",
        _("An application to review: “%(project)s”") % {"project": application.project},
        url=reverse("ecosystem:jury_review", args=[application.pk]),
    )
    return review


def assign_juror(user, application: Application, juror: User) -> Review:
    if not access.can_decide(user):
        raise PermissionDenied
    return do_assign_juror(application, juror, by=user)


# --- reviewing (the assigned jury member) ------------------------------------------------------------------


def save_review(
    user, review: Review, scores: Mapping[int, tuple[int | None, str]], comment: str, *, submit=False
):
    """``user``, the review's jury member, saves their scores (``{criterion id: (score, comment)}``)."""
    if access.review_of(user, review.application) != review:
        raise PermissionDenied
    return do_save_review(review, scores, comment, submit=submit, by=user)


@transaction.atomic
def do_save_review(review: Review, scores, comment: str, *, submit=False, by=None) -> Review:
    """Save the scores of a review not yet submitted; ``submit`` needs every criterion scored, then freezes it.

    A score must lie between 0 and the criterion's ``scale_max``; nothing is written otherwise.
    """
    review = Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    if review.is_submitted:
        raise ValidationError(_("This review was submitted: it can no longer be changed."))
    criteria = list(review.application.call.criteria.all())
    errors = {}
    for criterion in criteria:
        score, _comment = scores.get(criterion.pk, (None, ""))
        if score is not None and not 0 <= score <= criterion.scale_max:
            errors[f"score_{criterion.pk}"] = _("Between 0 and %(max)s.") % {"max": criterion.scale_max}
        elif score is None and submit:
            errors[f"score_{criterion.pk}"] = _("Score this criterion before submitting.")
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        score, text = scores.get(criterion.pk, (None, ""))
        if score is None:
            ReviewScore.objects.filter(review=review, criterion=criterion).delete()
            continue
        ReviewScore.objects.update_or_create(
            review=review, criterion=criterion, defaults={"score": score, "comment": (text or "").strip()}
        )
    review.comment = (comment or "").strip()
    fields = ["comment"]
    if submit:
        review.submitted_at = timezone.now()
        fields.append("submitted_at")
    review.save(update_fields=fields)
    audit.record(
        by, "review.submitted" if submit else "review.saved", review.application, juror=str(review.juror)
    )
    return review


def weighted_percent(review: Review) -> float | None:
    """The review's weighted total as a percentage of the best possible (scores prefetched), or None."""
    scores = list(review.scores.all())
    if not scores:
        return None
    best = sum(score.criterion.weight * score.criterion.scale_max for score in scores)
    got = sum(score.criterion.weight * score.score for score in scores)
    return round(100 * got / best, 1) if best else None


# --- decision (the chair) -------------------------------------------------------------------------------------


def decide(
    user, application: Application, decision: str, reasons: str, agreement_ends_on=None
) -> Application:
    if not access.can_decide(user):
        raise PermissionDenied
    return do_decide(application, decision, reasons, agreement_ends_on=agreement_ends_on, by=user)


@transaction.atomic
def do_decide(
    application: Application,
    decision: str,
    reasons: str,
    *,
    agreement_ends_on=None,
    by=None,
    now=None,
) -> Application:
    """Record the jury's decision on a submitted application, after the deadline, with its reasons.

    A labelled project's agreement ends on ``agreement_ends_on`` (None: the call's date, see
    ``Application.agreement_end``), not before the decision; other decisions sign no agreement, so none is kept.
    The project's editors are told, on commit (live bell). A decision may be corrected; each one is audited.
    """
    now = now or timezone.now()
    application = (
        Application.objects.select_for_update().select_related("call", "project").get(pk=application.pk)
    )
    if application.status not in {Status.SUBMITTED, Status.DECIDED}:
        raise ValidationError(_("Only submitted applications are decided."))
    if now <= application.call.deadline:
        raise ValidationError(_("The jury decides after the deadline of the call."))
    if decision not in Application.Decision.values:
        raise ValidationError({"decision": _("Choose a decision from the list.")})
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the decision: the applicants read them.")})
    if decision != Application.Decision.LABELLED:
        agreement_ends_on = None
    if agreement_ends_on and agreement_ends_on < timezone.localdate(now):
        raise ValidationError(
            {"agreement_ends_on": _("The agreement cannot end before the decision is taken.")}
        )
    application.status = Status.DECIDED
    application.decision = decision
    application.decision_reasons = reasons
    application.decided_at = now
    application.agreement_ends_on = agreement_ends_on
    application.save(
        update_fields=[
            "status",
            "decision",
            "decision_reasons",
            "decided_at",
            "agreement_ends_on",
            "updated_at",
        ]
    )
    audit.record(
        by,
        "application.decided",
        application,
        decision=decision,
        agreement_ends_on=agreement_ends_on.isoformat() if agreement_ends_on else None,
    )
    reindex_on_commit(application.project)  # the label is a facet of the project search
    url = reverse("ecosystem:application_detail", args=[application.project.slug, application.pk])
    title = _("Decision of the jury on “%(project)s”: %(decision)s") % {
        "project": application.project,
        "decision": application.get_decision_display(),
    }
    editors = User.objects.filter(
        pk__in=Membership.objects.filter(actor_id=application.project.lead_actor_id).values("user")
    )
    for editor in editors:
        notify(editor, "call_decision", title, url=url, payload={"application": application.pk})
    _email_decision(application, [editor.email for editor in editors], url)
    return application


def _email_decision(application: Application, recipients: list[str], url: str) -> None:
    """The decision by email to the project's editors, in French (plain text and HTML), once committed."""
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"application": application, "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url}
        subject = render_to_string("ecosystem/email/call_decision_subject.txt", context).strip()
        text = render_to_string("ecosystem/email/call_decision.txt", context)
        html = render_to_string("ecosystem/email/call_decision.html", context)
    messages = []
    for recipient in recipients:  # one message each: editors do not see one another's addresses
        message = EmailMultiAlternatives(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, text, settings.DEFAULT_FROM_EMAIL, [recipient]
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    transaction.on_commit(lambda: get_connection().send_messages(messages))
