"""Account actions: creating people outside the sign-up flow (demo data, administrators, invitations)."""

from allauth.account.models import EmailAddress
from django.db import transaction

from ecosystem.models import User


@transaction.atomic
def ensure_account(
    email: str,
    password: str,
    *,
    display_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, bool]:
    """Return the account for ``email``, creating it with a verified primary address if it is missing.

    Idempotent: an existing account is returned unchanged (its password is not reset), so running the demo
    loader twice never undoes what a person changed since.
    """
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, display_name=display_name, is_staff=is_staff, is_superuser=is_superuser)
        user.set_password(password)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user, created
