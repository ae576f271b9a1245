"""The access log: who read, printed or exported which child data, for which agency, when and
from where. Append-only: the application can add rows, never change or delete them.

This app depends on no other app of ours, so it stores the agency and the child as plain ids
with a name snapshot; every app can log without a dependency cycle.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted.")

    def during(self, since: datetime.date, until: datetime.date) -> "AccessLogQuerySet":
        """From the start of ``since`` to the start of the day after ``until``, both in the current
        time zone (so a day of 23 or 25 hours is counted whole): a range on ``at`` that an index
        on (..., at) serves. ``at__date`` would convert every row to a local date first, and no
        index could be used."""
        start = datetime.datetime.combine(since, datetime.time.min)
        end = datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min)
        return self.filter(at__gte=timezone.make_aware(start), at__lt=timezone.make_aware(end))


class AccessLogUnion:
    """The rows of any of several access-log querysets, each row once, newest first, to be paged.

    An OR of two conditions, or ``pk__in`` over their UNION, makes PostgreSQL read the whole log:
    it cannot answer an OR across two indexes when one side is a subquery, and it cannot push a
    page's LIMIT into a ``pk__in`` subquery, so at a year of a unit's reads it joins all of them
    back to the table (a sequential scan of millions of rows). Here only the (pk, at) pairs are
    united, which the (agency_id, at, id), (owner_agency_id, at, id) and (child_id, at, id)
    indexes give without visiting the table, sorted and cut to one page in the database; then only that page's rows are read.
    ``count()`` counts the same union, so the paginator does not scan again.

    To a Paginator it is like a queryset: ``count()`` and slices (two queries a slice)."""

    ordered = True

    def __init__(self, *parts: AccessLogQuerySet, select_related: tuple[str, ...] = ()):
        keys = [part.order_by().values_list("pk", "at") for part in parts]
        self._keys = keys[0].union(*keys[1:]).order_by("-at", "-pk")
        self._rows = AccessLog.objects.select_related(*select_related).order_by("-at", "-pk")

    def count(self) -> int:
        return self._keys.count()

    def __getitem__(self, page: slice) -> list["AccessLog"]:
        return list(self._rows.filter(pk__in=[pk for pk, _at in self._keys[page]]))

    def __iter__(self):
        return iter(self[:])


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Läste")
        PRINT = "print", _("Skrev ut")
        EXPORT = "export", _("Exporterade")
        SEARCH = "search", _("Sökte")

    # No index of its own on ``at`` or ``user``: every read of the log starts from an agency,
    # a child or a person and a period, which the indexes below serve, and every page that
    # names a child inserts rows here, paying for each index the log keeps.
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
        db_index=False,
    )
    agency_id = models.BigIntegerField(_("verksamhetens id"), null=True)
    agency_name = models.CharField(_("för verksamhet"), max_length=200, blank=True)
    # Whose record was read (the case's or the child's agency), beside whom the reader acted
    # for: someone of two units, acting for one, may read the other's records.
    owner_agency_id = models.BigIntegerField(_("ägande verksamhetens id"), null=True)
    action = models.CharField(_("åtgärd"), max_length=10, choices=Action.choices)
    child_id = models.BigIntegerField(_("barnets id"), null=True)
    object_type = models.CharField(_("typ av uppgift"), max_length=100)
    object_id = models.CharField(_("uppgiftens id"), max_length=64, blank=True)
    description = models.CharField(_("vad"), max_length=300)
    path = models.CharField(_("adress"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("ip-adress"), null=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtkomstlogg")
        verbose_name_plural = _("åtkomstloggar")
        ordering = ["-at", "-pk"]
        # Log review asks for the reads made for one agency and the reads of records it owns
        # over a period, or for the reads of one of its children: with id in the key, each half
        # is a range of one index and its (id, at) pairs come from the index alone, without
        # visiting the table (see AccessLogUnion). (child_id, ...) also serves any lookup by
        # child, so child_id has no index of its own; (user, at) serves a person's reads and the
        # check that a person to be deleted has none.
        indexes = [
            models.Index(fields=["user", "at"]),
            models.Index(fields=["agency_id", "at", "id"]),
            models.Index(fields=["owner_agency_id", "at", "id"], name="audit_log_owner_at_id"),
            models.Index(fields=["child_id", "at", "id"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.description}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted.")
