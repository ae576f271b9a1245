"""Recording reads of child data. Call ``log_access`` from every view that shows, prints or
exports child data, after the access policy has allowed it."""

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

from apps.audit.models import AccessLog


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _entry(request, obj: Model, *, child_id, action) -> AccessLog:
    agency = getattr(request, "acting_agency", None)
    return AccessLog(
        user=request.user,
        agency_id=agency.pk if agency else None,
        agency_name=agency.name if agency else "",
        action=action,
        child_id=child_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        description=str(obj)[:300],
        path=request.get_full_path()[:500],
        ip_address=_client_ip(request),
    )


def log_access(request, obj: Model, *, child_id=None, action=AccessLog.Action.VIEW) -> AccessLog:
    entry = _entry(request, obj, child_id=child_id, action=action)
    entry.save()
    return entry


def log_list_access(request, objects, *, child_id) -> None:
    """A list that names children is a read of each of them: one row per object shown.
    ``child_id`` gives the child's id of an object."""
    log_reads(request, [(obj, child_id(obj)) for obj in objects])


def log_reads(request, reads) -> None:
    """Reads of several objects, each a pair (object shown, its child's id), written in a
    single INSERT so a page's query count does not grow with what it lists."""
    if reads:
        AccessLog.objects.bulk_create(
            [
                _entry(request, obj, child_id=child_id, action=AccessLog.Action.VIEW)
                for obj, child_id in reads
            ]
        )


def paginate(request, queryset, *, per_page: int = 50) -> Page:
    """One page of a list (``?sida=N``), so a list shows, and logs, only what is on screen.

    A queryset's page is cut on ids first and only that page's rows are then read with all
    they join: sorting the ids of a few thousand rows is cheap, joining every one of them to
    case, child, agency and person before cutting the page is not (PostgreSQL cannot know
    how many rows the access policy lets through, and plans for a handful).
    """
    if not isinstance(queryset, QuerySet):
        return Paginator(queryset, per_page).get_page(request.GET.get("sida"))
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(
        request.GET.get("sida")
    )
    rows = queryset.order_by().in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list]
    return page
