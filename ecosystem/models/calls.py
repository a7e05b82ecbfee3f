"""The call's selection workflow: calls for projects, their review criteria, applications and their documents,
and the audit trail of every step (DESIGN.md: ``Call``, ``Application``, ``Review``, label).

Written only by :mod:`ecosystem.actions.calls`. Application documents live in the ``private`` storage (never
under ``MEDIA_URL``) and are served by a view that asks :mod:`ecosystem.access` first. Audit entries are
append-only: a saved entry refuses to be saved again or deleted, in Python and through querysets.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .projects import Phase, Project


class Call(models.Model):
    """A call for projects: when it opens and closes, who may apply, which phases it funds, what it labels."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    eligibility = models.TextField(_("eligibility"), help_text=_("Who may apply, and for which projects."))
    phases = models.JSONField(
        _("phases funded"), default=list, help_text=_("Phases of a project this call funds.")
    )
    opens_at = models.DateTimeField(_("opening"))
    deadline = models.DateTimeField(_("deadline"), help_text=_("Applications are refused after this moment."))
    decision_at = models.DateTimeField(_("decision expected"), null=True, blank=True)
    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_("For example « Projet labellisé SIEG Innovation sociale 2027 »."),
    )
    # Reminders (ecosystem.actions.reminders): a labelled project's editors are asked for a self-assessment
    # every period, and for the end report one month before the agreements signed under the call end.
    assessment_period_months = models.PositiveSmallIntegerField(
        _("self-assessment period (months)"),
        default=6,
        help_text=_("Labelled projects are reminded to assess themselves this often."),
    )
    agreements_end_on = models.DateField(
        _("end of the agreements"),
        null=True,
        blank=True,
        help_text=_("The end report is due then; the projects are reminded one month before."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-deadline", "title"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        """Open from ``opens_at`` up to and including ``deadline`` (one second after it, it is closed)."""
        now = now or timezone.now()
        return self.opens_at <= now <= self.deadline

    def get_phases_display(self) -> list[str]:
        labels = dict(Phase.choices)
        return [str(labels.get(phase, phase)) for phase in self.phases]


class ReviewCriterion(models.Model):
    """One criterion the jury scores an application on, from 0 to ``scale_max``, weighted in the total."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self):
        return self.name


class Application(models.Model):
    """A project's application to a call, by its editors: a draft until submitted, then decided by the jury."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")
        DECIDED = "decided", _("decided")

    class Decision(models.TextChoices):
        LABELLED = "labelled", _("labelled")
        NOT_LABELLED = "not_labelled", _("not labelled")
        RESUBMIT = "resubmit", _("asked to resubmit")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="applications")
    phase = models.CharField(_("phase applied for"), max_length=16, choices=Phase.choices)
    partnership = models.TextField(_("the partnership: nature and role of each partner"), blank=True)
    research_collaboration = models.TextField(_("collaboration with research teams"), blank=True)
    evaluation_plan = models.TextField(_("evaluation plan"), blank=True)
    impact_method = models.TextField(_("method for measuring the social impact"), blank=True)
    budget_summary = models.TextField(_("budget summary"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Each labelled project signs its own agreement: its end (set with the decision, defaulting to the call's
    # date) is when its end report is due. Empty means the call's date, which may be set or moved later.
    agreement_ends_on = models.DateField(
        _("end of the agreement"),
        null=True,
        blank=True,
        help_text=_("The end report is due then; the project is reminded one month before."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["call", "project"], name="one_application_per_call")]

    def __str__(self):
        return f"{self.project} — {self.call}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_labelled(self) -> bool:
        return self.status == self.Status.DECIDED and self.decision == self.Decision.LABELLED

    @property
    def agreement_end(self):
        """When this labelled project's agreement ends: its own date, or else the call's (``call`` loaded)."""
        return self.agreement_ends_on or self.call.agreements_end_on

    @classmethod
    def labels_of(cls, project) -> list[str]:
        """The labels ``project`` was awarded (« Projet labellisé … »), most recent decision first; one query."""
        labelled = cls.objects.filter(
            project=project, status=cls.Status.DECIDED, decision=cls.Decision.LABELLED
        )
        return list(labelled.order_by("-decided_at").values_list("call__label", flat=True))


def _private_storage():
    # A callable, so the storage is read from settings.STORAGES at run time and migrations stay stable.
    return storages["private"]


def document_path(document, filename) -> str:
    # Never the uploaded name: it is shown from ``title``; the stored name only has to be unique.
    return f"applications/{document.application_id}/{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class ApplicationDocument(models.Model):
    """A PDF attached to an application, kept in private storage and served only to the people allowed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, storage=_private_storage, max_length=300)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self):
        return self.title


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit entries are never changed.")

    def delete(self):
        raise TypeError("Audit entries are never deleted.")


class AuditEntry(models.Model):
    """Who did what, when, on which object: written once by the call actions, never changed or deleted."""

    who = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name at the time, so the trail stays readable if the account is deleted.
    who_name = models.CharField(_("person"), max_length=200, blank=True)
    what = models.CharField(_("what"), max_length=60)
    when = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("object"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-when", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.when:%Y-%m-%d %H:%M} {self.who_name}: {self.what} — {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are never deleted.")


class Review(models.Model):
    """One jury member's review of one application: created when staff assign it, submitted once scored.

    Until ``submitted_at`` is set the jury member may change their scores and sees no other review of the
    application; once submitted the review is frozen.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury member"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["application", "juror"], name="one_review_per_juror")]

    def __str__(self):
        return f"{self.juror} — {self.application}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReviewScore(models.Model):
    """The score a jury member gives one criterion (0 to its ``scale_max``), with their comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}/{self.criterion.scale_max}"
