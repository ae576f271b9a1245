"""Skolfam: school support for children placed in foster homes (seeds 000 and 001).

A municipality takes part in Skolfam by a decision of its committees; its joint team of school
and social services then maps every placed child in the cohort at an interval the municipality
sets (every second year unless it decides otherwise) and reports the aggregated mapping data
back to its committees. What is kept here is only what that report needs: who is in the cohort,
on whose informed consent, and the team's rating band per Skolfam area at each mapping. Raw test
material and notes about tests never enter the app.

A child is marked by the social-services unit that placed it, through that unit's own case, and
the team's school is named on the marking: the policy (apps/agencies/policy.py, ``skolfam``)
lets the unit in through its case and the school through a grant on the marking itself.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant, Municipality
from apps.cases.models import Case, Child

DEFAULT_INTERVAL_MONTHS = 24


class Participation(models.Model):
    """Whether a municipality takes part in Skolfam, and how often its cohort is mapped.
    A municipality without a row, or with ``takes_part`` off, sees nothing of Skolfam."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="skolfam",
        verbose_name=_("kommun"),
    )
    takes_part = models.BooleanField(_("kommunen deltar i Skolfam"), default=True)
    interval_months = models.PositiveSmallIntegerField(
        _("månader mellan kartläggningarna"),
        default=DEFAULT_INTERVAL_MONTHS,
        validators=[MinValueValidator(6), MaxValueValidator(48)],
        help_text=_("Skolfam kartlägger vanligen vartannat år, det vill säga var 24:e månad."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagande i Skolfam")
        verbose_name_plural = _("deltagande i Skolfam")
        ordering = ["municipality__name"]

    def __str__(self):
        return str(self.municipality)


class Area(models.TextChoices):
    """The Skolfam areas the team rates at each mapping."""

    COGNITIVE = "cognitive", _("Kognitiv förmåga")
    READING = "reading", _("Läsning")
    WRITING = "writing", _("Skrivning")
    MATHEMATICS = "mathematics", _("Matematik")
    WELLBEING = "wellbeing", _("Välbefinnande")


class AbilityBand(models.TextChoices):
    """The team's rating of an ability or school subject, worst first."""

    BELOW = "below", _("Under förväntad nivå")
    WITHIN = "within", _("Inom förväntad nivå")
    ABOVE = "above", _("Över förväntad nivå")


class WellbeingBand(models.TextChoices):
    """The team's rating of the child's wellbeing, worst first."""

    MARKED = "marked", _("Tydliga svårigheter")
    SOME = "some", _("Vissa svårigheter")
    NONE = "none", _("Inga påtagliga svårigheter")


BANDS_OF_AREA = {
    Area.COGNITIVE: AbilityBand,
    Area.READING: AbilityBand,
    Area.WRITING: AbilityBand,
    Area.MATHEMATICS: AbilityBand,
    Area.WELLBEING: WellbeingBand,
}


def band_rank(area: str, band: str) -> int:
    """How good a band is within its area (higher is better): each band list is worst first."""
    return BANDS_OF_AREA[area].values.index(band)


class CohortMember(models.Model):
    """A placed child in its municipality's Skolfam cohort, from the marking until the consent
    is withdrawn. Never deleted: a withdrawal ends it, and the history keeps both."""

    class PlacementBasis(models.TextChoices):
        SOL = "sol", _("Placerad i familjehem enligt socialtjänstlagen (SoL)")
        LVU = "lvu", _("Placerad i familjehem enligt LVU")

    class ConsentBasis(models.TextChoices):
        GUARDIANS = "guardians", _("Vårdnadshavarnas informerade samtycke")
        DECISION = "decision", _("Socialnämndens beslut (placering enligt LVU)")

    class ConsentMethod(models.TextChoices):
        WRITTEN = "written", _("Skriftligt")
        ORAL = "oral", _("Muntligt")
        DECISION = "decision", _("Protokollfört beslut")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="skolfam", verbose_name=_("ärende")
    )
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="skolfam", verbose_name=_("barn")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="skolfam_marked",
        verbose_name=_("socialtjänst som markerade barnet"),
    )
    school = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="skolfam_team",
        verbose_name=_("skola i Skolfam-teamet"),
    )
    placement_basis = models.CharField(
        _("placering"), max_length=10, choices=PlacementBasis.choices
    )
    consent_basis = models.CharField(
        _("grund för deltagandet"), max_length=10, choices=ConsentBasis.choices
    )
    consented_by = models.CharField(_("vem som samtyckte eller beslutade"), max_length=200)
    consented_on = models.DateField(_("datum för samtycke eller beslut"))
    consent_method = models.CharField(
        _("hur samtycket gavs"), max_length=10, choices=ConsentMethod.choices
    )
    information_given = models.BooleanField(_("information om Skolfam har lämnats"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("markerat av"),
    )
    marked_at = models.DateTimeField(_("markerat"), default=timezone.now)
    # Kept with every marking and mapping (see services), so the list of children due for a
    # mapping is an indexed range rather than date arithmetic in SQL.
    next_mapping_due = models.DateField(_("nästa kartläggning senast"), db_index=True)
    withdrawn_on = models.DateField(_("samtycket återkallades"), null=True, blank=True)
    withdrawn_by_party = models.CharField(_("återkallat av"), max_length=200, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallelsen antecknad av"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barn i Skolfam")
        verbose_name_plural = _("barn i Skolfam")
        ordering = ["next_mapping_due", "pk"]
        permissions = [("map_cohortmember", _("Får registrera Skolfam-kartläggningar"))]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(withdrawn_on__isnull=True),
                name="skolfam_one_current_marking_per_child",
            ),
            models.CheckConstraint(
                condition=Q(information_given=True), name="skolfam_information_given"
            ),
        ]

    def __str__(self):
        return _("Skolfam: %(child)s") % {"child": self.child}

    def get_absolute_url(self):
        return reverse("skolfam:member_detail", args=[self.pk])

    @property
    def is_withdrawn(self):
        return self.withdrawn_on is not None


class Mapping(models.Model):
    """One mapping by the team: the date and a band per Skolfam area, nothing else."""

    member = models.ForeignKey(
        CohortMember, on_delete=models.PROTECT, related_name="mappings", verbose_name=_("barn")
    )
    mapped_on = models.DateField(_("kartläggningsdatum"))
    cognitive = models.CharField(Area.COGNITIVE.label, max_length=10, choices=AbilityBand.choices)
    reading = models.CharField(Area.READING.label, max_length=10, choices=AbilityBand.choices)
    writing = models.CharField(Area.WRITING.label, max_length=10, choices=AbilityBand.choices)
    mathematics = models.CharField(
        Area.MATHEMATICS.label, max_length=10, choices=AbilityBand.choices
    )
    wellbeing = models.CharField(Area.WELLBEING.label, max_length=10, choices=WellbeingBand.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    recorded_at = models.DateTimeField(_("registrerad"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Skolfam-kartläggning")
        verbose_name_plural = _("Skolfam-kartläggningar")
        ordering = ["-mapped_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "mapped_on"], name="skolfam_one_mapping_per_day"
            )
        ]

    def __str__(self):
        return _("Skolfam-kartläggning %(date)s, %(child)s") % {
            "date": self.mapped_on,
            "child": self.member.child,
        }

    def bands(self) -> list[tuple[str, str]]:
        """Each area's label and the band given, in the order of the areas."""
        return [(Area(area).label, getattr(self, f"get_{area}_display")()) for area in Area.values]


class CohortMemberUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(CohortMember, on_delete=models.CASCADE)
    history = HistoricalRecords()


class CohortMemberGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(CohortMember, on_delete=models.CASCADE)
    history = HistoricalRecords()
