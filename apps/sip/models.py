"""The coordinated individual plan (SIP): a plan per case, made at a collaboration meeting
and owned by the coordinator, kept as numbered versions. A version is drafted, agreed
(recording who agreed), then followed up; a follow-up may revise the plan into a new version,
and every old version stays readable.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant
from apps.cases.models import Case
from apps.cases.wheel_areas import WheelArea, area_labels
from apps.meetings.models import ChildAskedFirst, Meeting


class WrittenLanguage(models.TextChoices):
    """The languages a family's own words may be written in on a plan, as BCP 47 tags: the
    PDF tags the passage with the language (so a screen reader reads it in the right voice)
    and picks the font and direction of its script. Blank: the plan's own language."""

    SWEDISH = "", _("Svenska, som resten av planen")
    ARABIC = "ar", _("Arabiska")
    DARI = "fa-AF", _("Dari")
    ENGLISH = "en", _("Engelska")
    PERSIAN = "fa", _("Persiska")
    POLISH = "pl", _("Polska")
    SOMALI = "so", _("Somaliska")
    TIGRINYA = "ti", _("Tigrinja")
    UKRAINIAN = "uk", _("Ukrainska")


RIGHT_TO_LEFT = {WrittenLanguage.ARABIC, WrittenLanguage.DARI, WrittenLanguage.PERSIAN}


class Plan(models.Model):
    class Declined(models.TextChoices):
        REFUSED = "refused", _("Familjen tackade nej till en SIP")
        ENDED = "ended", _("Familjen avslutade planen")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="plans", verbose_name=_("ärende")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("samverkansmötet där planen gjordes"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
        verbose_name=_("samordningsperson"),
    )
    coordinator_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("samordningspersonens verksamhet"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    # The family may say no to a SIP, before it is agreed or later: the law makes the plan
    # depend on their consent. Why is recorded, so the next agency to meet the child knows.
    declined = models.CharField(
        _("familjen tackade nej"), max_length=10, choices=Declined.choices, blank=True
    )
    declined_by_party = models.CharField(
        _("vem i familjen tackade nej"), max_length=200, blank=True
    )
    declined_reason = models.TextField(_("varför familjen tackade nej"), blank=True)
    declined_at = models.DateTimeField(_("antecknat"), null=True, blank=True)
    declined_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antecknat av"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samordnad individuell plan")
        verbose_name_plural = _("samordnade individuella planer")
        ordering = ["-created_at"]
        permissions = [("print_plan", _("Får skriva ut planen"))]

    def __str__(self):
        return _("SIP för %(child)s") % {"child": self.case.child}


class CoordinatorChange(ChildAskedFirst):
    """The plan's coordinator passed on or re-appointed outside a meeting: when the
    responsibility for the child moves to another unit (a handover is accepted), the unit
    taking the child on keeps the coordinator or appoints one of its own people.

    The child is asked first, as at the meeting that appointed the first coordinator
    (meetings.CoordinatorAppointment): their wish is recorded, and any other choice than the
    person they wished for needs a recorded special reason. Kept as a row even when the
    coordinator stays, so the plan shows that the child was asked.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="coordinator_changes", verbose_name=_("plan")
    )
    child_wished = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("den som barnet önskade"),
    )
    previous_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tidigare samordningsperson"),
    )
    previous_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tidigare samordningspersonens verksamhet"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("samordningsperson"),
    )
    coordinator_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("samordningspersonens verksamhet"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("antecknat av"),
    )
    changed_at = models.DateTimeField(_("antecknat"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("byte av samordningsperson")
        verbose_name_plural = _("byten av samordningsperson")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return _("Samordningsperson: %(name)s") % {"name": self.coordinator.full_name}

    @property
    def kept(self) -> bool:
        """The coordinator stayed: the role passed on with the plan unchanged."""
        return (self.coordinator_id, self.coordinator_agency_id) == (
            self.previous_coordinator_id,
            self.previous_agency_id,
        )

    @property
    def follows_child_wish(self) -> bool:
        return self.child_wished_id is not None and self.child_wished_id == self.coordinator_id

    def clean(self):
        """The rules of the appointment, as at a meeting (meetings.CoordinatorAppointment)."""
        errors = self.child_asked_first_errors()
        if errors:
            raise ValidationError(errors)


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        AGREED = "agreed", _("Överenskommen")
        SUPERSEDED = "superseded", _("Ersatt av en ny version")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    child_needs = models.TextField(_("barnets behov"), blank=True)
    child_goals = models.TextField(
        _("barnets egna mål och det som är viktigt för barnet"), blank=True
    )
    overall_goal = models.TextField(_("övergripande mål"), blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("huvudman med övergripande ansvar"),
    )
    child_view = models.TextField(_("barnets syn på planen"), blank=True)
    guardians_view = models.TextField(_("vårdnadshavarnas syn på planen"), blank=True)
    views_language = models.CharField(
        _("språk för barnets och vårdnadshavarnas syn"),
        max_length=10,
        choices=WrittenLanguage.choices,
        blank=True,
        default=WrittenLanguage.SWEDISH,
    )
    disagreements = models.TextField(_("det här är vi inte överens om"), blank=True)
    other_participants = models.TextField(
        _("övriga som var inbjudna eller deltog"),
        blank=True,
        help_text=_("Till exempel vårdnadshavare, barnet, närstående."),
    )
    follow_up_how = models.TextField(_("så här följs planen upp"), blank=True)
    next_follow_up_at = models.DateTimeField(_("nästa uppföljning"), null=True, blank=True)
    next_follow_up_place = models.CharField(
        _("plats för uppföljningen"), max_length=200, blank=True
    )
    agreed_at = models.DateTimeField(_("överenskommen"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("överenskommelsen antecknad av"),
    )
    agreed_parties = models.TextField(_("vilka som kom överens om planen"), blank=True)
    reminder_sent_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("försenad sedan"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number")
        ]

    def __str__(self):
        return _("%(plan)s, version %(number)s") % {"plan": self.plan, "number": self.number}

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def views_direction(self) -> str:
        """The ``dir`` of the views' passage: "rtl" for a right-to-left script, else ""."""
        return "rtl" if self.views_language in RIGHT_TO_LEFT else ""


class FollowUpEvent(models.Model):
    """The calendar event of a version's booked follow-up, as it was last sent
    (apps/sip/invitations.py): moving the follow-up updates this event, and calling it off
    cancels it, in the calendars of ``holders`` (the ids of the people it was sent to).

    A row of its own rather than fields of the version: the invitations go out after commit,
    from a task, and a version saved meanwhile from a form must not write back what it read.
    """

    version = models.OneToOneField(
        PlanVersion, on_delete=models.CASCADE, related_name="follow_up_event"
    )
    uid = models.CharField(max_length=255, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    holders = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kalenderhändelse för uppföljning")
        verbose_name_plural = _("kalenderhändelser för uppföljning")

    def __str__(self):
        return self.uid


class Action(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Insats från en verksamhet")
        RELATIVE = "relative", _("Närstående")
        YOUNG_PERSON = "young_person", _("Barnet eller den unga själv")
        THIRD_PARTY = "third_party", _("Annan, till exempel förening")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")
        CANCELLED = "cancelled", _("Avbruten")

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="actions", verbose_name=_("version")
    )
    what = models.TextField(_("vad ska göras"))
    area = models.CharField(_("område i hjulet"), max_length=20, choices=WheelArea.choices)
    kind = models.CharField(_("vem gör det"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarig verksamhet"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sip_actions",
        verbose_name=_("ansvarig person"),
    )
    responsible_name = models.CharField(
        _("ansvarig (om inte personal)"), max_length=200, blank=True
    )
    starts_on = models.DateField(_("från"), null=True, blank=True)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["version", "starts_on", "pk"]

    def __str__(self):
        return self.what[:80]

    @property
    def area_label(self):
        return area_labels([self.area])[0] if self.area else ""

    @property
    def responsible_display(self):
        return str(self.responsible) if self.responsible else self.responsible_name


class ContactPerson(models.Model):
    """The person to contact in each agency taking part in the plan."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("version")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("verksamhet")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        constraints = [
            models.UniqueConstraint(fields=["version", "agency"], name="one_contact_per_agency")
        ]

    def __str__(self):
        return f"{self.person} ({self.agency})"


class FollowUp(models.Model):
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("uppföljd version"),
    )
    held_on = models.DateField(_("uppföljningen hölls"))
    notes = models.TextField(_("sammanfattning av uppföljningen"))
    child_view = models.TextField(_("barnets syn"), blank=True)
    guardians_view = models.TextField(_("vårdnadshavarnas syn"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("antecknad"), default=timezone.now)
    revised_into = models.ForeignKey(
        PlanVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviderad till version"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return _("Uppföljning %(date)s") % {"date": self.held_on}


class ActionOutcome(models.Model):
    """What happened with one action, recorded at a follow-up."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("uppföljning")
    )
    action = models.ForeignKey(
        Action, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("insats")
    )
    what_happened = models.TextField(_("vad har hänt"))
    status = models.CharField(_("status"), max_length=20, choices=Action.Status.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "action"], name="one_outcome_per_action")
        ]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class PlanUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)
    history = HistoricalRecords()


class PlanGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)
    history = HistoricalRecords()
