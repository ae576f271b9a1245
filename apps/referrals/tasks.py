"""E-mails about referrals. They name the units, never the child: the reader logs in to see."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.mail import send_each
from apps.agencies import policy
from apps.agencies.models import Membership
from apps.referrals.models import Referral


@shared_task
def notify_referral_received(referral_id: int) -> int:
    """Tell the receiving unit's BBAs and handlers that a referral is waiting for an answer."""
    referral = Referral.objects.select_related("from_agency", "to_agency").get(pk=referral_id)
    recipients = (
        Membership.objects.current()
        .filter(agency=referral.to_agency, role__in=policy.referrals.grants.receiving_roles)
        .values_list("user__email", flat=True)
    )
    subject = _("Ny remiss i Tillsammans")
    body = _(
        "%(to)s har fått en remiss från %(from)s.\n\n"
        "Logga in i Tillsammans och öppna inkommande remisser: %(url)s\n"
    ) % {
        "to": referral.to_agency.name,
        "from": referral.from_agency.name,
        "url": settings.SITE_URL + reverse("referrals:incoming"),
    }
    return send_each(subject, body, recipients)


@shared_task
def notify_sender_of_answer(referral_id: int) -> int:
    """Tell whoever sent the referral that it was accepted or declined (the reason is only
    shown after logging in)."""
    referral = Referral.objects.select_related("to_agency", "sent_by").get(pk=referral_id)
    if referral.status == Referral.Status.DECLINED:
        subject = _("En remiss har avböjts")
        answer = _("%(to)s har avböjt er remiss.")
    else:
        subject = _("En remiss har tagits emot")
        answer = _("%(to)s har tagit emot er remiss.")
    body = (
        (answer % {"to": referral.to_agency.name})
        + "\n\n"
        + _("Logga in i Tillsammans för att läsa svaret: %(url)s\n")
        % {"url": settings.SITE_URL + referral.get_absolute_url()}
    )
    return send_each(subject, body, [referral.sent_by.email])
