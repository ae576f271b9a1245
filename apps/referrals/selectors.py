"""Reads of referrals, already filtered by the access policy.

The sender reaches a referral through their case; the receiving unit only through the share
made under the consent, through the consent's last day (the policy reads it with the grant).
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from apps.agencies import policy
from apps.agencies.models import Agency
from apps.cases.models import Case
from apps.cases.panels import Section
from apps.referrals.chronology import referral_events
from apps.referrals.models import Referral

# The details a referral page needs. Of the sender's case only the child's identity and the
# unit's BBA are read; nothing else of that case is ever put on the page.
_DETAIL = ("case__child", "case__bba", "from_agency", "to_agency", "sent_by", "decided_by")


def referral_for_viewing(user, pk) -> Referral:
    return policy.referrals.get_or_404(
        user, policy.VIEW, Referral.objects.select_related(*_DETAIL), pk=pk
    )


def referral_for_deciding(user, pk) -> Referral:
    """Only the receiving unit holds the right to decide, and only through the share."""
    return policy.referrals.get_or_404(
        user, policy.DECIDE, Referral.objects.select_related(*_DETAIL), pk=pk
    )


def referral_for_withdrawing(user, pk) -> Referral:
    """The sender withdraws: whoever may change the sending case."""
    return policy.referrals.get_or_404(
        user, policy.CHANGE, Referral.objects.select_related(*_DETAIL), pk=pk
    )


def case_for_referring(user, case_pk) -> Case:
    return policy.cases.get_or_404(
        user, policy.CHANGE, Case.objects.select_related("child", "agency"), pk=case_pk
    )


def incoming(user, agency: Agency, status: str = Referral.Status.SENT) -> QuerySet:
    """The referrals shared with the user's groups that were sent to the acting agency."""
    referrals = policy.referrals.visible(user, policy.VIEW).filter(to_agency=agency)
    if status:
        referrals = referrals.filter(status=status)
    return referrals.select_related("case__child", "from_agency", "to_agency", "sent_by").order_by(
        "-sent_at"
    )


def to_decide(user, agency: Agency) -> QuerySet:
    """The referrals sent to the acting agency that wait for the user's decision, oldest
    first: the one that has waited longest is answered first."""
    return (
        policy.referrals.visible(user, policy.DECIDE)
        .filter(to_agency=agency, status=Referral.Status.SENT)
        .select_related("case__child", "from_agency", "to_agency")
        .order_by("sent_at")
    )


def receiving_agencies(case: Case) -> QuerySet:
    """Agencies a case may be referred to: every other active unit in the county."""
    return (
        Agency.objects.filter(is_active=True)
        .exclude(pk=case.agency_id)
        .select_related("municipality")
    )


@dataclass(frozen=True)
class ReceivedReferral:
    referral: Referral
    readable: bool


@dataclass(frozen=True)
class CasePanel:
    """What the referral section of a case page shows the user."""

    sent: list[Referral]
    received: list[ReceivedReferral]
    may_send: bool


def case_section(user, case: Case, reads) -> Section:
    """Referrals this case sent (seen by whoever sees the case) and the ones it was opened
    from, each linked only while the user may still read it, with their chronology.

    Both in one query, an OR of the two indexed foreign keys: where a case came from belongs to
    the case as much as what it sent, so whoever sees the case sees both; whether the user may
    read each referral is the policy's answer, given row by row in the same query."""
    sent = policy.referrals.of_case(user, policy.VIEW, case)
    referrals = policy.referrals.with_answer(
        user,
        policy.VIEW,
        (sent | Referral.objects.filter(receiving_case=case)).select_related(
            "from_agency", "to_agency", "sent_by", "decided_by"
        ),
        "readable",
    )
    referrals = list(referrals)
    sent = [referral for referral in referrals if referral.case_id == case.pk]
    received = [referral for referral in referrals if referral.receiving_case_id == case.pk]
    return Section(
        data=CasePanel(
            sent=sent,
            received=[ReceivedReferral(r, r.readable) for r in received],
            may_send=policy.cases.may(user, policy.WORK, case),
        ),
        events=list(referral_events(sent, received)),
    )
