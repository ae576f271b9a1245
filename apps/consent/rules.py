"""When a consent is active: every guardian with custody has agreed, the young person has
agreed when old enough (and been asked when nearly so), and it is neither expired nor
withdrawn. The ages are settings: CONSENT_CHILD_ASKED_FROM_AGE, CONSENT_CHILD_REQUIRED_FROM_AGE.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consent.models import Consent, ConsentParty

AGREED = ConsentParty.Answer.AGREED


def child_must_be_asked(child, on=None) -> bool:
    return child.age(on) >= settings.CONSENT_CHILD_ASKED_FROM_AGE


def child_must_agree(child, on=None) -> bool:
    return child.age(on) >= settings.CONSENT_CHILD_REQUIRED_FROM_AGE


def why_not_active(consent: Consent, on=None) -> list[str]:
    """Every reason, in plain Swedish, why the consent does not allow sharing; [] if it does."""
    on = on or timezone.localdate()
    reasons = []
    if consent.withdrawn_at:
        reasons.append(_("Samtycket är återkallat."))
    if on < consent.valid_from:
        reasons.append(_("Samtycket gäller först från %(date)s.") % {"date": consent.valid_from})
    if on > consent.valid_until:
        reasons.append(_("Samtycket gällde till och med %(date)s.") % {"date": consent.valid_until})
    child = consent.case.child
    parties = list(consent.parties.all())
    guardians = [g for g in child.guardians.all() if g.has_custody]
    if not guardians:
        reasons.append(_("Barnets vårdnadshavare är inte registrerade."))
    agreed_guardians = {
        p.guardian_id for p in parties if p.kind == "guardian" and p.answer == AGREED
    }
    for guardian in guardians:
        if guardian.pk not in agreed_guardians:
            reasons.append(_("%(name)s har inte samtyckt.") % {"name": guardian.name})
    child_answer = next((p.answer for p in parties if p.kind == "child"), None)
    if child_must_agree(child, on) and child_answer != AGREED:
        reasons.append(_("Barnet är %(age)s år och måste själv samtycka.") % {"age": child.age(on)})
    elif child_must_be_asked(child, on) and child_answer in (None, ConsentParty.Answer.NOT_ASKED):
        reasons.append(_("Barnet är %(age)s år och ska tillfrågas.") % {"age": child.age(on)})
    return reasons


def _last_day_before_turning(birth_date: datetime.date, age: int) -> datetime.date:
    """The last day before the child is ``age`` years old (one born on 29 February turns a
    year older on 1 March when there is no 29th, as ``Child.age`` counts)."""
    try:
        birthday = birth_date.replace(year=birth_date.year + age)
    except ValueError:
        birthday = datetime.date(birth_date.year + age, 3, 1)
    return birthday - datetime.timedelta(days=1)


def last_day_held(
    valid_until: datetime.date, birth_date: datetime.date, child_answer
) -> datetime.date:
    """The last day a consent holds as its parties stand: its end date, or earlier, the day
    before the child reaches the age at which an answer they have not given is needed (asked
    from CONSENT_CHILD_ASKED_FROM_AGE, must agree from CONSENT_CHILD_REQUIRED_FROM_AGE).

    Known in advance, so what is shared under the consent carries this day and stops being
    read after it without anything written on a read (see sharing.py)."""
    last_day = valid_until
    if child_answer != AGREED:
        required = settings.CONSENT_CHILD_REQUIRED_FROM_AGE
        last_day = min(last_day, _last_day_before_turning(birth_date, required))
    if child_answer in (None, ConsentParty.Answer.NOT_ASKED):
        asked = settings.CONSENT_CHILD_ASKED_FROM_AGE
        last_day = min(last_day, _last_day_before_turning(birth_date, asked))
    return last_day


def holds_until(consent: Consent) -> datetime.date:
    child_answer = next((p.answer for p in consent.parties.all() if p.kind == "child"), None)
    return last_day_held(consent.valid_until, consent.case.child.birth_date, child_answer)


def is_active(consent: Consent, on=None) -> bool:
    return not why_not_active(consent, on)


def covered_agencies(consent: Consent) -> list:
    """The agencies the consent names, less those it was withdrawn for."""
    withdrawn = {w.agency_id for w in consent.agency_withdrawals.all()}
    return [agency for agency in consent.agencies.all() if agency.pk not in withdrawn]


def covers(consent: Consent, agency, purpose: str, on=None) -> bool:
    return (
        purpose in consent.purposes
        and any(a.pk == agency.pk for a in covered_agencies(consent))
        and is_active(consent, on)
    )


def covering_consent(case, agency, purpose: str, on=None) -> Consent | None:
    """The case's consent that lets ``agency`` take part for ``purpose`` today, if any."""
    consents = case.consents.prefetch_related(
        "agencies", "parties", "agency_withdrawals"
    ).select_related("case__child")
    return next((c for c in consents if covers(c, agency, purpose, on)), None)
