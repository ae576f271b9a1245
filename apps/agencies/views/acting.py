from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.agencies import services


@require_POST
def choose_agency(request):
    """Switch which of one's agencies one acts for; what one creates then belongs to it."""
    agency_id = request.POST.get("agency", "")
    agency = services.choose_acting_agency(request, int(agency_id)) if agency_id.isdigit() else None
    if agency:
        messages.success(request, _("Du agerar nu för %(agency)s.") % {"agency": agency})
    else:
        messages.error(request, _("Du är inte medlem i den verksamheten."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)
