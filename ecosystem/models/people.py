"""People: the platform's user accounts.

Accounts log in by email (django-allauth); there is no username to remember. A user's organisations come
through memberships in actors.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Creates users from an email address; the username column is kept only for Django compatibility."""

    use_in_migrations = True

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=120, blank=True, help_text=_("How other members see you.")
    )
    bio = models.TextField(_("about you"), blank=True, max_length=2000)
    skills = models.CharField(_("skills"), max_length=300, blank=True, help_text=_("Separated by commas."))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_short_name()

    def get_short_name(self):
        return self.display_name or self.first_name or self.email.split("@")[0]

    def get_full_name(self):
        full = super().get_full_name()
        return self.display_name or full or self.get_short_name()
