"""Who a person is to the platform: anonymous, staff, jury member; who must pass a second factor."""


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated


# --- accounts ----------------------------------------------------------------------------------------------

# The Wagtail/Django group of the call's jury members (see DESIGN.md: calls, applications, reviews).
JURY_GROUP = "Jury"


def requires_second_factor(user) -> bool:
    """Who must pass a second factor in every session (config.mfa enforces it): staff and the jury."""
    if _anonymous(user):
        return False
    return user.is_staff or user.groups.filter(name=JURY_GROUP).exists()
