"""The access log: who read, printed or exported which child data, for which agency, when and
from where. Append-only: the application can add rows, never change or delete them.

This app depends on no other app of ours, so it stores the agency and the child as plain ids
with a name snapshot; every app can log without a dependency cycle.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self):
        raise AppendOnlyError("The access log cannot be deleted.")


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Läste")
        PRINT = "print", _("Skrev ut")
        EXPORT = "export", _("Exporterade")
        SEARCH = "search", _("Sökte")

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    agency_id = models.BigIntegerField(_("verksamhetens id"), null=True)
    agency_name = models.CharField(_("för verksamhet"), max_length=200, blank=True)
    action = models.CharField(_("åtgärd"), max_length=10, choices=Action.choices)
    child_id = models.BigIntegerField(_("barnets id"), null=True, db_index=True)
    object_type = models.CharField(_("typ av uppgift"), max_length=100)
    object_id = models.CharField(_("uppgiftens id"), max_length=64, blank=True)
    description = models.CharField(_("vad"), max_length=300)
    path = models.CharField(_("adress"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("ip-adress"), null=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtkomstlogg")
        verbose_name_plural = _("åtkomstloggar")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["agency_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.description}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log cannot be deleted.")
