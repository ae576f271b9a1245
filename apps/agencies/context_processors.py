from apps.agencies import policy
from apps.agencies.models import Membership


def acting_membership(request):
    """What the header shows on every page: who you are and which agency you act for."""
    user = getattr(request, "user", None)
    memberships = getattr(request, "memberships", [])
    is_administrator = bool(user and policy.is_administrator(user))
    return {
        "acting_agency": getattr(request, "acting_agency", None),
        "acting_roles": getattr(request, "acting_roles", frozenset()),
        "member_agencies": sorted({m.agency for m in memberships}, key=lambda a: a.name),
        "is_administrator": is_administrator,
        "is_steering_group": bool(user and policy.is_steering_group(user)),
        "may_administer": is_administrator
        or any(m.role == Membership.Role.AGENCY_ADMIN for m in memberships),
    }
