"""Resolves, on every request, which memberships are current and which agency the user acts for."""

from apps.agencies import policy, selectors
from apps.agencies.services import ACTING_AGENCY_SESSION_KEY


class ActingMembershipMiddleware:
    """Sets ``request.memberships``, ``request.acting_agency`` and ``request.acting_roles``.

    It also re-syncs the user's role groups, so a membership that has ended (deactivated or
    past its end date) stops granting anything from this very request on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        request.acting_agency = None
        request.acting_roles = frozenset()
        if request.user.is_authenticated:
            policy.sync_role_groups(request.user)
            request.memberships = selectors.current_memberships(request.user)
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
