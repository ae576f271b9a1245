from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.agencies.models import Membership
from apps.cases import transitions
from apps.cases.models import Concern


@shared_task
def notify_bba_of_concern(concern_id: int) -> int:
    """Tell the unit's BBAs that a concern is waiting. No child data goes into the e-mail."""
    concern = Concern.objects.select_related("case__agency").get(pk=concern_id)
    agency = concern.case.agency
    recipients = (
        Membership.objects.current()
        .filter(agency=agency, role=Membership.Role.BBA)
        .values_list("user__email", flat=True)
    )
    subject = _("Ny oro i Tillsammans")
    body = _(
        "En ny oro för ett barn har registrerats hos %(agency)s.\n\n"
        "Logga in i Tillsammans och öppna inkorgen: %(url)s\n"
    ) % {"agency": agency.name, "url": settings.SITE_URL + reverse("cases:inbox")}
    messages = [(subject, body, None, [email]) for email in recipients]
    return send_mass_mail(messages) if messages else 0


@shared_task
def scan_transitions() -> dict:
    """Daily (Celery beat): the children of open cases whose stage changes within the coming
    term, and the BBAs' reminder before the change (see apps/cases/transitions.py)."""
    return transitions.scan()
