"""Writes for referrals. Each takes the acting user as ``by`` and checks that user's right
itself, so no caller can send, decide or withdraw on someone else's behalf."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.audit.history import save_as
from apps.cases import services as case_services
from apps.cases.models import Case
from apps.consent import sharing
from apps.consent.models import Consent
from apps.referrals import tasks
from apps.referrals.models import Referral


class ReferralError(Exception):
    """A referral action the rules do not allow; the message is for the user."""


def _require(user, kind: policy.Policy, action: str, obj) -> None:
    if not kind.may(user, action, obj):
        raise PermissionDenied


@transaction.atomic
def send_referral(case: Case, *, by, to_agency, question: str, summary: str) -> Referral:
    """Send the question and the summary, and nothing else of the case, to another agency.

    Raises ConsentMissing (and saves nothing) unless an active consent names the receiving
    agency for referrals.
    """
    _require(by, policy.cases, policy.CHANGE, case)
    if case.is_closed:
        raise ReferralError(_("Ärendet är avslutat. Ett avslutat ärende kan inte remitteras."))
    if to_agency.pk == case.agency_id:
        raise ReferralError(_("Välj en annan verksamhet än den egna."))
    if not question.strip() or not summary.strip():
        raise ReferralError(_("Skriv både vad ni vill ha hjälp med och en sammanfattning."))
    referral = save_as(
        Referral(
            case=case,
            from_agency=case.agency,
            to_agency=to_agency,
            question=question.strip(),
            summary=summary.strip(),
            sent_by=by,
        ),
        by,
    )
    sharing.share(
        referral,
        case=case,
        agency=to_agency,
        purpose=Consent.Purpose.REFERRAL,
        groups=[
            policy.role_group(to_agency, role) for role in policy.referrals.grants.receiving_roles
        ],
        perms=policy.referrals.grants.receiver,
        by=by,
    )
    transaction.on_commit(lambda: tasks.notify_referral_received.delay(referral.pk))
    return referral


def _locked_open_referral(referral: Referral) -> Referral:
    """The referral re-read under a row lock, so two people cannot both answer it."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise ReferralError(
            _("Remissen är redan %(status)s.") % {"status": locked.get_status_display().lower()}
        )
    return locked


def _close(referral: Referral, status: str, *, by) -> Referral:
    referral.status = status
    referral.decided_by = by
    referral.decided_at = timezone.now()
    return save_as(referral, by)


@transaction.atomic
def accept_referral(referral: Referral, *, by) -> Referral:
    """The receiving unit takes the referral on in a case of its own, owned by its agency.

    The sender's case stays the sender's; the referral stays readable while the consent
    lasts, and the new case stays the receiver's whatever happens to the consent.
    """
    _require(by, policy.referrals, policy.DECIDE, referral)
    referral = _locked_open_referral(referral)
    child = case_services.child_record_at(referral.to_agency, referral.case.child, by=by)
    case = case_services.open_case(by=by, child=child)
    is_handler = (
        Membership.objects.current()
        .filter(user=by, agency=referral.to_agency, role=Membership.Role.HANDLER)
        .exists()
    )
    if is_handler:
        case = case_services.assign_handler(case, by, by=by)
    referral.receiving_case = case
    referral = _close(referral, Referral.Status.ACCEPTED, by=by)
    transaction.on_commit(lambda: tasks.notify_sender_of_answer.delay(referral.pk))
    return referral


@transaction.atomic
def decline_referral(referral: Referral, *, by, reason: str) -> Referral:
    """Decline with a reason the sender reads on their case. A declined referral gives the
    receiver no further reason to hold the child's data, so the share ends with it."""
    _require(by, policy.referrals, policy.DECIDE, referral)
    if not reason.strip():
        raise ReferralError(
            _("Skriv varför remissen avböjs, så att avsändaren vet vad som gäller.")
        )
    referral = _locked_open_referral(referral)
    referral.decline_reason = reason.strip()
    referral = _close(referral, Referral.Status.DECLINED, by=by)
    sharing.unshare(referral, referral.to_agency, by=by)
    transaction.on_commit(lambda: tasks.notify_sender_of_answer.delay(referral.pk))
    return referral


@transaction.atomic
def withdraw_referral(referral: Referral, *, by) -> Referral:
    """The sender takes back a referral nobody has answered; the receiver loses it at once."""
    _require(by, policy.referrals, policy.CHANGE, referral)
    referral = _locked_open_referral(referral)
    referral = _close(referral, Referral.Status.WITHDRAWN, by=by)
    sharing.unshare(referral, referral.to_agency, by=by)
    return referral
