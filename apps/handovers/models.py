"""Handovers (överlämningar): the responsibility for a child moves to the unit of the next
stage (preschool to school, school to upper secondary) and the child's case moves with it.

The sender chooses what crosses, and it is frozen when sent: a summary (the latest wheel, the
open plan actions, the child's own words, the contacts), never the case file. The handover is
shared with the receiving unit's BBAs under a consent naming that unit for handover
(apps/consent/sharing.py), so withdrawing the consent before they accept takes it back at
once. Accepting opens a case of the receiving unit's own and closes the sending case as
handed over.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant
from apps.cases.models import Case


class Part(models.TextChoices):
    """What the sender may choose to include in the summary."""

    WHEEL = "wheel", _("Den senaste kartläggningen med hjulet")
    ACTIONS = "actions", _("Pågående och planerade insatser i barnets SIP")
    CHILD_WORDS = "child_words", _("Barnets egna ord")
    CONTACTS = "contacts", _("Kontaktuppgifter: vårdnadshavare och kontaktpersoner i barnets SIP")


class Handover(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Väntar på svar")
        ACCEPTED = "accepted", _("Mottagen")
        DECLINED = "declined", _("Avböjd")
        WITHDRAWN = "withdrawn", _("Återkallad")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="handovers_sent", verbose_name=_("ärende")
    )
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("lämnas från")
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("mottagande verksamhet")
    )
    message = models.TextField(_("meddelande till mottagaren"))
    parts = models.JSONField(_("vad som lämnas över"), default=list)
    # The summary as it stood when sent (see selectors.summary_of): what the receiver
    # reads, whatever happens to the sending case afterwards.
    summary = models.JSONField(_("sammanfattning"), default=dict)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skickad av"),
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvarad av"),
    )
    decided_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    decline_reason = models.TextField(_("skäl till att överlämningen avböjdes"), blank=True)
    receiving_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handovers_received",
        verbose_name=_("mottagarens ärende"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("överlämning")
        verbose_name_plural = _("överlämningar")
        ordering = ["-sent_at", "-pk"]
        permissions = [
            ("decide_handover", _("Får ta emot eller avböja överlämningen")),
            ("withdraw_handover", _("Får återkalla överlämningen")),
        ]
        constraints = [
            # A case goes to one unit at a time: a second handover while one waits (a double
            # submit, two tabs) is refused by the database too.
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="sent"), name="one_open_handover_per_case"
            )
        ]

    def __str__(self):
        return _("Överlämning %(id)s från %(from)s till %(to)s") % {
            "id": self.pk,
            "from": self.from_agency,
            "to": self.to_agency,
        }

    def get_absolute_url(self):
        return reverse("handovers:handover_detail", args=[self.pk])

    @property
    def is_open(self):
        """Still waiting for the receiver: the only state anyone may act on."""
        return self.status == self.Status.SENT


class HandoverUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Handover, on_delete=models.CASCADE)
    history = HistoricalRecords()


class HandoverGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Handover, on_delete=models.CASCADE)
    history = HistoricalRecords()
