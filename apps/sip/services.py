"""Writes for the coordinated individual plan (SIP). Each takes the acting user as ``by``.

The callers (views) fetch the meeting, plan or version through a selector that demands the
right to change it, so only the case's own people and the coordinator get here. The rules
here are those of the plan itself: it is written after a coordinator is appointed, every
agency named in it sees it (across agency lines only under a consent for SIP), it is agreed
only when complete, and it is followed up, and revised into a new version, never rewritten.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.agencies import policy
from apps.audit.history import claim_revision, delete_as, save_as
from apps.cases import services as case_services
from apps.cases.models import Case
from apps.consent import sharing
from apps.consent.models import Consent
from apps.meetings.models import CoordinatorAppointment, Meeting
from apps.sip import law, tasks
from apps.sip.models import (
    Action,
    ActionOutcome,
    ContactPerson,
    CoordinatorChange,
    FollowUp,
    Plan,
    PlanVersion,
)

Status = PlanVersion.Status

# What the plan's own text says; the agreement and the reminders are set by the services.
VERSION_FIELDS = [
    "child_needs",
    "child_goals",
    "overall_goal",
    "lead_agency",
    "child_view",
    "guardians_view",
    "views_language",
    "disagreements",
    "other_participants",
    "follow_up_how",
    "next_follow_up_at",
    "next_follow_up_place",
]
ACTION_FIELDS = [
    "what",
    "area",
    "kind",
    "agency",
    "responsible",
    "responsible_name",
    "starts_on",
    "ends_on",
    "status",
]


class PlanRefused(Exception):
    """A write the plan's rules do not allow; the message is for the user."""


class ConcurrentEdit(PlanRefused):
    """Someone saved the version after the user opened it; ``current_revision`` is theirs."""

    def __init__(self, current_revision: int):
        self.current_revision = current_revision
        super().__init__(
            _(
                "Någon annan har ändrat planen medan du skrev. Dina ändringar är inte sparade, "
                "men allt du skrev finns kvar nedan. Jämför med den senaste versionen. Sparar "
                "du igen ersätter dina uppgifter den andras ändringar."
            )
        )


class PlanIncomplete(PlanRefused):
    """The plan lacks what the law and the regional templates ask for; ``missing`` says what."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            _("Planen kan inte bli överenskommen ännu. Det här saknas: %(missing)s")
            % {"missing": " ".join(missing)}
        )


def _refuse_if_closed(case: Case) -> None:
    if case.is_closed:
        raise PlanRefused(_("Ärendet är avslutat. Planen kan läsas men inte ändras."))


def _refuse_if_declined(plan: Plan) -> None:
    if plan.declined:
        raise PlanRefused(_("Familjen har tackat nej till planen. Den kan läsas men inte ändras."))


# Access: who sees the plan.


def _current_group(user, agency):
    """The person's group in the agency, or None when they no longer work there: someone who
    has left is let in nowhere, though a plan written earlier may still name them."""
    try:
        return policy.membership_group(user, agency)
    except PermissionError:
        return None


def _let_in(plan: Plan, agency, users, perms, *, by) -> None:
    """People of the case's own agency directly; those of any other agency only through a
    share under a consent that covers their agency for SIP (``ConsentMissing`` otherwise)."""
    groups = [group for user in users if (group := _current_group(user, agency))]
    if not groups:
        return
    if agency.pk == plan.case.agency_id:
        for group in groups:
            for perm in perms:
                policy.grant(perm, group, plan, by=by)
    else:
        sharing.share(
            plan,
            case=plan.case,
            agency=agency,
            purpose=Consent.Purpose.SIP,
            groups=groups,
            perms=perms,
            by=by,
        )


def named_people(version: PlanVersion) -> dict:
    """Everyone the version names, by agency: the responsible for each action and the
    contact person of each agency."""
    named = defaultdict(dict)
    for action in version.actions.select_related("agency", "responsible"):
        if action.agency_id and action.responsible_id:
            named[action.agency][action.responsible_id] = action.responsible
    for contact in version.contacts.select_related("agency", "person"):
        named[contact.agency][contact.person_id] = contact.person
    return {agency: list(people.values()) for agency, people in named.items()}


def share_with_participating_agencies(version: PlanVersion, *, by) -> None:
    """Every person named in the version reads and prints the plan. Called on every save of
    a version, inside its transaction, so a missing consent refuses the whole save."""
    for agency, people in named_people(version).items():
        _let_in(version.plan, agency, people, policy.plans.grants.named, by=by)
    _let_out_the_unnamed(version, by=by)


def _let_out_the_unnamed(version: PlanVersion, *, by) -> None:
    """Someone named in a draft (by mistake, say) and then taken out loses the plan again.

    The coordinator keeps it, and so does everyone named in a version that was agreed: they
    took part in what was agreed and may need to read it.
    """
    plan = version.plan
    keep = {_current_group(plan.coordinator, plan.coordinator_agency)}
    for named_version in [version, *plan.versions.exclude(status=Status.DRAFT)]:
        for agency, people in named_people(named_version).items():
            keep.update(_current_group(person, agency) for person in people)
    kept_ids = {group.pk for group in keep if group is not None}
    granted = (
        policy.grants_to_people(plan)
        .exclude(group_id__in=kept_ids)
        .select_related("group", "permission")
    )
    revoked = list(granted)
    for row in revoked:
        sharing.unshare_group(plan, row.group, by=by)
        policy.revoke(f"sip.{row.permission.codename}", row.group, plan, by=by)
    if revoked:
        _update_calendars_after_commit(plan.versions.filter(follow_up_event__isnull=False))


def _update_calendars_after_commit(versions) -> None:
    """Once the change is committed, each version's follow-up is brought up to date in the
    calendars of those invited (apps/sip/invitations.py decides who gets what)."""
    for pk in versions.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=pk: tasks.send_follow_up_invitations.delay(pk))


# Creating the plan.


def not_plannable_reason(meeting: Meeting) -> str | None:
    """Why no plan can be written from the meeting, for the user; None if one can."""
    if meeting.case.is_closed:
        return _("Ärendet är avslutat.")
    if not CoordinatorAppointment.objects.filter(meeting=meeting).exists():
        return _("Utse en samordningsperson på mötet innan planen skrivs.")
    if Plan.objects.filter(meeting=meeting).exists():
        return _("Det finns redan en plan från det här mötet.")
    return None


@transaction.atomic
def create_plan(meeting: Meeting, *, by) -> Plan:
    """Start the plan as version 1, a draft, owned by the coordinator appointed at the meeting.

    The coordinator reads, changes and prints the plan: directly when working in the case's
    own agency, otherwise under a consent for SIP; without it nothing is created.
    """
    reason = not_plannable_reason(meeting)
    if reason:
        raise PlanRefused(reason)
    coordinator = meeting.coordinator_appointment.coordinator
    if _current_group(coordinator.user, coordinator.agency) is None:
        raise PlanRefused(
            _(
                "%(name)s arbetar inte längre på %(agency)s. Utse en ny samordningsperson "
                "på ett samverkansmöte."
            )
            % {"name": coordinator.user.full_name, "agency": coordinator.agency}
        )
    plan = save_as(
        Plan(
            case=meeting.case,
            meeting=meeting,
            coordinator=coordinator.user,
            coordinator_agency=coordinator.agency,
            created_by=by,
        ),
        by,
    )
    save_as(PlanVersion(plan=plan, number=1, created_by=by), by)
    _let_in(plan, coordinator.agency, [coordinator.user], policy.plans.grants.coordinator, by=by)
    return plan


# Passing the coordinator role on.


def _let_in_coordinator(plan: Plan, user, agency, *, by) -> None:
    """The coordinator's rights on the plan: directly for the case's own agency and a unit
    the plan was handed over to (see policy.plans.hand_over_to), else under a consent for
    SIP."""
    perms = policy.plans.grants.coordinator
    if policy.plans.handed_over_to(plan, agency):
        policy.grant_to_person(plan, user, agency, perms, by=by)
    else:
        _let_in(plan, agency, [user], perms, by=by)


def _let_go_of_coordinator(plan: Plan, user, agency, *, by) -> None:
    """A replaced coordinator no longer changes the plan; they keep reading and printing it,
    as everyone named in it does, for they coordinated it until now."""
    group = _current_group(user, agency)
    if group is None:
        return
    only_theirs = [
        perm for perm in policy.plans.grants.coordinator if perm not in policy.plans.grants.named
    ]
    sharing.unshare_group(plan, group, by=by, perms=only_theirs)
    for perm in only_theirs:
        policy.revoke(perm, group, plan, by=by)


@transaction.atomic
def change_coordinator(
    plan: Plan,
    *,
    by,
    child_wish: str,
    child_wished,
    coordinator,
    coordinator_agency,
    special_reason: str = "",
) -> CoordinatorChange:
    """Record whom the child wished for and who coordinates the plan from now on: the same
    person (the role passes on unchanged) or someone else, who then owns the plan while the
    one replaced keeps reading it. The rules of the choice are those of a meeting's
    appointment (``CoordinatorChange.clean``); nothing is written when one is broken.

    Asked by someone who may change the plan (its case's people, its coordinator, the BBAs of
    the unit the child was handed over to)."""
    if not policy.plans.may(by, policy.CHANGE, plan):
        raise PermissionDenied
    _refuse_if_declined(plan)
    if _current_group(coordinator, coordinator_agency) is None:
        raise PlanRefused(
            _("%(name)s arbetar inte på %(agency)s. Välj någon som gör det.")
            % {"name": coordinator.full_name, "agency": coordinator_agency}
        )
    change = CoordinatorChange(
        plan=plan,
        child_wish=child_wish.strip(),
        child_wished=child_wished,
        previous_coordinator=plan.coordinator,
        previous_agency=plan.coordinator_agency,
        coordinator=coordinator,
        coordinator_agency=coordinator_agency,
        special_reason=special_reason.strip(),
        changed_by=by,
    )
    change.full_clean()
    save_as(change, by)
    if change.kept:
        return change
    _let_in_coordinator(plan, coordinator, coordinator_agency, by=by)
    _let_go_of_coordinator(plan, plan.coordinator, plan.coordinator_agency, by=by)
    plan.coordinator = coordinator
    plan.coordinator_agency = coordinator_agency
    save_as(plan, by)
    _update_calendars_after_commit(plan.versions.filter(follow_up_event__isnull=False))
    return change


# Writing the draft.


def _refuse_unless_draft(version: PlanVersion) -> None:
    if not version.is_draft:
        raise PlanRefused(
            _(
                "Version %(number)s är inte ett utkast och kan inte ändras. En överenskommen "
                "plan ändras genom en uppföljning som gör en ny version."
            )
            % {"number": version.number}
        )


def _set(instance, values: dict, names) -> bool:
    """Copy ``values`` onto the instance; whether anything actually changed."""
    changed = False
    for name in names:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed = True
    return changed


def _replace_actions(version: PlanVersion, actions: list[dict], *, by) -> None:
    """The version's actions become ``actions``: those with the ``id`` of an existing action
    change it (saved only if something changed, so the history shows what did), the others
    are added, and the actions left out are removed. Removing is for drafts only: an agreed
    version's actions are never touched."""
    existing = {action.pk: action for action in version.actions.all()}
    wanted = []
    for values in actions:
        action = existing.pop(values.get("id"), None)
        wanted.append((action, values))
    for action in existing.values():
        delete_as(action, by)
    for action, values in wanted:
        if action is None:
            save_as(Action(version=version, **{k: values[k] for k in ACTION_FIELDS}), by)
        elif _set(action, values, ACTION_FIELDS):
            save_as(action, by)


def _replace_contacts(version: PlanVersion, contacts: list[dict], *, by) -> None:
    """One contact person per agency: matched by agency, so changing the person of an
    agency is a change of that row in the history."""
    wanted = {values["agency"].pk: values for values in contacts}
    for contact in version.contacts.all():
        values = wanted.pop(contact.agency_id, None)
        if values is None:
            delete_as(contact, by)
        elif contact.person_id != values["person"].pk:
            contact.person = values["person"]
            save_as(contact, by)
    for values in wanted.values():
        save_as(
            ContactPerson(version=version, agency=values["agency"], person=values["person"]), by
        )


@transaction.atomic
def update_version(
    version: PlanVersion,
    *,
    by,
    expected_revision: int,
    fields: dict,
    actions: list[dict],
    contacts: list[dict],
) -> PlanVersion:
    """Save the user's edit of the draft they opened, or raise ``ConcurrentEdit``.

    The revision is claimed first (see ``claim_revision``). ``actions`` and
    ``contacts`` are the complete lists wanted (see ``_replace_actions``). Everyone named
    is let in to the plan; if an agency lacks consent, ``ConsentMissing`` undoes it all
    (in the database: fetch the version again before using it after a refusal).
    """
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a plan version: {sorted(unknown)}")
    _refuse_if_closed(version.plan.case)
    _refuse_if_declined(version.plan)
    _refuse_unless_draft(version)
    lead = fields.get("lead_agency")
    if lead is not None and not law.may_lead(lead):
        raise PlanRefused(law.lead_refused_reason(lead))
    current = claim_revision(version, expected_revision, status=Status.DRAFT)
    if current is not None:
        raise ConcurrentEdit(current)
    _set(version, fields, VERSION_FIELDS)
    save_as(version, by)
    _replace_actions(version, actions, by=by)
    _replace_contacts(version, contacts, by=by)
    share_with_participating_agencies(version, by=by)
    return version


# Completeness and agreement.


def _quoted(action: Action) -> str:
    return Truncator(" ".join(action.what.split())).chars(60)


def missing_parts(version: PlanVersion) -> list[str]:
    """What the version still lacks to be agreed, in plain Swedish, in the plan's order.

    The parts are those of the law (see ``law.LAW_REFERENCE``) and the regional SIP
    templates: the child's needs and own goals, the overall goal, the principal with overall
    responsibility (the municipality or the region, never a private or state principal, as
    a lead chosen before an agency's principal was corrected may be), who does what from
    when to when, a contact in each agency taking part,
    the child's and the guardians' views, and how and when the plan is followed up.
    Reads ``version.actions`` and ``version.contacts`` through any prefetch.
    """
    missing = []
    if not version.child_needs.strip():
        missing.append(_("Barnets behov saknas."))
    if not version.child_goals.strip():
        missing.append(_("Barnets egna mål saknas."))
    if not version.overall_goal.strip():
        missing.append(_("Det övergripande målet saknas."))
    if version.lead_agency_id is None:
        missing.append(_("Det saknas en huvudman med övergripande ansvar för planen."))
    elif not law.may_lead(version.lead_agency):
        missing.append(law.lead_refused_reason(version.lead_agency))
    actions = list(version.actions.all())
    if not actions:
        missing.append(_("Planen har ingen insats."))
    agencies_with_actions = {}
    for action in actions:
        missing.extend(_missing_in_action(action))
        if action.kind == Action.Kind.AGENCY and action.agency_id:
            agencies_with_actions[action.agency_id] = action.agency
    contact_agencies = {contact.agency_id for contact in version.contacts.all()}
    for agency_id, agency in sorted(agencies_with_actions.items(), key=lambda i: i[1].name):
        if agency_id not in contact_agencies:
            missing.append(
                _("Det finns ingen kontaktperson för %(agency)s.") % {"agency": agency.name}
            )
    if not version.child_view.strip():
        missing.append(_("Barnets syn på planen saknas."))
    if not version.guardians_view.strip():
        missing.append(_("Vårdnadshavarnas syn på planen saknas."))
    if not version.follow_up_how.strip():
        missing.append(_("Det saknas en beskrivning av hur planen följs upp."))
    if version.next_follow_up_at is None:
        missing.append(_("Tid för nästa uppföljning saknas."))
    return missing


def kind_of_plan(version: PlanVersion) -> law.PlanKind:
    """Whether the version is the statutory SIP or the model's wider collaboration plan.
    Reads ``version.actions`` and ``version.contacts`` through any prefetch."""
    return law.plan_kind(
        law.participating_agencies(
            version.plan.coordinator_agency,
            version.lead_agency,
            [a for a in version.actions.all() if a.kind == Action.Kind.AGENCY],
            version.contacts.all(),
        )
    )


def _missing_in_action(action: Action) -> list[str]:
    what = {"what": _quoted(action)}
    if action.kind != Action.Kind.AGENCY:
        if not action.responsible_name.strip():
            return [_("Insatsen ”%(what)s” saknar ansvarig.") % what]
        return []
    missing = []
    if action.agency_id is None:
        missing.append(_("Insatsen ”%(what)s” saknar ansvarig verksamhet.") % what)
    if action.responsible_id is None:
        missing.append(_("Insatsen ”%(what)s” saknar ansvarig person.") % what)
    if action.starts_on is None:
        missing.append(_("Insatsen ”%(what)s” saknar startdatum.") % what)
    if action.ends_on is None and action.status != Action.Status.ONGOING:
        missing.append(_("Insatsen ”%(what)s” saknar slutdatum (eller status ”Pågår”).") % what)
    return missing


@transaction.atomic
def agree(
    version: PlanVersion, *, by, agreed_parties: str, expected_revision: int | None = None
) -> PlanVersion:
    """Record that the parties agreed to the draft: it becomes the plan in force, the version
    agreed before it is superseded, and the case moves on to follow-up.

    With ``expected_revision`` (the revision the user read), an edit made after the user
    opened the page stops the agreement: nobody agrees to a text they have not seen.
    """
    _refuse_if_closed(version.plan.case)
    _refuse_if_declined(version.plan)
    _refuse_unless_draft(version)
    if not agreed_parties.strip():
        raise PlanRefused(_("Skriv vilka som kom överens om planen."))
    claim = PlanVersion.objects.filter(pk=version.pk, status=Status.DRAFT)
    if expected_revision is not None:
        claim = claim.filter(revision=expected_revision)
    if not claim.update(revision=F("revision") + 1):
        raise ConcurrentEdit(
            PlanVersion.objects.values_list("revision", flat=True).get(pk=version.pk)
        )
    version.refresh_from_db()  # what is agreed is what was saved, not what the caller holds
    missing = missing_parts(version)
    if missing:
        raise PlanIncomplete(missing)
    for previous in version.plan.versions.filter(status=Status.AGREED):
        previous.status = Status.SUPERSEDED
        save_as(previous, by)
    version.status = Status.AGREED
    version.agreed_at = timezone.now()
    version.agreed_by = by
    version.agreed_parties = agreed_parties.strip()
    save_as(version, by)
    share_with_participating_agencies(version, by=by)
    case = version.plan.case
    if case.status == Case.Status.COLLABORATION:
        case_services.change_status(case, Case.Status.FOLLOW_UP, by=by)
    # The follow-up is booked with the plan: everyone in it gets the calendar invitation.
    _update_calendars_after_commit(PlanVersion.objects.filter(pk=version.pk))
    return version


# Follow-up and revision.


def not_followable_reason(version: PlanVersion) -> str | None:
    """Why the version cannot be followed up, for the user; None if it can."""
    if version.plan.case.is_closed:
        return _("Ärendet är avslutat.")
    if version.plan.declined:
        return _("Familjen har tackat nej till planen.")
    if version.status != Status.AGREED:
        return _("Bara den överenskomna planen kan följas upp.")
    if version.plan.versions.filter(number__gt=version.number).exists():
        return _("Planen revideras redan i en ny version. Kom överens om den nya versionen först.")
    return None


def _copy_into_next_version(version: PlanVersion, *, by) -> PlanVersion:
    """The next version starts as the old one: every field, action and contact copied as
    new rows, so the old version stays exactly as it was agreed. The time of the next
    follow-up is not copied: the one just held has passed."""
    number = version.plan.versions.aggregate(last=Max("number"))["last"] + 1
    fields = {name: getattr(version, name) for name in VERSION_FIELDS}
    fields["next_follow_up_at"] = None
    draft = save_as(PlanVersion(plan=version.plan, number=number, created_by=by, **fields), by)
    for action in version.actions.select_related("agency", "responsible"):
        save_as(Action(version=draft, **{k: getattr(action, k) for k in ACTION_FIELDS}), by)
    for contact in version.contacts.select_related("agency", "person"):
        save_as(ContactPerson(version=draft, agency=contact.agency, person=contact.person), by)
    return draft


@transaction.atomic
def record_follow_up(
    version: PlanVersion,
    *,
    by,
    held_on,
    notes: str,
    child_view: str = "",
    guardians_view: str = "",
    outcomes: dict,
    revise: bool = False,
) -> FollowUp:
    """Record the follow-up of the agreed version: what happened with every action
    (``outcomes``: action id → (what happened, status)), whose status follows the outcome.

    The reminders of the version stop. With ``revise``, the next version is started as a
    draft copy of this one, to be changed and agreed; this one stays readable as agreed.
    """
    reason = not_followable_reason(version)
    if reason:
        raise PlanRefused(reason)
    actions = list(version.actions.all())
    if {action.pk for action in actions} != set(outcomes) or any(
        not what_happened.strip() for what_happened, _status in outcomes.values()
    ):
        raise PlanRefused(_("Skriv vad som har hänt med varje insats."))
    follow_up = save_as(
        FollowUp(
            version=version,
            held_on=held_on,
            notes=notes.strip(),
            child_view=child_view.strip(),
            guardians_view=guardians_view.strip(),
            recorded_by=by,
        ),
        by,
    )
    for action in actions:
        what_happened, status = outcomes[action.pk]
        save_as(
            ActionOutcome(
                follow_up=follow_up,
                action=action,
                what_happened=what_happened.strip(),
                status=status,
            ),
            by,
        )
        if action.status != status:
            action.status = status
            save_as(action, by)
    version.next_follow_up_at = None
    version.reminder_sent_at = None
    version.overdue_flagged_at = None
    save_as(version, by)
    # Held: the event leaves the calendars if it was booked for a later day, else is forgotten.
    _update_calendars_after_commit(PlanVersion.objects.filter(pk=version.pk))
    if revise:
        # The copy names nobody new, so nobody is let in: those named already hold their
        # access to the plan, and anyone whose consent has ended since is refused when the
        # draft is next saved, until they are taken out of it or a new consent is recorded.
        follow_up.revised_into = _copy_into_next_version(version, by=by)
        save_as(follow_up, by)
    return follow_up


# The family declines.


@transaction.atomic
def record_declined(plan: Plan, *, by, declined_by_party: str, reason: str) -> Plan:
    """Record that the family said no to the plan, who said it and why: a refusal while no
    version has been agreed, the end of the plan after one was. The plan stays readable as it
    was and is changed no more; what was shared under the consent is the consent's matter."""
    if plan.declined:
        raise PlanRefused(_("Det är redan antecknat att familjen har tackat nej till planen."))
    if not declined_by_party.strip():
        raise PlanRefused(_("Skriv vem i familjen som tackade nej."))
    if not reason.strip():
        raise PlanRefused(_("Skriv varför familjen tackade nej."))
    agreed_once = plan.versions.exclude(status=Status.DRAFT).exists()
    plan.declined = Plan.Declined.ENDED if agreed_once else Plan.Declined.REFUSED
    plan.declined_by_party = declined_by_party.strip()
    plan.declined_reason = reason.strip()
    plan.declined_at = timezone.now()
    plan.declined_recorded_by = by
    return save_as(plan, by)


# Closing the case.


class ClosingGround(models.TextChoices):
    """Why collaboration ends: the two grounds the model names, each with the user's words."""

    GOALS_MET = "goals_met", gettext_lazy("Målen är nådda")
    DECLINED = "declined", gettext_lazy("Familjen tackar nej till fortsatt samverkan")


def cancel_follow_ups_of_closed_case(case: Case, *, by) -> None:
    """A closed case has no follow-up: it is cancelled in the calendars of those invited.
    Registered with apps.cases.closing, so closing the case from the case page does it too."""
    _update_calendars_after_commit(
        PlanVersion.objects.filter(plan__case=case, follow_up_event__isnull=False)
    )


def close_case(plan: Plan, *, by, ground: str, details: str) -> Case:
    """Close the plan's case. Nothing is removed: the case and its plans stay readable to
    those who had access to them."""
    if ground not in ClosingGround.values:
        raise PlanRefused(_("Välj varför ärendet avslutas."))
    if not details.strip():
        raise PlanRefused(_("Skriv kort varför ärendet avslutas."))
    reason = f"{ClosingGround(ground).label}: {details.strip()}"
    try:
        return case_services.close_case(plan.case, by=by, reason=reason)
    except case_services.InvalidTransition as exc:
        raise PlanRefused(str(exc)) from exc
