"""E-mails about handovers. They name the units, never the child: the reader signs in to see."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.mail import send_each
from apps.agencies import policy
from apps.agencies.models import Membership
from apps.handovers.models import Handover


@shared_task
def notify_handover_received(handover_id: int) -> int:
    """Tell the receiving unit's BBAs that a child is being handed over to them."""
    handover = Handover.objects.select_related("from_agency", "to_agency").get(pk=handover_id)
    recipients = (
        Membership.objects.current()
        .filter(agency=handover.to_agency, role__in=policy.handovers.grants.receiving_roles)
        .values_list("user__email", flat=True)
    )
    subject = _("Ny överlämning i Tillsammans")
    body = _(
        "%(from)s vill lämna över ett ärende till %(to)s.\n\n"
        "Logga in i Tillsammans och öppna inkommande överlämningar: %(url)s\n"
    ) % {
        "to": handover.to_agency.name,
        "from": handover.from_agency.name,
        "url": settings.SITE_URL + reverse("handovers:incoming"),
    }
    return send_each(subject, body, recipients)


@shared_task
def notify_sender_of_answer(handover_id: int) -> int:
    """Tell whoever sent the handover that it was accepted or declined."""
    handover = Handover.objects.select_related("to_agency", "sent_by").get(pk=handover_id)
    if handover.status == Handover.Status.DECLINED:
        subject = _("En överlämning har avböjts")
        answer = _("%(to)s har avböjt er överlämning.")
    else:
        subject = _("En överlämning har tagits emot")
        answer = _("%(to)s har tagit emot er överlämning.")
    body = (
        (answer % {"to": handover.to_agency.name})
        + "\n\n"
        + _("Logga in i Tillsammans för att läsa svaret: %(url)s\n")
        % {"url": settings.SITE_URL + handover.get_absolute_url()}
    )
    return send_each(subject, body, [handover.sent_by.email])
