"""The mapping (kartläggning) of a child's situation with Barnets bästa-hjulet.

An assessment belongs to a case, so it is seen and changed by exactly those who may see and
change the case (see apps/agencies/policy.py). It always rates all seven areas: the point of the
wheel is the whole picture, including the areas that work well.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.cases.models import Case
from apps.cases.wheel_areas import WheelArea


class Rating(models.TextChoices):
    """A four-step scale. "Vet inte" is an answer of its own, so a gap in what is known is
    recorded as a gap and never read as "no concern"."""

    WORKS_WELL = "works_well", _("Fungerar bra")
    SOME_CONCERN = "some_concern", _("Viss oro")
    SERIOUS_CONCERN = "serious_concern", _("Allvarlig oro")
    NOT_KNOWN = "not_known", _("Vet inte")


# How worrying each known rating is; "Vet inte" has no place on this scale.
SEVERITY = {Rating.WORKS_WELL: 0, Rating.SOME_CONCERN: 1, Rating.SERIOUS_CONCERN: 2}


class Assessment(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("ärende")
    )
    assessed_on = models.DateField(_("datum för kartläggningen"), default=timezone.localdate)
    child_took_part = models.BooleanField(_("barnet deltog"), default=False)
    guardians_took_part = models.BooleanField(_("vårdnadshavare deltog"), default=False)
    others_present = models.TextField(
        _("andra som bidrog"),
        blank=True,
        help_text=_("Till exempel mentor, elevhälsa, den som anmälde oron eller tolk."),
    )
    child_view = models.TextField(
        _("barnets egen röst"),
        help_text=_(
            "Vad barnet själv berättar om sin situation, gärna med barnets egna ord. "
            "Har barnet inte kunnat delta, skriv varför och hur barnets syn har tagits fram."
        ),
    )
    summary = models.TextField(_("sammanfattning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gjord av"),
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return _("Kartläggning %(date)s, %(child)s") % {
            "date": self.assessed_on.isoformat(),
            "child": self.case.child,
        }

    def get_absolute_url(self):
        return reverse("wheel:assessment_detail", args=[self.pk])


class AreaRating(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("kartläggning")
    )
    area = models.CharField(_("område"), max_length=20, choices=WheelArea.choices)
    rating = models.CharField(_("bedömning"), max_length=20, choices=Rating.choices)
    notes = models.TextField(_("vad vet vi?"), blank=True)
    strengths = models.TextField(_("styrkor och skyddsfaktorer"), blank=True)
    risks = models.TextField(_("risker och behov"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning av område")
        verbose_name_plural = _("bedömningar av områden")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="unique_rating_per_area")
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.get_rating_display()}"
