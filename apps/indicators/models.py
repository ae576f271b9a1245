"""The computed figures: aggregates only, never a child, a name or a free text.

A figure is one cell of an indicator for one period, one municipality (or the whole county)
and one agency kind (or every kind). The nightly task (and an on-demand refresh) recomputes a
period's figures from the records and replaces them in one transaction; the pages and the
exports read only this table. A cell that counts fewer children than the suppression threshold,
or that would let such a cell be recovered from a total, is stored suppressed: without value or
count, so no page or export can show what it hid.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.agencies.models import Municipality


class PeriodKind(models.TextChoices):
    TERM = "term", _("Termin")
    YEAR = "year", _("År")


class Figure(models.Model):
    period_kind = models.CharField(_("period"), max_length=4, choices=PeriodKind.choices)
    period_start = models.DateField(_("periodens första dag"))
    period_end = models.DateField(_("periodens sista dag"))
    # Null: the whole county.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommun"),
    )
    # Blank: every kind of agency (an ``Agency.Kind`` value otherwise).
    agency_kind = models.CharField(_("typ av verksamhet"), max_length=20, blank=True)
    # A key of ``apps.indicators.definitions.INDICATORS``.
    indicator = models.CharField(_("indikator"), max_length=40)
    # What the cell is about within its indicator (a wheel area, a source, "median", ...);
    # blank for the indicator's total.
    category = models.CharField(_("kategori"), max_length=60, blank=True)
    # How many children the figure counts or is based on; null when suppressed.
    children = models.PositiveIntegerField(_("antal barn"), null=True, blank=True)
    # The figure itself (a count, days, or a share between 0 and 1); null when suppressed.
    value = models.FloatField(_("värde"), null=True, blank=True)
    suppressed = models.BooleanField(_("undertryckt"), default=False)
    computed_at = models.DateTimeField(_("beräknad"))

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "municipality", "agency_kind"],
                name="indicators_figure_scope",
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.category} {self.period_start}"
