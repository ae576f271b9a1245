"""Children, their guardians, cases and concerns.

A child record belongs to one agency: the same child known to two agencies is two records, so
nothing one agency writes (not even that it knows the child) reaches the other. Access to a
child, its guardians and everything recorded in a case goes through the case (see
apps/agencies/policy.py); a reporter reaches only the concerns they logged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant
from apps.cases.personal_numbers import birth_date_known, format_personal_number
from apps.cases.stages import Stage, responsible_kind_labels
from apps.cases.wheel_areas import area_labels


class IssuingRegion(models.TextChoices):
    """The 21 regions that run health care and issue their own reserve numbers (reservnummer)
    to patients without a personnummer or samordningsnummer; stored by county code (länskod)."""

    STOCKHOLM = "01", "Region Stockholm"
    UPPSALA = "03", "Region Uppsala"
    SORMLAND = "04", "Region Sörmland"
    OSTERGOTLAND = "05", "Region Östergötland"
    JONKOPING = "06", "Region Jönköpings län"
    KRONOBERG = "07", "Region Kronoberg"
    KALMAR = "08", "Region Kalmar län"
    GOTLAND = "09", "Region Gotland"
    BLEKINGE = "10", "Region Blekinge"
    SKANE = "12", "Region Skåne"
    HALLAND = "13", "Region Halland"
    VASTRA_GOTALAND = "14", "Västra Götalandsregionen"
    VARMLAND = "17", "Region Värmland"
    OREBRO = "18", "Region Örebro län"
    VASTMANLAND = "19", "Region Västmanland"
    DALARNA = "20", "Region Dalarna"
    GAVLEBORG = "21", "Region Gävleborg"
    VASTERNORRLAND = "22", "Region Västernorrland"
    JAMTLAND_HARJEDALEN = "23", "Region Jämtland Härjedalen"
    VASTERBOTTEN = "24", "Region Västerbotten"
    NORRBOTTEN = "25", "Region Norrbotten"


class Child(models.Model):
    """A child is identified by one of three kinds of number: a personnummer or
    samordningsnummer; a reserve number a region gave it (a newly arrived child often has one
    from the health care before Skatteverket gives it a number); or, failing both, our own
    reserve number."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="children", verbose_name=_("verksamhet")
    )
    # NULL (not "") for "no number", so the per-agency unique constraint passes it over.
    personal_number = models.CharField(  # noqa: DJ001
        _("personnummer eller samordningsnummer"), max_length=12, null=True, blank=True
    )
    reserve_number = models.CharField(
        _("reservnummer"),
        max_length=20,
        blank=True,
        help_text=_("För barn som saknar personnummer, till exempel nyanlända."),
    )
    # Normalised (see personal_numbers.normalise_reserve_number); NULL, like the
    # personnummer, so the per-agency unique constraint passes children without one over.
    region_reserve_number = models.CharField(  # noqa: DJ001
        _("reservnummer från regionen"), max_length=20, null=True, blank=True
    )
    reserve_number_region = models.CharField(
        _("region som gav reservnumret"), max_length=2, choices=IssuingRegion.choices, blank=True
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    birth_date = models.DateField(_("födelsedatum"))
    # Claimed by every edit of the child's details, so two people editing at once are told
    # rather than one silently overwriting the other (see audit.history.claim_revision).
    revision = models.PositiveIntegerField(default=0, editable=False)
    protected_identity = models.BooleanField(
        _("skyddad identitet"),
        default=False,
        help_text=_("Adressuppgifter visas då aldrig, varken på skärmen eller i utskrifter."),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("barn")
        verbose_name_plural = _("barn")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "personal_number"],
                condition=Q(personal_number__isnull=False),
                name="unique_child_personal_number_per_agency",
            ),
            models.UniqueConstraint(
                fields=["agency", "reserve_number_region", "region_reserve_number"],
                condition=Q(region_reserve_number__isnull=False),
                name="unique_child_region_reserve_number_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(personal_number__isnull=False)
                | ~Q(reserve_number="")
                | Q(region_reserve_number__isnull=False),
                name="child_has_an_identity_number",
            ),
            models.CheckConstraint(
                condition=Q(region_reserve_number__isnull=True, reserve_number_region="")
                | (Q(region_reserve_number__isnull=False) & ~Q(reserve_number_region="")),
                name="child_region_reserve_number_names_its_region",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_coordination_number(self):
        """A samordningsnummer has 60 added to the day of birth (day 60: the day is unknown)."""
        return bool(self.personal_number) and int(self.personal_number[6:8]) >= 60

    @property
    def birth_date_known(self):
        """False when the samordningsnummer says the birth month or day is unknown: the
        birth date is then the first day it allows, not one to show as the birthday."""
        return not self.personal_number or birth_date_known(self.personal_number)

    @property
    def identity_number(self):
        """What identifies the child on screen and on paper: a region's reserve number with
        the region that gave it, as the same digits may come from another region."""
        if self.personal_number:
            return format_personal_number(self.personal_number)
        if self.region_reserve_number:
            return f"{self.region_reserve_number} ({self.get_reserve_number_region_display()})"
        return self.reserve_number

    def age(self, on=None):
        on = on or timezone.localdate()
        years = on.year - self.birth_date.year
        return years - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


class Guardian(models.Model):
    class Relation(models.TextChoices):
        PARENT = "parent", _("Förälder")
        APPOINTED = "appointed", _("Särskilt förordnad vårdnadshavare")
        FOSTER = "foster", _("Familjehemsförälder")
        OTHER = "other", _("Annan")

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="guardians", verbose_name=_("barn")
    )
    name = models.CharField(_("namn"), max_length=200)
    relation = models.CharField(_("relation till barnet"), max_length=20, choices=Relation.choices)
    has_custody = models.BooleanField(_("vårdnadshavare"), default=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("adress"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vårdnadshavare eller närstående")
        verbose_name_plural = _("vårdnadshavare och närstående")
        ordering = ["-has_custody", "name"]

    def __str__(self):
        return self.name


class Case(models.Model):
    class Status(models.TextChoices):
        DETECTED = "detected", _("Upptäckt")
        MAPPING = "mapping", _("Kartläggning")
        ANALYSED = "analysed", _("Analyserat")
        COLLABORATION = "collaboration", _("Samarbete")
        FOLLOW_UP = "follow_up", _("Uppföljning")
        CLOSED = "closed", _("Avslutat")

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("barn")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases", verbose_name=_("ägande verksamhet")
    )
    bba = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bba_cases",
        verbose_name=_("barnets bästa-ansvarig"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_cases",
        verbose_name=_("handläggare"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DETECTED
    )
    opened_at = models.DateTimeField(_("öppnat"), default=timezone.now)
    closed_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    closing_reason = models.TextField(_("skäl till avslut"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-opened_at"]
        permissions = [("assign_case", _("Får fördela ärendet"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closing_reason=""),
                name="closed_case_has_reason",
            )
        ]

    def __str__(self):
        return _("Ärende %(id)s, %(child)s") % {"id": self.pk, "child": self.child}

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED


class Concern(models.Model):
    class Source(models.TextChoices):
        OWN_UNIT = "own_unit", _("Egen verksamhet")
        OTHER_AGENCY = "other_agency", _("Annan verksamhet")
        GUARDIAN = "guardian", _("Vårdnadshavare")
        CHILD = "child", _("Barnet självt")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("ärende")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reported_concerns",
        verbose_name=_("uppgiftslämnare"),
    )
    reported_at = models.DateTimeField(_("registrerad"), default=timezone.now)
    # The child's name as the reporter wrote it: all a reporter is ever shown of the child, so
    # their own pages never echo the unit's record (see services.log_concern).
    reported_name = models.CharField(
        _("barnets namn enligt uppgiftslämnaren"), max_length=201, blank=True
    )
    areas = models.JSONField(_("områden i hjulet"), default=list)
    observation = models.TextField(_("vad har du sett eller hört?"))
    child_words = models.TextField(_("barnets egna ord"), blank=True)
    source = models.CharField(
        _("var kommer oron ifrån?"),
        max_length=20,
        choices=Source.choices,
        default=Source.OWN_UNIT,
    )
    social_services_report_made = models.BooleanField(
        _("orosanmälan till socialtjänsten är gjord"), default=False
    )
    social_services_report_date = models.DateField(
        _("datum för orosanmälan"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oro")
        verbose_name_plural = _("oro")
        ordering = ["-reported_at"]

    def __str__(self):
        return _("Oro för %(child)s, %(date)s") % {
            "child": self.case.child,
            "date": timezone.localtime(self.reported_at).date(),
        }

    @property
    def area_labels(self):
        return area_labels(self.areas)


class RecordedStage(models.Model):
    """The child's stage where it differs from what the birth date says (held back a year, in
    upper secondary outside Sörmland, not in school), from ``starts_on`` through ``ends_on``
    (open: until the responsibility ends at 20). Never edited: a new record corrects an old
    one (see stages.stage_of)."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="recorded_stages", verbose_name=_("barn")
    )
    stage = models.CharField(_("stadium"), max_length=30, choices=Stage.choices)
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    reason = models.TextField(_("varför stadiet avviker"))
    recorded_at = models.DateTimeField(_("antecknat"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antecknat stadium")
        verbose_name_plural = _("antecknade stadier")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="recorded_stage_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return _("%(stage)s för %(child)s från %(date)s") % {
            "stage": self.get_stage_display(),
            "child": self.child,
            "date": self.starts_on,
        }


class ComingTransition(models.Model):
    """A change of stage the daily scan saw coming within the term for the child of an open
    case (see transitions.py): the unit's BBA prepares the handover, and is reminded once, a
    set time before (``reminded_at``, claimed by a conditional UPDATE, so a second scan sends
    nothing). A change no longer foreseen (a stage was recorded since) is deleted before its
    day; one whose day has passed stays as the record of the reminder."""

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="coming_transitions",
        verbose_name=_("ärende"),
    )
    changes_on = models.DateField(_("övergång"))
    from_stage = models.CharField(_("från stadium"), max_length=30, choices=Stage.choices)
    to_stage = models.CharField(_("till stadium"), max_length=30, choices=Stage.choices)
    found_at = models.DateTimeField(_("upptäckt"), default=timezone.now)
    reminded_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommande övergång")
        verbose_name_plural = _("kommande övergångar")
        ordering = ["changes_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "changes_on", "to_stage"], name="one_transition_per_case_and_day"
            )
        ]
        indexes = [models.Index(fields=["changes_on", "reminded_at"])]

    def __str__(self):
        return _("Övergång %(date)s för %(child)s") % {
            "date": self.changes_on,
            "child": self.case.child,
        }

    @property
    def responsible_kind_labels(self) -> list[str]:
        return responsible_kind_labels(self.to_stage)


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    history = HistoricalRecords()


class CaseGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    history = HistoricalRecords()


class ConcernUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Concern, on_delete=models.CASCADE)
    history = HistoricalRecords()


class ConcernGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Concern, on_delete=models.CASCADE)
    history = HistoricalRecords()
