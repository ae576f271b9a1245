"""Recording reads of child data. Call ``log_access`` from every view that shows, prints or
exports child data, after the access policy has allowed it.

Each row records the agency the reader acted for and the agency that owns what was read (the
case's, or the child's own): the two differ when someone of several units, acting for one,
reads a record of another, and each unit's log review must tell those reads from reads of its
own children. Reads are named by the case or the child they belong to, so the owner is taken
from the record itself, never from the request."""

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet

from apps.audit.masking import mask_personal_numbers
from apps.audit.models import AccessLog


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _child_and_owner(case, child) -> tuple[int, int]:
    """The child read about and the agency owning the record: a case's, or the child's."""
    if case is not None:
        return case.child_id, case.agency_id
    return child.pk, child.agency_id


def _reader(request) -> dict:
    """What every row of one request records of who read and where: the same for each object
    a page lists, so it is worked out once a request, not once a row."""
    agency = getattr(request, "acting_agency", None)
    return {
        "user_id": request.user.pk,
        "agency_id": agency.pk if agency else None,
        "agency_name": agency.name if agency else "",
        "path": mask_personal_numbers(request.get_full_path())[:500],
        "ip_address": _client_ip(request),
    }


def _entry(reader: dict, obj: Model, *, child_id, owner_agency_id, action) -> AccessLog:
    return AccessLog(
        **reader,
        owner_agency_id=owner_agency_id,
        action=action,
        child_id=child_id,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        description=str(obj)[:300],
    )


def log_access(
    request, obj: Model, *, case=None, child=None, action=AccessLog.Action.VIEW
) -> AccessLog:
    """A read of ``obj``, which belongs to ``case`` (or is, or belongs to, ``child``)."""
    child_id, owner_agency_id = _child_and_owner(case, child)
    entry = _entry(
        _reader(request), obj, child_id=child_id, owner_agency_id=owner_agency_id, action=action
    )
    entry.save()
    return entry


def log_list_access(request, objects, *, case) -> None:
    """A list that names children is a read of each of them: one row per object shown.
    ``case`` gives the case an object belongs to."""
    log_reads(request, [(obj, case(obj)) for obj in objects])


def log_reads(request, reads) -> None:
    """Reads of several objects, each a pair (object shown, the case it belongs to), written
    in a single INSERT so a page's query count does not grow with what it lists."""
    _insert(request, [(obj, case.child_id, case.agency_id) for obj, case in reads])


def log_entries_shown(request, entries) -> None:
    """The log review names the children of the rows it lists: a read of each of them, owned
    by whoever owned the read it shows. A child named on several rows of the page is read once
    by the page, so it is logged once (on the first row naming it), not once a row."""
    first_naming = {}
    for entry in entries:
        first_naming.setdefault((entry.child_id, entry.owner_agency_id), entry)
    _insert(
        request,
        [(entry, child_id, owner_id) for (child_id, owner_id), entry in first_naming.items()],
    )


def _insert(request, reads) -> None:
    """Views of (object, child id, owning agency id), all in one INSERT."""
    reader = _reader(request)
    entries = [
        _entry(
            reader,
            obj,
            child_id=child_id,
            owner_agency_id=owner_agency_id,
            action=AccessLog.Action.VIEW,
        )
        for obj, child_id, owner_agency_id in reads
    ]
    if entries:
        AccessLog.objects.bulk_create(entries)


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
