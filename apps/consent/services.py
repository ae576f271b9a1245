"""Recording consent. Sharing under it and withdrawing it live in sharing.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.history import save_as
from apps.consent import rules
from apps.consent.models import Consent, ConsentParty


@transaction.atomic
def record_consent(
    case, *, by, agencies, purposes, method, valid_from, valid_until, parties, notes=""
) -> Consent:
    """Records what each party answered. ``parties``: dicts with kind, guardian, answer, view.

    An end date is required: consent is given for a period, never for ever.
    """
    if valid_until is None or valid_until < valid_from:
        raise ValidationError(_("Samtycket måste ha ett slutdatum som inte är före startdatumet."))
    if not agencies or not purposes:
        raise ValidationError(_("Välj minst en verksamhet och minst ett syfte."))
    consent = Consent(
        case=case,
        purposes=list(purposes),
        method=method,
        valid_from=valid_from,
        valid_until=valid_until,
        notes=notes,
        recorded_by=by,
    )
    child_answer = next((p["answer"] for p in parties if p["kind"] == "child"), None)
    consent.holds_until = rules.last_day_held(valid_until, case.child.birth_date, child_answer)
    save_as(consent, by)
    consent.agencies.set(agencies)
    for party in parties:
        save_as(ConsentParty(consent=consent, **party), by)
    return consent
