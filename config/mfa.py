"""Staff must use two-factor authentication when ESSAIM_REQUIRE_MFA_FOR_STAFF is on (production default).

A staff member without an active authenticator is sent to the TOTP set-up page until they enrol; logging
out, the set-up pages themselves and static files stay reachable so nobody is locked in a loop.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz")


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        if not settings.ESSAIM_REQUIRE_MFA_FOR_STAFF:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        allowed = (
            *ALWAYS_ALLOWED_PREFIXES,
            reverse("account_logout"),
            reverse("mfa_index"),
            reverse("mfa_activate_totp"),
            reverse("account_reauthenticate"),
        )
        if request.path.startswith(allowed):
            return False
        return not is_mfa_enabled(user)
