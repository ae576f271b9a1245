"""Consent (samtycke) and the shares made under it.

Nothing of a case crosses to another agency except through a ``Share``: one object (a meeting,
a plan, a referral) made visible to one agency's groups under one consent. Withdrawing the
consent, or its end date passing, revokes every share made under it (see sharing.py).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.agencies.models import Agency
from apps.cases.models import Case, Guardian


class Consent(models.Model):
    class Purpose(models.TextChoices):
        MEETING = "meeting", _("Samverkansmöte")
        SIP = "sip", _("Samordnad individuell plan (SIP)")
        REFERRAL = "referral", _("Remiss till annan verksamhet")
        HANDOVER = "handover", _("Överlämning")

    class Method(models.TextChoices):
        WRITTEN = "written", _("Skriftligt")
        ORAL = "oral", _("Muntligt")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="consents", verbose_name=_("ärende")
    )
    agencies = models.ManyToManyField(
        Agency, related_name="+", verbose_name=_("verksamheter som samtycket gäller")
    )
    purposes = models.JSONField(_("syften"), default=list)
    method = models.CharField(_("hur samtycket gavs"), max_length=10, choices=Method.choices)
    valid_from = models.DateField(_("gäller från"), default=timezone.localdate)
    valid_until = models.DateField(_("gäller till och med"))
    # The last day it holds as its parties stand (rules.holds_until): valid_until, or earlier
    # when the child will reach an age at which their missing answer is needed. What is shared
    # under the consent ends on this day; recomputed whenever a party changes.
    holds_until = models.DateField(_("håller till och med"), editable=False)
    notes = models.TextField(_("anteckningar"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("antecknat av"),
    )
    recorded_at = models.DateTimeField(_("antecknat"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("återkallat"), null=True, blank=True)
    withdrawn_by_party = models.CharField(_("återkallat av"), max_length=200, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallelsen antecknad av"),
    )

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["-recorded_at"]

    def __str__(self):
        return _("Samtycke för %(child)s, %(from)s–%(until)s") % {
            "child": self.case.child,
            "from": self.valid_from,
            "until": self.valid_until,
        }


class ConsentParty(models.Model):
    """One person asked: a guardian with custody, or the child/young person themself."""

    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Vårdnadshavare")
        CHILD = "child", _("Barnet/den unga")

    class Answer(models.TextChoices):
        AGREED = "agreed", _("Samtycker")
        REFUSED = "refused", _("Samtycker inte")
        NOT_ASKED = "not_asked", _("Inte tillfrågad")

    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="parties", verbose_name=_("samtycke")
    )
    kind = models.CharField(_("vem"), max_length=10, choices=Kind.choices)
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vårdnadshavare"),
    )
    answer = models.CharField(_("svar"), max_length=10, choices=Answer.choices)
    view = models.TextField(_("barnets egen syn"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tillfrågad part")
        verbose_name_plural = _("tillfrågade parter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="child", guardian__isnull=True)
                | models.Q(kind="guardian", guardian__isnull=False),
                name="consent_party_guardian_matches_kind",
            )
        ]

    def __str__(self):
        who = self.guardian.name if self.guardian else self.get_kind_display()
        return f"{who}: {self.get_answer_display()}"


class AgencyWithdrawal(models.Model):
    """Consent withdrawn for one agency only; the consent still holds for the others."""

    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        related_name="agency_withdrawals",
        verbose_name=_("samtycke"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("verksamhet")
    )
    withdrawn_at = models.DateTimeField(_("återkallat"), default=timezone.now)
    withdrawn_by_party = models.CharField(_("återkallat av"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("antecknat av"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("återkallelse för en verksamhet")
        verbose_name_plural = _("återkallelser för en verksamhet")
        constraints = [
            models.UniqueConstraint(
                fields=["consent", "agency"], name="one_withdrawal_per_consent_agency"
            )
        ]

    def __str__(self):
        return _("Återkallat för %(agency)s") % {"agency": self.agency}


class Share(models.Model):
    """One grant that crossed agency lines under a consent, and its revocation."""

    class Ended(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Samtycket återkallades")
        EXPIRED = "expired", _("Samtycket upphörde att gälla")
        REMOVED = "removed", _("Delningen togs bort")
        NOT_COVERED = "uncovered", _("Samtycket omfattar inte längre alla som måste samtycka")

    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="shares", verbose_name=_("samtycke")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("mottagande verksamhet")
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="+")
    perm = models.CharField(_("behörighet"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    shared_object = GenericForeignKey("content_type", "object_id")
    granted_at = models.DateTimeField(_("delat"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("delning upphörde"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_reason = models.CharField(
        _("varför delningen upphörde"), max_length=10, choices=Ended.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delning")
        verbose_name_plural = _("delningar")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # The hourly task looks for live shares of consents past their last day.
            models.Index(
                fields=["consent"],
                condition=models.Q(ended_at__isnull=True),
                name="live_shares_by_consent",
            ),
        ]

    def __str__(self):
        return f"{self.perm} → {self.agency} ({self.consent_id})"
