"""When a consent is active: every guardian with custody has agreed, the young person has
agreed when old enough (and been asked when nearly so), and it is neither expired nor
withdrawn. The ages are settings: CONSENT_CHILD_ASKED_FROM_AGE, CONSENT_CHILD_REQUIRED_FROM_AGE.
"""

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
