"""Referrals (remisser): a unit asks another agency for help with a child.

The sender chooses what crosses: the question and a summary written for the receiver. The
referral itself is shared with the receiving unit under the consent (apps/consent/sharing.py),
so withdrawing the consent takes it back at once. The sender's case never crosses: a receiver
who accepts opens a case of their own, owned by their agency, linked back as
``receiving_case``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency, GroupGrant
from apps.cases.models import Case


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Skickad")
        ACCEPTED = "accepted", _("Mottagen")
        DECLINED = "declined", _("Avböjd")
        WITHDRAWN = "withdrawn", _("Återkallad")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name=_("ärende")
    )
    from_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("skickad från"),
    )
    to_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("mottagande verksamhet"),
    )
    question = models.TextField(_("Vad vill ni ha hjälp med?"))
    summary = models.TextField(
        _("sammanfattning"),
        help_text=_("Det enda ur ärendet som skickas till mottagaren."),
    )
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
    # Who ended the "sent" state and when: the receiver accepting or declining, or the sender
    # withdrawing the referral.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvarad av"),
    )
    decided_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    decline_reason = models.TextField(_("skäl till att remissen avböjdes"), blank=True)
    receiving_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("mottagarens ärende"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        ordering = ["-sent_at"]
        permissions = [("decide_referral", _("Får ta emot eller avböja remissen"))]

    def __str__(self):
        return _("Remiss %(id)s från %(from)s till %(to)s") % {
            "id": self.pk,
            "from": self.from_agency,
            "to": self.to_agency,
        }

    def get_absolute_url(self):
        return reverse("referrals:referral_detail", args=[self.pk])

    @property
    def is_open(self):
        """Still waiting for the receiver: the only state anyone may act on."""
        return self.status == self.Status.SENT


class ReferralUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)
    history = HistoricalRecords()


class ReferralGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)
    history = HistoricalRecords()
