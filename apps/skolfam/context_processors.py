from apps.agencies import policy


def skolfam_menu(request):
    """Whether the header shows the Skolfam item: asked only when the template reaches it, and
    only of someone acting for a team unit (see policy.skolfam.in_team)."""
    return {
        "skolfam_in_menu": lambda: policy.skolfam.in_team(
            request.user,
            getattr(request, "acting_agency", None),
            getattr(request, "acting_roles", frozenset()),
        )
    }
