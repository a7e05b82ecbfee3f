"""Collective social-innovation projects, their consortium (partnerships), open partner slots and support.

Fields follow what the call asks of a project (mission/sieg-innovation-sociale.txt): the need it answers,
its beneficiaries, its collective dimension and governance, new ways of organising, territorial anchoring,
innovation type, phase, regional priorities, action type, economic model, jobs and users' involvement.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosystem import registry

from .actors import ActorKind


class Phase(models.TextChoices):
    EMERGENCE = "emergence", _("emergence of the innovation")
    EXPERIMENTATION = "experimentation", _("experimentation and implementation")
    EVALUATION = "evaluation", _("evaluation and generalisation")


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class InnovationType(models.TextChoices):
        PROCESS = "process", _("improvement of a process")
        UNMET_NEED = "unmet_need", _("answer to an unmet need")

    class ActionType(models.TextChoices):
        RESEARCH = "research", _("social R&D or experimentation")
        SWARMING = "swarming", _("transfer and swarming")
        SUPPORT = "support", _("collective support structure")

    class EconomicModelStage(models.TextChoices):
        TO_DEFINE = "to_define", _("to be defined")
        TESTING = "testing", _("being tested")
        STABILISED = "stabilised", _("stabilised")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences."))
    lead_actor = models.ForeignKey(
        "ecosystem.Actor", verbose_name=_("lead actor"), on_delete=models.PROTECT, related_name="led_projects"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Set and cleared by moderation decisions only (ecosystem.actions.moderation): its owners cannot lift it.
    hidden_by_moderators = models.BooleanField(_("hidden by the moderators"), default=False, editable=False)
    need = models.TextField(_("social, societal or environmental need answered"))
    beneficiaries = models.TextField(_("beneficiaries"))
    collective_dimension = models.TextField(_("collective dimension and governance"), blank=True)
    organisational_innovation = models.TextField(
        _("new ways of organising or solidarity practices"), blank=True
    )
    territorial_anchoring = models.TextField(_("territorial anchoring"), blank=True)
    territories_served = models.ManyToManyField(
        "ecosystem.Territory",
        verbose_name=_("territories served"),
        blank=True,
        related_name="projects_served",
    )
    innovation_type = models.CharField(_("innovation type"), max_length=12, choices=InnovationType.choices)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.EMERGENCE)
    themes = models.ManyToManyField(
        "ecosystem.Theme", verbose_name=_("regional priorities"), blank=True, related_name="projects"
    )
    action_type = models.CharField(_("action type"), max_length=10, choices=ActionType.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    economic_model = models.TextField(_("economic model"), blank=True)
    economic_model_stage = models.CharField(
        _("economic model stage"),
        max_length=12,
        choices=EconomicModelStage.choices,
        default=EconomicModelStage.TO_DEFINE,
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    beneficiaries_reached = models.PositiveIntegerField(_("beneficiaries reached"), default=0)
    user_involvement = models.TextField(_("how users took part in designing the answer"), blank=True)
    # « Conditions de déploiement ou d'essaimage »: what it takes to replicate the project elsewhere.
    swarming_partner_kinds = models.JSONField(
        _("kinds of partner needed to replicate it"), default=list, blank=True
    )
    swarming_budget_min = models.PositiveIntegerField(_("replication budget from (€)"), null=True, blank=True)
    swarming_budget_max = models.PositiveIntegerField(
        _("replication budget up to (€)"), null=True, blank=True
    )
    swarming_skills = models.JSONField(_("skills needed to replicate it"), default=list, blank=True)
    swarming_duration_months = models.PositiveSmallIntegerField(
        _("time to replicate it (months)"), null=True, blank=True
    )
    swarming_conditions = models.TextField(_("conditions for deployment or swarming"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["status", "phase"]), models.Index(fields=["updated_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return registry.url_for(self)  # the public page belongs to the directory, which registers it

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_swarming_partner_kinds_display(self) -> list[str]:
        labels = dict(ActorKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.swarming_partner_kinds]

    @property
    def has_swarming_conditions(self) -> bool:
        return bool(
            self.swarming_partner_kinds
            or self.swarming_budget_min is not None
            or self.swarming_budget_max is not None
            or self.swarming_skills
            or self.swarming_duration_months
            or self.swarming_conditions
        )


class Partnership(models.Model):
    """An actor in a project's consortium, with the nature and role the call asks to describe."""

    class Status(models.TextChoices):
        # A partnership exists only once both sides agreed (``PartnerInvitation``); it may end, never vanish.
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    actor = models.ForeignKey("ecosystem.Actor", on_delete=models.PROTECT, related_name="partnerships")
    nature = models.CharField(_("nature of the partnership"), max_length=200)
    role = models.TextField(_("role in the project"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "actor"], name="partnership_unique")]
        ordering = ["created_at"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return f"{self.actor} — {self.project}"


class GeographicScope(models.TextChoices):
    COMMUNE = "commune", _("same commune")
    EPCI = "epci", _("same intercommunality (EPCI)")
    DEPARTEMENT = "departement", _("same département")
    REGION = "region", _("same région")
    ANYWHERE = "anywhere", _("anywhere")


class PartnerSlot(models.Model):
    """An open role in a consortium ("place à pourvoir"): who is wanted, for what, from where."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="slots")
    title = models.CharField(_("role sought"), max_length=200)
    kinds = models.JSONField(_("kinds of actor wanted"), default=list, blank=True)
    seeks = models.ManyToManyField(
        "ecosystem.Resource", verbose_name=_("skills and resources sought"), blank=True, related_name="slots"
    )
    seeks_tags = models.JSONField(_("other skills sought"), default=list, blank=True)
    scope = models.CharField(
        _("geographic scope"), max_length=12, choices=GeographicScope.choices, default=GeographicScope.REGION
    )
    scope_territory = models.ForeignKey(
        "ecosystem.Territory",
        verbose_name=_("around"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The territory the scope is measured from; the lead actor's commune when empty."),
    )
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_open", "created_at"]
        verbose_name = _("partner slot")
        verbose_name_plural = _("partner slots")

    def __str__(self):
        return self.title

    def get_kinds_display(self) -> list[str]:
        labels = dict(ActorKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.kinds]


class Support(models.Model):
    """A support structure accompanying a project during a phase (the call: one per phase)."""

    support_actor = models.ForeignKey(
        "ecosystem.Actor",
        verbose_name=_("support structure"),
        on_delete=models.PROTECT,
        related_name="supports",
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    description = models.TextField(_("what the support consists of"), blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self):
        return f"{self.support_actor} → {self.project} ({self.get_phase_display()})"
