"""Resolves, on every request, which memberships are current, which agency the user acts for, and
whether they still owe a second factor."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from apps.accounts import second_factor
from apps.agencies import policy
from apps.agencies.identity_provider import BACKEND as IDENTITY_PROVIDER_BACKEND
from apps.agencies.services import ACTING_AGENCY_SESSION_KEY


class ActingMembershipMiddleware:
    """Sets ``request.memberships``, ``request.acting_agency`` and ``request.acting_roles``.

    Only reads: the memberships in force today are what the policy counts (a membership past
    its end date gives nothing from that day on), and the policy remembers the groups they
    give for the rest of the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.acting_agency = None
        request.acting_roles = frozenset()
        if request.user.is_authenticated:
            request.memberships = policy.current_memberships(request.user)
            agencies = {m.agency_id: m.agency for m in request.memberships}
            chosen = request.session.get(ACTING_AGENCY_SESSION_KEY)
            if chosen not in agencies and agencies:
                chosen = next(iter(agencies))
            if chosen in agencies:
                request.acting_agency = agencies[chosen]
                request.acting_roles = frozenset(
                    m.role for m in request.memberships if m.agency_id == chosen
                )
        return self.get_response(request)


class SecondFactorMiddleware:
    """Someone whose memberships need a second factor (policy.needs_second_factor) and who
    has not given it in this session reaches only the pages to give it, to enrol, to sign out,
    the session-ended page and the language switch; every other page sends them to give it
    (or to enrol, without an authenticator yet), and back afterwards. Static files are answered
    by WhiteNoise before any of this runs.

    Decided once the URL is resolved and after ActingMembershipMiddleware, whose memberships
    it reads, so it costs no query of its own but for someone not yet verified. It tells the
    second-factor pages whether the rule asks (``request.second_factor_required``)."""

    OPEN = frozenset(
        {
            "accounts:logout",
            "accounts:session_ended",
            "accounts:second_factor_verify",
            "accounts:second_factor_recovery",
            "accounts:second_factor_enrol",
            "accounts:second_factor_codes",
            "set_language",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.second_factor_required = request.user.is_authenticated and (
            policy.needs_second_factor(
                request.user,
                request.memberships,
                through_identity_provider=request.session.get(BACKEND_SESSION_KEY)
                == IDENTITY_PROVIDER_BACKEND,
            )
        )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.second_factor_required or request.user.is_verified():
            return None
        if request.resolver_match.view_name in self.OPEN:
            return None
        if second_factor.has_second_factor(request.user):
            page = reverse("accounts:second_factor_verify")
        else:
            page = reverse("accounts:second_factor_enrol")
        if request.method in ("GET", "HEAD"):
            page = f"{page}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(page)
