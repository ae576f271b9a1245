"""Collaboration meetings (samverkansmöten), who is invited, the minutes and the coordinator.

A meeting belongs to a case, so the case's own people see it through the case. People of other
agencies see it only because it was shared with them under a consent (apps/consent/sharing.py),
and what they see is the meeting itself: time, place, focus, who takes part, the summary the
BBA wrote for them and the minutes. Nothing else of the case crosses agency lines.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant
from apps.cases.models import Case
from apps.cases.wheel_areas import WheelArea, area_labels


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerat")
        HELD = "held", _("Genomfört")
        CANCELLED = "cancelled", _("Inställt")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("ärende")
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kallat av"),
    )
    called_at = models.DateTimeField(_("kallat"), default=timezone.now)
    starts_at = models.DateTimeField(_("datum och tid"))
    place = models.CharField(_("plats"), max_length=200)
    video_link = models.URLField(_("länk till videomöte"), blank=True)
    focus_areas = models.JSONField(_("områden i hjulet som mötet utgår från"), default=list)
    guardians_invited = models.BooleanField(_("vårdnadshavarna är inbjudna"), default=False)
    child_invited = models.BooleanField(_("barnet är inbjudet"), default=False)
    message = models.TextField(_("inbjudan"), blank=True)
    shared_summary = models.TextField(
        _("sammanfattning som delas med de inbjudna"),
        blank=True,
        help_text=_(
            "Det enda från ärendet som de inbjudna från andra verksamheter får se. Skriv bara "
            "det som de behöver för mötet och som vårdnadshavarna (och barnet) har samtyckt till."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    child_view = models.TextField(_("barnets syn"), blank=True)
    guardians_view = models.TextField(_("vårdnadshavarnas syn"), blank=True)
    agreed = models.TextField(_("det här kom vi överens om"), blank=True)
    minutes_written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("protokollet skrevs av"),
    )
    # Claimed by every save of the minutes (see audit.history.claim_revision).
    minutes_revision = models.PositiveIntegerField(default=0, editable=False)
    minutes_written_at = models.DateTimeField(_("protokollet skrevs"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samverkansmöte")
        verbose_name_plural = _("samverkansmöten")
        ordering = ["-starts_at"]

    def __str__(self):
        # No child data: this is what the access log and other agencies' pages show.
        return _("Samverkansmöte %(when)s") % {
            "when": timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        }

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    def clean(self):
        if set(self.focus_areas or []) - set(WheelArea.values):
            raise ValidationError({"focus_areas": _("Välj bland hjulets sju områden.")})

    @property
    def focus_area_labels(self) -> list[str]:
        return area_labels(self.focus_areas)

    @property
    def has_started(self) -> bool:
        """From the meeting day on, minutes may be written (a meeting is often recorded
        the same day, straight after it ends)."""
        return timezone.localtime(self.starts_at).date() <= timezone.localdate()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Participant(models.Model):
    """One invited person, and the agency they take part for."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="participants", verbose_name=_("möte")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_participations",
        verbose_name=_("person"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("verksamhet")
    )
    attended = models.BooleanField(_("deltog"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["agency__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="unique_meeting_participant")
        ]

    def __str__(self):
        return f"{self.user.full_name} ({self.agency.name})"


class ChildAskedFirst(models.Model):
    """A coordinator chosen with the child asked first: the child's wish is recorded, and any
    other choice than the person they wished for needs a recorded special reason
    ("Avvikelser från barnets önskemål ska endast ske av särskilda skäl"). A meeting's
    appointment and a change of a plan's coordinator follow the same rules; each says who
    the child wished for (``follows_child_wish``) in its own terms."""

    child_wish = models.TextField(
        _("vem önskade barnet?"),
        help_text=_(
            "Barnet tillfrågas först. Skriv vem barnet önskar vända sig till, gärna med "
            "barnets egna ord, eller att barnet inte hade någon önskan."
        ),
    )
    special_reason = models.TextField(
        _("särskilda skäl"),
        blank=True,
        help_text=_("Krävs när samordningspersonen inte är den som barnet önskade."),
    )

    class Meta:
        abstract = True

    def child_asked_first_errors(self) -> dict:
        """The rules' errors by field, for ``clean``: the wish recorded, and special reasons
        for any other coordinator than the one the child wished for."""
        errors = {}
        if not (self.child_wish or "").strip():
            errors["child_wish"] = _(
                "Fråga barnet först och skriv vem barnet önskar vända sig till."
            )
        if self.coordinator_id and not self.follows_child_wish and not self.special_reason.strip():
            errors["special_reason"] = _(
                "Samordningspersonen är inte den som barnet önskade. Skriv de särskilda skälen."
            )
        return errors


class CoordinatorAppointment(ChildAskedFirst):
    """The coordinator (samordningsperson) appointed at a meeting.

    The child is asked first whom they want to turn to; any other choice than the child's
    needs a recorded special reason ("Avvikelser från barnets önskemål ska endast ske av
    särskilda skäl"). A later meeting may appoint someone else; the latest appointment counts.
    """

    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.PROTECT,
        related_name="coordinator_appointment",
        verbose_name=_("möte"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="coordinator_appointments",
        verbose_name=_("ärende"),
    )
    child_wished_participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("är barnets önskemål en av deltagarna?"),
    )
    coordinator = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("samordningsperson"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utsedd av"),
    )
    appointed_at = models.DateTimeField(_("utsedd"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utseende av samordningsperson")
        verbose_name_plural = _("utseenden av samordningsperson")
        ordering = ["-appointed_at", "-pk"]

    def __str__(self):
        return _("Samordningsperson: %(name)s") % {"name": self.coordinator.user.full_name}

    @property
    def follows_child_wish(self) -> bool:
        return (
            self.child_wished_participant_id is not None
            and self.child_wished_participant_id == self.coordinator_id
        )

    def clean(self):
        """The rules of the appointment, here so the form shows what the service enforces."""
        errors = self.child_asked_first_errors()
        for name in ("child_wished_participant", "coordinator"):
            chosen = getattr(self, f"{name}_id") and getattr(self, name)
            if chosen and chosen.meeting_id != self.meeting_id:
                errors[name] = _("Välj bland mötets deltagare.")
        if errors:
            raise ValidationError(errors)


class MeetingUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    history = HistoricalRecords()


class MeetingGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Meeting, on_delete=models.CASCADE)
    history = HistoricalRecords()
