"""The second factor is a property of the session: whoever must use one (``ecosystem.access.
requires_second_factor``: staff and the jury) must have passed it in *this* session, when
ESSAIM_REQUIRE_MFA_FOR_STAFF is on (the production default).

allauth records in the session how it was authenticated (``allauth.account.authentication.
get_authentication_records``); a ``"mfa"`` record means a code of the person's authenticator was checked in
this session: at login, at a re-authentication by code, or when the authenticator was enrolled (recorded
here, see :func:`record_enrolment`). An authenticator merely enrolled proves nothing about a session opened
some other way (a session older than this rule, a login path outside allauth).

- No authenticator yet: sent to the TOTP set-up until they enrol; its pages and the password
  re-authentication it asks for stay reachable.
- An authenticator, but this session did not pass it: sent to allauth's "enter a code" step
  (``mfa_reauthenticate``) with ``?next=`` the page they asked for, so they carry on where they were once the
  code is checked, rather than being logged out and starting over. Only that step and logging out are
  reachable meanwhile: the MFA management pages are not, as removing the authenticator there needs only the
  password.

Logging out, static and media files and /healthz are always reachable. WebSocket connections follow the same
rule (:mod:`config.websocket_auth`): a session that must and did not pass the second factor is
anonymous there.
"""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from ecosystem.access import requires_second_factor

ALWAYS_ALLOWED_PREFIXES = ("/static/", "/media/", "/healthz")
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def passed_second_factor(request, user) -> bool:
    """Whether ``request``'s session checked a code of ``user``'s authenticator (allauth's records)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def must_pass_second_factor(request, user) -> bool:
    """The rule, for HTTP and WebSocket alike: on, and this person must, and this session did not."""
    return (
        settings.ESSAIM_REQUIRE_MFA_FOR_STAFF
        and requires_second_factor(user)
        and not passed_second_factor(request, user)
    )


class StaffMFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        destination = self._destination(request)
        if destination:
            return redirect(destination)
        return self.get_response(request)

    @staticmethod
    def _destination(request) -> str | None:
        """Where this request must go instead, or None to serve it."""
        user = getattr(request, "user", None)
        if request.path.startswith(ALWAYS_ALLOWED_PREFIXES) or request.path == reverse("account_logout"):
            return None
        if user is None or not must_pass_second_factor(request, user):
            return None
        if not is_mfa_enabled(user, SECOND_FACTORS):
            enrolment = (reverse("mfa_index"), reverse("account_reauthenticate"))
            return None if request.path.startswith(enrolment) else reverse("mfa_activate_totp")
        step = reverse("mfa_reauthenticate")
        if request.path == step:
            return None
        return f"{step}?{urlencode({'next': request.get_full_path()})}"


def record_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """An authenticator enrolled in this session had a code checked at once (allauth asks for one to
    activate it): that is the second factor passed, recorded as allauth records it at login. Without this,
    someone who just enrolled would be asked for a second code at once, and would not reach the recovery
    codes allauth shows next."""
    from allauth.account.internal.flows.login import record_authentication

    if request is not None and authenticator.type in SECOND_FACTORS:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
