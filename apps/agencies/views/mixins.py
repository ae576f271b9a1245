from functools import wraps

from django.http import Http404

from apps.agencies import policy


def administrator_required(view):
    """Administration of municipalities, agencies and people. Anyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policy.is_administrator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
