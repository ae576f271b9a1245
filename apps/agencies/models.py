"""Municipalities, agencies (the units people work in) and memberships with roles.

A membership is the only source of a person's access: each one owns a personal group and points
to the group of its agency and role. Object permissions are granted to those groups, and the
policy counts a membership's groups only while it is in force, read at query time (see
policy.py), so ending a membership ends every access that came with it at once.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Kommunkoden består av fyra siffror."))],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    class Kind(models.TextChoices):
        PRESCHOOL = "preschool", _("Förskola")
        SCHOOL = "school", _("Grundskola (F–9)")
        UPPER_SECONDARY = "upper_secondary", _("Gymnasieskola")
        CHILD_HEALTH = "child_health", _("Barnavårdscentral (BVC)")
        BUP = "bup", _("Barn- och ungdomspsykiatri (BUP)")
        HEALTH_CARE = "health_care", _("Annan hälso- och sjukvård")
        SOCIAL_SERVICES = "social_services", _("Socialtjänst")
        KAA = "kaa", _("Kommunalt aktivitetsansvar (KAA)")
        # The Sörmland model's BBA for a young person at an upper secondary school outside
        # Sörmland: the home municipality's follow-up officer.
        FOLLOW_UP = "followup", _("Uppföljningsansvarig inom skolan i hemkommunen")

    class PrincipalKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Kommun")
        REGION = "region", _("Region")
        PRIVATE = "private", _("Enskild huvudman")
        STATE = "state", _("Staten")

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av verksamhet"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("kommun där verksamheten finns"),
    )
    principal_kind = models.CharField(
        _("typ av huvudman"), max_length=20, choices=PrincipalKind.choices
    )
    principal_name = models.CharField(
        _("huvudman"),
        max_length=200,
        help_text=_("Till exempel Nyköpings kommun eller Region Sörmland."),
    )
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    address = models.CharField(_("besöksadress"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verksamhet")
        verbose_name_plural = _("verksamheter")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_agency_name")
        ]
        permissions = [
            ("administer", _("Får administrera kommuner, verksamheter och personer")),
            ("manage_members", _("Får hantera verksamhetens medlemskap")),
            ("review_log", _("Får göra logguppföljning för verksamheten")),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        """Memberships in force on a date: started, not ended, not deactivated, agency and
        person active."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            deactivated_at__isnull=True,
            starts_on__lte=on,
            agency__is_active=True,
            user__is_active=True,
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Personal")
        BBA = "bba", _("Barnets bästa-ansvarig (BBA)")
        HANDLER = "handler", _("Handläggare")
        AGENCY_ADMIN = "agency_admin", _("Verksamhetsadministratör")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("person"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("verksamhet")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    starts_on = models.DateField(_("gäller från"), default=timezone.localdate)
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("avslutad av"),
    )
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, editable=False, related_name="membership"
    )
    # The group of everyone with this role in this agency: what the role is granted, the
    # membership gives while it is in force (see policy.py). Changes with the role.
    role_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, editable=False, related_name="role_memberships"
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["agency__name", "user__full_name", "role"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.agency}"

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return (
            self.deactivated_at is None
            and self.starts_on <= on
            and (self.ends_on is None or self.ends_on >= on)
        )


class AgencyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)
    history = HistoricalRecords()


class GroupGrant(GroupObjectPermissionBase):
    """A group's permission on one object, in a direct foreign-key table per model.

    ``valid_until`` is the last day of the consent a shared grant was made under (None for a
    grant that stands until it is revoked). The policy reads it in the same query as the
    grant, so an expired consent lets nothing through without a write on the read; the hourly
    task then revokes the grant so the history shows when and why it ended.
    """

    valid_until = models.DateField(null=True, blank=True)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = True


class AgencyGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Agency, on_delete=models.CASCADE)
    history = HistoricalRecords()


class SteeringSeatQuerySet(models.QuerySet):
    def current(self, on=None):
        """Seats in force on a date: started, not ended, not taken back, the person active."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            deactivated_at__isnull=True,
            starts_on__lte=on,
            user__is_active=True,
        )


class SteeringSeat(models.Model):
    """A place in a steering group (styrgrupp): the county's, or one municipality's.

    Not a membership: a steering group is no unit that owns cases, and a seat gives no group
    and no grant, so nothing it gives can reach a record of a child. It shows the indicators
    (aggregates) of its municipality, or of every municipality and the county for the
    county's group (``municipality`` empty), while it is in force (see policy.indicators).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_seats",
        verbose_name=_("person"),
    )
    # Empty: the county's steering group (länsstyrgruppen).
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="steering_seats",
        verbose_name=_("kommun"),
    )
    starts_on = models.DateField(_("gäller från"), default=timezone.localdate)
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("avslutad av"),
    )

    history = HistoricalRecords()
    objects = SteeringSeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("plats i styrgrupp")
        verbose_name_plural = _("platser i styrgrupper")
        indexes = [models.Index(fields=["user", "starts_on"], name="agencies_seat_user")]

    def __str__(self):
        return f"{self.user} – {self.group_name}"

    @property
    def group_name(self) -> str:
        if self.municipality is None:
            return str(_("Länets styrgrupp"))
        return str(_("Styrgruppen i %(municipality)s") % {"municipality": self.municipality})

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return (
            self.deactivated_at is None
            and self.starts_on <= on
            and (self.ends_on is None or self.ends_on >= on)
        )
