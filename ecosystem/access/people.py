"""Who a person is to the platform: anonymous, staff, jury member; who must pass a second factor."""


def is_staff(user) -> bool:
    """A logged-in member of the Région's staff (``None`` and anonymous visitors are not)."""
    return bool(user and user.is_authenticated and user.is_staff)


def is_anonymous(user) -> bool:
    """No one logged in: ``None`` (a background task acting for nobody) or Django's anonymous user."""
    return user is None or not user.is_authenticated


# --- accounts ----------------------------------------------------------------------------------------------

# The Wagtail/Django group of the call's jury members (see DESIGN.md: calls, applications, reviews).
JURY_GROUP = "Jury"


def requires_second_factor(user) -> bool:
    """Who must pass a second factor in every session (config.mfa enforces it): staff and the jury."""
    if is_anonymous(user):
        return False
    return user.is_staff or user.groups.filter(name=JURY_GROUP).exists()
