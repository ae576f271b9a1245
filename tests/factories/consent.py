import datetime

import time_machine
from django.utils import timezone

from apps.cases import services as case_services
from apps.consent import services
from apps.consent.models import Consent, ConsentParty


def guardians_with_custody(child, count=2):
    names = ["Lena Berg", "Omar Berg", "Kim Berg"]
    return [
        case_services.add_guardian(
            child, by=None, name=names[i], relation="parent", has_custody=True
        )
        for i in range(count)
    ]


def after_last_day(consent: Consent):
    """Travel to noon the day after the consent's last day.

    The honest way to let a consent lapse: grants made under it carry its last day, so
    editing the consent behind the services' back would not be what happens in life."""
    day_after = consent.valid_until + datetime.timedelta(days=1)
    noon = datetime.datetime.combine(day_after, datetime.time(12), timezone.get_current_timezone())
    return time_machine.travel(noon, tick=False)


def active_consent(
    case,
    agencies,
    purposes=("meeting", "sip", "referral"),
    *,
    by=None,
    days=180,
    child_answer=ConsentParty.Answer.AGREED,
) -> Consent:
    """A consent every required party agreed to, covering ``agencies`` for ``purposes``."""
    child = case.child
    guardians = [g for g in child.guardians.all() if g.has_custody] or guardians_with_custody(child)
    parties = [
        {"kind": "guardian", "guardian": g, "answer": ConsentParty.Answer.AGREED} for g in guardians
    ]
    parties.append({"kind": "child", "guardian": None, "answer": child_answer, "view": ""})
    today = timezone.localdate()
    return services.record_consent(
        case,
        by=by or case.bba,
        agencies=agencies,
        purposes=list(purposes),
        method=Consent.Method.WRITTEN,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=days),
        parties=parties,
    )


def consent_form_data(case, agencies, purposes=("meeting",), **overrides) -> dict:
    """What the consent form posts: every guardian with custody and the child agreed."""
    today = timezone.localdate()
    data = {
        "agencies": [agency.pk for agency in agencies],
        "purposes": list(purposes),
        "method": Consent.Method.WRITTEN,
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=365)).isoformat(),
        "notes": "Familjen fick skriftlig information om samtycket.",
        "child-answer": ConsentParty.Answer.AGREED,
        "child-view": "Jag vill att BUP och skolan pratar med varandra.",
    }
    for guardian in case.child.guardians.filter(has_custody=True):
        data[f"guardian-{guardian.pk}-answer"] = ConsentParty.Answer.AGREED
    data.update(overrides)
    return data
