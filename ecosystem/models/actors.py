"""Actors (structures) of the directory and the people who run them."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosystem import registry
from ecosystem.identifiers import validate_rna, validate_siren, validate_siret


class ActorKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    COMPANY = "company", _("company")
    COOPERATIVE = "cooperative", _("cooperative or social economy structure")
    RESEARCH = "research", _("university or research lab")
    LOCAL_AUTHORITY = "local_authority", _("local authority")
    PUBLIC_BODY = "public_body", _("public body")
    INCUBATOR = "incubator", _("incubator")
    COWORKING = "coworking", _("coworking space")
    THIRD_PLACE = "third_place", _("tiers-lieu")
    INNOVATION_LAB = "innovation_lab", _("innovation lab")
    USERS_GROUP = "users_group", _("users' or citizens' group")
    FUNDER = "funder", _("funder")


# Support structures host spaces and accompany projects (DESIGN.md: "support-structure manager").
SUPPORT_KINDS = frozenset(
    {ActorKind.INCUBATOR, ActorKind.COWORKING, ActorKind.THIRD_PLACE, ActorKind.INNOVATION_LAB}
)


class ActorSize(models.TextChoices):
    NONE = "0", _("no employee")
    MICRO = "1-9", _("1 to 9 employees")
    SMALL = "10-49", _("10 to 49 employees")
    MEDIUM = "50-249", _("50 to 249 employees")
    LARGE = "250+", _("250 employees or more")


def logo_path(instance, filename):
    # The name is chosen here, never by the uploader; the extension follows the re-encoded format.
    return f"actors/logos/{secrets.token_hex(8)}.{filename.rsplit('.', 1)[-1].lower()}"


class Actor(models.Model):
    """An organisation listed in the directory.

    Visibility: ``is_public`` actors are shown to everyone; others only to their members and staff
    (``ecosystem.access``). ``show_contact`` is the consent to publish the contact person's details.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("W followed by 9 digits"),
    )
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "ecosystem.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actors",
        limit_choices_to={"level": "commune"},
    )
    themes = models.ManyToManyField(
        "ecosystem.Theme", verbose_name=_("themes"), blank=True, related_name="actors"
    )
    offers = models.ManyToManyField(
        "ecosystem.Resource", verbose_name=_("offers"), blank=True, related_name="offered_by"
    )
    seeks = models.ManyToManyField(
        "ecosystem.Resource", verbose_name=_("seeks"), blank=True, related_name="sought_by"
    )
    offers_tags = models.JSONField(_("other offers"), default=list, blank=True)
    seeks_tags = models.JSONField(_("other needs"), default=list, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=ActorSize.choices, blank=True)
    open_to_partnerships = models.BooleanField(_("open to partnerships"), default=True)
    is_public = models.BooleanField(_("listed publicly"), default=True)
    # Set and cleared by moderation decisions only (ecosystem.actions.moderation): its owners cannot lift it.
    hidden_by_moderators = models.BooleanField(_("hidden by the moderators"), default=False, editable=False)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    show_contact = models.BooleanField(
        _("publish the contact person"),
        default=False,
        help_text=_("The contact person agreed that their name and email appear on the public page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ecosystem.Membership",
        related_name="actors",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        indexes = [models.Index(fields=["kind", "is_public"]), models.Index(fields=["updated_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return registry.url_for(self)  # the public page belongs to the directory, which registers it

    @property
    def is_support_structure(self) -> bool:
        return self.kind in SUPPORT_KINDS


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        MEMBER = "member", _("member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "actor"], name="membership_unique")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.actor} ({self.get_role_display()})"


class MemberInvitation(models.Model):
    """An actor's admin invites someone by email; the link works once, for that email's account."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=8, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member invitation")
        verbose_name_plural = _("member invitations")

    def __str__(self):
        return f"{self.email} → {self.actor}"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")

    def __str__(self):
        return f"{self.user} → {self.actor} ({self.get_status_display()})"
