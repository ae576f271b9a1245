"""Reads of handovers, already filtered by the access policy.

The sender reaches a handover through their case; the receiving unit's BBAs only through the
share made under the consent (through the consent's last day, read with the grant), and once
they accept, through the grant their acceptance gave them. Of the sending case the receiver
reads only the frozen summary and who the child is: never the case itself.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.agencies import policy
from apps.agencies.models import Agency, Membership
from apps.cases.models import Case, Guardian
from apps.cases.panels import Section
from apps.cases.wheel_areas import WheelArea
from apps.consent import rules
from apps.consent.models import Consent
from apps.handovers.chronology import handover_events
from apps.handovers.models import Handover, Part
from apps.sip.models import Action, Plan
from apps.sip.selectors import current_version
from apps.wheel.models import Rating

HANDOVER = Consent.Purpose.HANDOVER
# Of the sending case only the child's identity and its BBA are read for the page.
_DETAIL = (
    "case__child",
    "case__bba",
    "from_agency",
    "to_agency",
    "sent_by",
    "decided_by",
    "receiving_case",
)


def handover_for_viewing(user, pk) -> Handover:
    return policy.handovers.get_or_404(
        user, policy.VIEW, Handover.objects.select_related(*_DETAIL), pk=pk
    )


def handover_for_deciding(user, pk) -> Handover:
    """Only the receiving unit's BBAs decide, and only through the share. One who may still
    read it after a colleague answered (an accepted handover stays with the unit) gets it
    too, so the service can tell them it is already answered instead of a 404 (as the
    sender, who reads it through their case, is told)."""
    handovers = Handover.objects.select_related(*_DETAIL)
    decidable = policy.handovers.visible(user, policy.DECIDE, handovers).filter(pk=pk)
    answered = policy.handovers.visible(user, policy.VIEW, handovers).filter(pk=pk)
    handover = decidable.first() or answered.exclude(status=Handover.Status.SENT).first()
    if handover is None:
        raise Http404
    return handover


def handover_for_withdrawing(user, pk) -> Handover:
    """The sender withdraws: whoever may change the sending case."""
    return policy.handovers.get_or_404(
        user, policy.CHANGE, Handover.objects.select_related(*_DETAIL), pk=pk
    )


def accepted_for_mapping(user, pk) -> tuple[Handover, Case]:
    """An accepted handover the user may read, with the receiving case they may work on: the
    new case's mapping continues from the handed-over wheel."""
    handover = policy.handovers.get_or_404(
        user,
        policy.VIEW,
        Handover.objects.select_related(*_DETAIL),
        pk=pk,
        status=Handover.Status.ACCEPTED,
    )
    case = policy.cases.get_or_404(
        user, policy.WORK, Case.objects.select_related("child"), pk=handover.receiving_case_id
    )
    return handover, case


def case_for_handing_over(user, case_pk) -> Case:
    """The case, for whoever may hand it over (its own people or its plan's coordinator)."""
    case = Case.objects.select_related("child", "agency").filter(pk=case_pk).first()
    if case is None or not policy.handovers.may_send(user, case):
        raise Http404
    return case


def receiving_agencies(case: Case) -> QuerySet:
    """Units a case may be handed over to: every other active unit in the county."""
    return (
        Agency.objects.filter(is_active=True)
        .exclude(pk=case.agency_id)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def receiving_people(agency: Agency) -> QuerySet:
    """Those who work at the unit today, of whom the accepting BBA may make the coordinator of
    the child's plan."""
    User = get_user_model()
    working = Membership.objects.current().filter(agency=agency).values("user_id")
    return User.objects.filter(pk__in=working, is_active=True).order_by("full_name", "pk")


def what_consent_lacks(case: Case, agency: Agency) -> list[str]:
    """Why no consent lets the case be handed over to ``agency``, in plain Swedish: [] when
    one does. The consents naming the unit for handover say what each still lacks."""
    if rules.covering_consent(case, agency, HANDOVER) is not None:
        return []
    consents = case.consents.prefetch_related(
        "agencies", "parties", "agency_withdrawals"
    ).select_related("case__child")
    naming = [
        consent
        for consent in consents
        if any(a.pk == agency.pk for a in rules.covered_agencies(consent))
    ]
    for_handover = [consent for consent in naming if HANDOVER in consent.purposes]
    if not for_handover:
        if naming:
            return [
                _(
                    "Samtycket som omfattar %(agency)s gäller inte för överlämning. Anteckna "
                    "ett samtycke med syftet överlämning."
                )
                % {"agency": agency}
            ]
        return [
            _(
                "Det finns inget samtycke som omfattar %(agency)s för överlämning. Anteckna "
                "samtycke från vårdnadshavarna (och barnet) först."
            )
            % {"agency": agency}
        ]
    reasons = []
    for consent in for_handover:
        reasons.extend(r for r in rules.why_not_active(consent) if r not in reasons)
    return reasons


def open_plan(case: Case) -> Plan | None:
    """The case's SIP that the family has not said no to, if any."""
    return (
        Plan.objects.filter(case=case, declined="")
        .select_related("coordinator", "coordinator_agency")
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class Sources:
    """What of the case a sender reads themselves, and so may hand over: nothing crosses
    through a handover that its sender could not open. The case's own people read it all; a
    coordinator, who holds the plan and not the case, reads the plan (its actions, contacts
    and the child's words in it), and the wheel only where they may read the assessment."""

    latest: object | None  # the latest assessment, when readable
    plan: Plan | None  # the open plan, when readable
    concerns: QuerySet
    guardians: bool


def sources_for(user, case: Case) -> Sources:
    latest = case.assessments.prefetch_related("ratings").order_by("-assessed_on", "-pk").first()
    plan = open_plan(case)
    return Sources(
        latest=latest if latest and policy.assessments.may(user, policy.VIEW, latest) else None,
        plan=plan if plan and policy.plans.may(user, policy.VIEW, plan) else None,
        concerns=policy.concerns.visible(user, policy.VIEW, case.concerns.all()),
        guardians=policy.children.may(user, policy.VIEW, case.child),
    )


def readable_parts(user, case: Case) -> list[str]:
    """The parts the user may choose to hand over: those with something they may read (the
    case's own people are offered every part, a coordinator those of the plan)."""
    sources = sources_for(user, case)
    reads_case = policy.cases.may(user, policy.VIEW, case)
    offered = {
        Part.WHEEL: reads_case or sources.latest is not None,
        Part.ACTIONS: reads_case or sources.plan is not None,
        Part.CHILD_WORDS: reads_case or sources.plan is not None,
        Part.CONTACTS: reads_case or sources.plan is not None,
    }
    return [part for part in Part.values if offered[part]]


def _child_words(sources: Sources) -> list[dict]:
    words = [
        {
            "source": "concern",
            "on": timezone.localdate(c.reported_at).isoformat(),
            "text": c.child_words,
        }
        for c in sources.concerns.order_by("reported_at")
        if c.child_words.strip()
    ]
    latest = sources.latest
    if latest is not None and latest.child_view.strip():
        words.append(
            {
                "source": "assessment",
                "on": latest.assessed_on.isoformat(),
                "text": latest.child_view,
            }
        )
    version = current_version(sources.plan) if sources.plan else None
    if version is not None and version.child_view.strip():
        on = timezone.localdate(version.agreed_at or version.created_at).isoformat()
        words.append({"source": "plan", "on": on, "text": version.child_view})
    return words


def summary_of(case: Case, parts, *, reader) -> dict:
    """The summary as it stands now, of the parts the sender chose, built only of what the
    sender (``reader``) may read themselves: what freezes into the handover. Codes, not
    labels, so each reader sees it in their own language."""
    summary = {}
    sources = sources_for(reader, case)
    latest, plan = sources.latest, sources.plan
    if Part.WHEEL in parts and latest is not None:
        summary["wheel"] = {
            "assessed_on": latest.assessed_on.isoformat(),
            "summary": latest.summary,
            "ratings": [
                {
                    "area": rating.area,
                    "rating": rating.rating,
                    "notes": rating.notes,
                    "strengths": rating.strengths,
                    "risks": rating.risks,
                }
                for rating in latest.ratings.all()
            ],
        }
    version = current_version(plan) if plan is not None else None
    if Part.ACTIONS in parts and plan is not None:
        actions = [] if version is None else version.actions.all()
        summary["actions"] = [
            {
                "what": action.what,
                "area": action.area,
                "responsible": action.responsible_display,
                "agency": action.agency.name if action.agency_id else "",
                "ends_on": action.ends_on.isoformat() if action.ends_on else "",
                "status": action.status,
            }
            for action in actions
            if action.status in (Action.Status.PLANNED, Action.Status.ONGOING)
        ]
    if Part.CHILD_WORDS in parts:
        summary["child_words"] = _child_words(sources)
    if Part.CONTACTS in parts and sources.guardians:
        summary["contacts"] = [
            {
                "name": g.name,
                "relation": g.relation,
                "has_custody": g.has_custody,
                "phone": g.phone,
                "email": g.email,
            }
            for g in case.child.guardians.all()
        ]
    if Part.CONTACTS in parts and version is not None:
        summary["plan_contacts"] = [
            {
                "name": contact.person.full_name,
                "agency": contact.agency.name,
                "phone": contact.person.phone,
                "email": contact.person.email,
            }
            for contact in version.contacts.select_related("person", "agency")
        ]
    if plan is not None:
        # Whoever coordinates the child's plan now: the receiver is told, and offered to
        # appoint a coordinator of their own (the child asked first).
        summary["plan"] = {
            "coordinator": plan.coordinator.full_name,
            "coordinator_email": plan.coordinator.email,
            "coordinator_agency": plan.coordinator_agency.name,
        }
    return summary


@dataclass(frozen=True)
class Summary:
    """The frozen summary, with its codes read as labels for the page."""

    wheel: dict | None
    ratings: list[dict]
    actions: list[dict] | None
    child_words: list[dict] | None
    contacts: list[dict] | None
    plan_contacts: list[dict] | None
    plan: dict | None


# Where each of the child's own words in a summary was recorded.
WORD_SOURCES = {
    "concern": gettext_lazy("Oro som anmäldes"),
    "assessment": gettext_lazy("Kartläggningen"),
    "plan": gettext_lazy("Barnets SIP"),
}


def readable_summary(handover: Handover) -> Summary:
    summary = handover.summary
    wheel = summary.get("wheel")
    ratings = []
    if wheel:
        by_area = {rating["area"]: rating for rating in wheel["ratings"]}
        ratings = [
            {
                **by_area[area],
                "area_label": area.label,
                "label": Rating(by_area[area]["rating"]).label,
            }
            for area in WheelArea
            if area in by_area
        ]
    actions = summary.get("actions")
    if actions is not None:
        actions = [
            {
                **action,
                "area_label": WheelArea(action["area"]).label if action["area"] else "",
                "status_label": Action.Status(action["status"]).label,
            }
            for action in actions
        ]
    contacts = summary.get("contacts")
    if contacts is not None:
        contacts = [
            {**contact, "relation_label": Guardian.Relation(contact["relation"]).label}
            for contact in contacts
        ]
    words = summary.get("child_words")
    if words is not None:
        words = [{**word, "source_label": WORD_SOURCES[word["source"]]} for word in words]
    return Summary(
        wheel=wheel,
        ratings=ratings,
        actions=actions,
        child_words=words,
        contacts=contacts,
        plan_contacts=summary.get("plan_contacts"),
        plan=summary.get("plan"),
    )


def part_labels(handover: Handover) -> list[str]:
    return [Part(part).label for part in handover.parts]


def incoming(user, agency: Agency, status: str = Handover.Status.SENT) -> QuerySet:
    """The handovers shared with the user's groups that were sent to the acting agency."""
    handovers = policy.handovers.visible(user, policy.VIEW).filter(to_agency=agency)
    if status:
        handovers = handovers.filter(status=status)
    return handovers.select_related("case__child", "from_agency", "to_agency", "sent_by").order_by(
        "-sent_at", "-pk"
    )


def to_decide(user, agency: Agency) -> QuerySet:
    """The handovers to the acting agency that wait for the user's decision, oldest first."""
    return (
        policy.handovers.visible(user, policy.DECIDE)
        .filter(to_agency=agency, status=Handover.Status.SENT)
        .select_related("case__child", "from_agency", "to_agency")
        .order_by("sent_at", "pk")
    )


@dataclass(frozen=True)
class ReceivedHandover:
    handover: Handover
    readable: bool
    plan: Plan | None  # the child's SIP that came with it, when the user may read it


@dataclass(frozen=True)
class CasePanel:
    """What the handover section of a case page shows the user."""

    sent: list[Handover]
    received: list[ReceivedHandover]
    may_send: bool
    may_work: bool


def _plans_that_came_with(user, received) -> dict:
    """The open SIP of each sending case, by case, that the user may read: the receiving unit
    holds it since it accepted. One read for them all."""
    plans = Plan.objects.filter(
        case_id__in=[h.case_id for h in received], declined=""
    ).select_related("coordinator", "coordinator_agency")
    newest_last = policy.plans.visible(user, policy.VIEW, plans).order_by("created_at")
    return {plan.case_id: plan for plan in newest_last}


def case_section(user, case: Case, reads) -> Section:
    """Handovers this case sent (seen by whoever sees the case) and the one it was opened
    from, each linked only while the user may read it, with their chronology."""
    sent = policy.handovers.of_case(user, policy.VIEW, case)
    handovers = policy.handovers.with_answer(
        user,
        policy.VIEW,
        (sent | Handover.objects.filter(receiving_case=case)).select_related(
            "from_agency", "to_agency", "sent_by", "decided_by"
        ),
        "readable",
    )
    handovers = list(handovers)
    sent = [h for h in handovers if h.case_id == case.pk]
    received = [h for h in handovers if h.receiving_case_id == case.pk]
    plans = _plans_that_came_with(user, received) if received else {}
    may_work = policy.cases.may(user, policy.WORK, case)
    return Section(
        data=CasePanel(
            sent=sent,
            received=[ReceivedHandover(h, h.readable, plans.get(h.case_id)) for h in received],
            may_send=may_work and not any(h.is_open for h in sent),
            may_work=may_work,
        ),
        events=list(handover_events(sent, received)),
    )


@dataclass(frozen=True)
class PlanPanel:
    """What the handover section of a plan page shows the user: the handovers of the plan's
    case they may read, as chronology events, and whether they may send one."""

    events: list
    may_send: bool


def plan_section(user, plan: Plan) -> PlanPanel:
    """For the coordinator, who may hold the plan and not the case: the handovers of the case
    they may read (those they sent), and the way to send one. The case's own people see the
    same handovers here as on the case page."""
    handovers = list(
        policy.handovers.visible(user, policy.VIEW)
        .filter(case=plan.case)
        .select_related("from_agency", "to_agency", "sent_by", "decided_by")
    )
    events = sorted(handover_events(handovers, []), key=lambda event: event.at, reverse=True)
    may_send = (
        not plan.case.is_closed
        and not plan.declined
        and not any(h.is_open for h in handovers)
        and policy.handovers.may_send(user, plan.case, plan=plan)
    )
    return PlanPanel(events=events, may_send=may_send)


def mapping_start(handover: Handover) -> dict:
    """The handed-over wheel as the values a new mapping starts from (see wheel.forms)."""
    wheel = handover.summary.get("wheel") or {}
    fields = ("rating", "notes", "strengths", "risks")
    return {
        "summary": wheel.get("summary", ""),
        "ratings": {
            rating["area"]: {name: rating[name] for name in fields}
            for rating in wheel.get("ratings", [])
        },
    }
