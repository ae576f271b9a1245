from django.shortcuts import render

from apps.agencies import selectors
from apps.agencies.forms import DirectoryFilterForm
from apps.audit.services import paginate


def bba_directory(request):
    """Any signed-in person can find the BBA of any unit: name and contact, nothing else.

    Paged, because a county has hundreds of units; the page links keep the filters."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(
        request,
        selectors.bba_directory(
            municipality=filters.get("municipality"),
            kind=filters.get("kind", ""),
            query=filters.get("q", ""),
        ),
    )
    return render(
        request, "agencies/directory.html", {"form": form, "agencies": page, "page": page}
    )
