"""Resolves, on every request, which memberships are current and which agency the user acts for."""

from apps.agencies import policy
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
