"""The referrals' part of the case chronology (see apps.cases.chronology).

On the sending case: sent, and how it ended. On the receiving case: that it was opened from a
referral, naming only the sending unit.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.cases.chronology import Event
from apps.referrals.models import Referral

ENDINGS = {
    Referral.Status.ACCEPTED: gettext_lazy("Remissen togs emot av %(agency)s"),
    Referral.Status.DECLINED: gettext_lazy("Remissen avböjdes av %(agency)s"),
    Referral.Status.WITHDRAWN: gettext_lazy("Remissen till %(agency)s återkallades"),
}


def referral_events(sent, received) -> Iterable[Event]:
    for referral in sent:
        url = referral.get_absolute_url()
        yield Event(
            referral.sent_at,
            _("Remiss skickad till %(agency)s") % {"agency": referral.to_agency},
            referral.sent_by,
            detail=referral.question,
            url=url,
            kind="referral",
        )
        if referral.decided_at:
            yield Event(
                referral.decided_at,
                ENDINGS[referral.status] % {"agency": referral.to_agency},
                referral.decided_by,
                detail=referral.decline_reason,
                url=url,
                kind="referral",
            )
    for referral in received:
        yield Event(
            referral.decided_at,
            _("Ärendet öppnades från en remiss från %(agency)s") % {"agency": referral.from_agency},
            referral.decided_by,
            kind="referral",
        )
