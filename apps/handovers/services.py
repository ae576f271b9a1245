"""Writes for handovers. Each takes the acting user as ``by`` and checks that user's right
itself, so no caller can hand over, decide or withdraw on someone else's behalf. A refusal is
a ``HandoverError`` whose message is for the user; nothing is changed by a refused call."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.agencies import policy
from apps.audit.history import save_as
from apps.cases import services as case_services
from apps.cases.models import Case
from apps.consent import sharing
from apps.consent.models import Consent
from apps.handovers import selectors, tasks
from apps.handovers.models import Handover
from apps.sip import services as sip_services


class HandoverError(Exception):
    """A handover action the rules do not allow; the message is for the user."""


class ConsentLacking(HandoverError):
    """No active consent names the receiving unit for handover; ``reasons`` say what lacks."""

    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _require(user, kind: policy.Policy, action: str, obj) -> None:
    if not kind.may(user, action, obj):
        raise PermissionDenied


def _open_handover_message(open_one: Handover) -> str:
    return _(
        "Ärendet har redan en överlämning till %(agency)s som väntar på svar. Vänta på svaret "
        "eller återkalla den först."
    ) % {"agency": open_one.to_agency}


@transaction.atomic
def send_handover(case: Case, *, by, to_agency, message: str, parts) -> Handover:
    """Hand the case over to ``to_agency`` with a summary frozen now, of the chosen parts.

    Sent by the case's own people or by the coordinator of its plan (SIP); either way the
    summary holds only what the sender reads themselves (a part they may not read is left
    out), and a coordinator follows the handover, and may withdraw it, through a grant of
    their own. The case row is locked while it is checked and the handover stored, so two
    tabs (or two colleagues) cannot both hand the same case over: the second is told of the
    first."""
    if not policy.handovers.may_send(by, case):
        raise PermissionDenied
    case = Case.objects.select_for_update().select_related("agency", "child").get(pk=case.pk)
    if case.is_closed:
        raise HandoverError(_("Ärendet är avslutat. Ett avslutat ärende kan inte lämnas över."))
    if to_agency.pk == case.agency_id:
        raise HandoverError(_("Ärendet kan inte lämnas över till den egna verksamheten."))
    if not to_agency.is_active:
        raise HandoverError(
            _("%(agency)s är inte längre aktiv i Tillsammans. Välj en annan verksamhet.")
            % {"agency": to_agency}
        )
    if not message.strip():
        raise HandoverError(_("Skriv ett meddelande till den mottagande verksamheten."))
    open_one = case.handovers_sent.filter(status=Handover.Status.SENT).first()
    if open_one is not None:
        raise HandoverError(_open_handover_message(open_one))
    lacking = selectors.what_consent_lacks(case, to_agency)
    if lacking:
        raise ConsentLacking(lacking)
    parts = [part for part in selectors.readable_parts(by, case) if part in parts]
    try:
        with transaction.atomic():
            handover = save_as(
                Handover(
                    case=case,
                    from_agency=case.agency,
                    to_agency=to_agency,
                    message=message.strip(),
                    parts=parts,
                    summary=selectors.summary_of(case, parts, reader=by),
                    sent_by=by,
                ),
                by,
            )
    except IntegrityError as race:
        raise HandoverError(
            _open_handover_message(case.handovers_sent.get(status=Handover.Status.SENT))
        ) from race
    sharing.share(
        handover,
        case=case,
        agency=to_agency,
        purpose=Consent.Purpose.HANDOVER,
        groups=[
            policy.role_group(to_agency, role) for role in policy.handovers.grants.receiving_roles
        ],
        perms=policy.handovers.grants.receiver,
        by=by,
    )
    if not policy.cases.may(by, policy.CHANGE, case):
        plan = policy.handovers.coordinated_plan(by, case)
        policy.grant_to_person(
            handover,
            by,
            plan.coordinator_agency,
            policy.handovers.grants.coordinator_sender,
            by=by,
        )
    transaction.on_commit(lambda: tasks.notify_handover_received.delay(handover.pk))
    return handover


def answered_message(handover: Handover) -> str:
    """What the one who comes second to an answered handover is told."""
    return _("Överlämningen är redan %(status)s.") % {
        "status": handover.get_status_display().lower()
    }


def _locked_open_handover(handover: Handover) -> Handover:
    """The handover re-read under a row lock, so two people cannot both answer it. Asked
    before the right to answer, which an answer takes away: the one who comes second is told
    it is answered."""
    locked = Handover.objects.select_for_update().get(pk=handover.pk)
    if not locked.is_open:
        raise HandoverError(answered_message(locked))
    return locked


def _close(handover: Handover, status: str, *, by) -> Handover:
    handover.status = status
    handover.decided_by = by
    handover.decided_at = timezone.now()
    return save_as(handover, by)


def _receiving_case(handover: Handover, *, by) -> Case:
    """The receiving unit's case of the child: its open one if the unit already has one (a
    concern logged there meanwhile), else a new one, with the accepting BBA responsible."""
    child = case_services.child_record_at(handover.to_agency, handover.case.child, by=by)
    case = child.cases.exclude(status=Case.Status.CLOSED).order_by("-opened_at").first()
    if case is None:
        case = case_services.open_case(by=by, child=child)
    if case.bba_id != by.pk:
        case.bba = by
        save_as(case, by)
    return case


@dataclass(frozen=True)
class CoordinatorChoice:
    """For a child with an open SIP, what the accepting BBA records: whom the child wished for
    (``child_wished``, one of those offered, or None for someone else or no wish) and who
    coordinates the plan from now on (``coordinator``: one of the receiving unit's people, or
    None for the current coordinator, to whom the role passes on unchanged)."""

    child_wish: str
    child_wished: object | None
    coordinator: object | None
    special_reason: str = ""


def _pass_on_coordinator(plan, handover: Handover, choice: CoordinatorChoice | None, *, by):
    """The plan goes with the child to the receiving unit, whose BBAs hold it from now on; its
    coordinator stays or is re-appointed among the unit's people, the child asked first."""
    if choice is None:
        raise HandoverError(
            _(
                "Barnet har en SIP. Fråga barnet först och anteckna vem barnet önskar som "
                "samordningsperson, och om samordningspersonen ska vara kvar."
            )
        )
    if choice.coordinator is None:
        coordinator, agency = plan.coordinator, plan.coordinator_agency
    elif selectors.receiving_people(handover.to_agency).filter(pk=choice.coordinator.pk).exists():
        coordinator, agency = choice.coordinator, handover.to_agency
    else:
        raise HandoverError(
            _("%(name)s arbetar inte på %(agency)s. Välj någon som gör det.")
            % {"name": choice.coordinator.full_name, "agency": handover.to_agency}
        )
    policy.plans.hand_over_to(plan, handover.to_agency, by=by)
    try:
        sip_services.change_coordinator(
            plan,
            by=by,
            child_wish=choice.child_wish,
            child_wished=choice.child_wished,
            coordinator=coordinator,
            coordinator_agency=agency,
            special_reason=choice.special_reason,
        )
    except sip_services.PlanRefused as refused:
        raise HandoverError(str(refused)) from refused


@transaction.atomic
def accept_handover(
    handover: Handover, *, by, coordinator: CoordinatorChoice | None = None
) -> Handover:
    """The receiving unit takes the child on in a case of its own, and the sending case closes
    as handed over. It stays readable to those who had it. An open SIP of it goes with the
    child: the receiving unit's BBAs hold it, and its coordinator role passes on or is
    re-appointed as ``coordinator`` says (the child asked first); a choice the rules refuse
    (``ValidationError`` for the form's fields, ``HandoverError`` otherwise) changes nothing.

    The summary becomes part of the receiving case: the share under the consent ends and the
    unit's BBAs keep reading it through a grant that does not follow the consent any more."""
    handover = _locked_open_handover(handover)
    _require(by, policy.handovers, policy.DECIDE, handover)
    sending = Case.objects.select_for_update().select_related("child").get(pk=handover.case_id)
    if sending.is_closed:
        raise HandoverError(
            _("%(agency)s har avslutat ärendet. Kontakta dem om vad som gäller.")
            % {"agency": handover.from_agency}
        )
    plan = selectors.open_plan(sending)
    if plan is not None:
        _pass_on_coordinator(plan, handover, coordinator, by=by)
    handover.receiving_case = _receiving_case(handover, by=by)
    handover = _close(handover, Handover.Status.ACCEPTED, by=by)
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("Överlämnat till %(agency)s") % {"agency": handover.to_agency}
    case_services.close_case(sending, by=by, reason=reason)
    sharing.unshare(handover, handover.to_agency, by=by)
    policy.grant_to_roles(
        handover,
        handover.to_agency,
        dict.fromkeys(policy.handovers.grants.receiving_roles, policy.handovers.grants.accepted),
        by=by,
    )
    transaction.on_commit(lambda: tasks.notify_sender_of_answer.delay(handover.pk))
    return handover


@transaction.atomic
def decline_handover(handover: Handover, *, by, reason: str) -> Handover:
    """Decline with a reason the sender reads on their case; the case stays theirs, and the
    receiver, with no reason left to hold the summary, loses it."""
    if not reason.strip():
        raise HandoverError(
            _("Skriv varför överlämningen avböjs, så att avsändaren vet vad som gäller.")
        )
    handover = _locked_open_handover(handover)
    _require(by, policy.handovers, policy.DECIDE, handover)
    handover.decline_reason = reason.strip()
    handover = _close(handover, Handover.Status.DECLINED, by=by)
    sharing.unshare(handover, handover.to_agency, by=by)
    transaction.on_commit(lambda: tasks.notify_sender_of_answer.delay(handover.pk))
    return handover


@transaction.atomic
def withdraw_handover(handover: Handover, *, by) -> Handover:
    """The sender takes back a handover nobody has answered; the receiver loses it at once."""
    _require(by, policy.handovers, policy.CHANGE, handover)
    handover = _locked_open_handover(handover)
    handover = _close(handover, Handover.Status.WITHDRAWN, by=by)
    sharing.unshare(handover, handover.to_agency, by=by)
    return handover
