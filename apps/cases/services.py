"""Writes for children, cases and concerns. Each takes the acting user as ``by``."""

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.agencies import policy
from apps.agencies.models import Membership
from apps.audit.history import ConcurrentEdit, claim_revision, save_as
from apps.cases import closing, parties, tasks
from apps.cases.models import Case, Child, Concern, Guardian, RecordedStage
from apps.cases.personal_numbers import PersonalNumber, parse_personal_number

S = Case.Status
# The process of the model: upptäcka → kartlägga → (analys) → samarbeta → följa upp.
# A case may go back to mapping after an analysis, a follow-up may call a new meeting, and a
# case may be closed (with a reason) at any point; a closed case stays closed.
TRANSITIONS: dict[str, set[str]] = {
    S.DETECTED: {S.MAPPING, S.CLOSED},
    S.MAPPING: {S.ANALYSED, S.CLOSED},
    S.ANALYSED: {S.MAPPING, S.COLLABORATION, S.CLOSED},
    S.COLLABORATION: {S.FOLLOW_UP, S.CLOSED},
    S.FOLLOW_UP: {S.COLLABORATION, S.CLOSED},
    S.CLOSED: set(),
}


class InvalidTransition(Exception):
    """A status change the process does not allow; the message is for the user."""


def change_status(case: Case, to: str, *, by, reason: str = "") -> Case:
    if to == case.status:
        return case
    if to not in TRANSITIONS[case.status]:
        raise InvalidTransition(
            _("Ett ärende med status %(current)s kan inte få status %(target)s.")
            % {"current": case.get_status_display(), "target": Case.Status(to).label}
        )
    if to == S.CLOSED:
        if not reason.strip():
            raise InvalidTransition(_("Skriv varför ärendet avslutas."))
        case.closing_reason = reason.strip()
        case.closed_at = timezone.now()
    case.status = to
    save_as(case, by)
    if to == S.CLOSED:
        closing.closed(case, by=by)
    return case


def close_case(case: Case, *, by, reason: str) -> Case:
    return change_status(case, S.CLOSED, by=by, reason=reason)


def new_reserve_number(birth_date) -> str:
    return f"R{birth_date:%Y%m%d}-{secrets.token_hex(2).upper()}"


def register_child(*, by, agency, personal_number: PersonalNumber | None, **fields) -> Child:
    """A child with neither a personnummer nor a region's reserve number (``fields`` may hold
    ``region_reserve_number`` and ``reserve_number_region``) gets a reserve number of ours."""
    if personal_number:
        fields.update(
            personal_number=personal_number.normalised,
            birth_date=personal_number.birth_date,
        )
    elif not fields.get("region_reserve_number"):
        fields["reserve_number"] = new_reserve_number(fields["birth_date"])
    return save_as(Child(agency=agency, **fields), by)


def known_child(agency, *, personal_number: str | None, region_reserve_number=None, region=""):
    """The unit's own record of a child, by any number that identifies it (``personal_number``
    normalised, a region's reserve number normalised with its region), or None. The write that
    follows a miss registers the child, so this is where a second record of the same child
    would be born."""
    identities = Q(pk__in=[])
    if personal_number:
        identities |= Q(personal_number=personal_number)
    if region_reserve_number:
        identities |= Q(region_reserve_number=region_reserve_number, reserve_number_region=region)
    return Child.objects.filter(identities, agency=agency).order_by("pk").first()


GUARDIAN_FIELDS_COPIED = ("name", "relation", "has_custody", "phone", "email")


def child_record_at(agency, child: Child, *, by) -> Child:
    """Another unit's own record of ``child``, for a case it opens when a referral or a
    handover brings the child to it: found by personnummer or by a region's reserve number,
    or registered with the identifying details and the guardians (needed for the unit's own
    consent). A unit's children are its own, so later concerns at that unit join this record."""
    existing = known_child(
        agency,
        personal_number=child.personal_number,
        region_reserve_number=child.region_reserve_number,
        region=child.reserve_number_region,
    )
    if existing is not None:
        if child.protected_identity and not existing.protected_identity:
            update_child(existing, by=by, protected_identity=True)
        return existing
    own = register_child(
        by=by,
        agency=agency,
        personal_number=(
            parse_personal_number(child.personal_number) if child.personal_number else None
        ),
        first_name=child.first_name,
        last_name=child.last_name,
        birth_date=child.birth_date,
        protected_identity=child.protected_identity,
        region_reserve_number=child.region_reserve_number,
        reserve_number_region=child.reserve_number_region,
    )
    for guardian in child.guardians.all():
        add_guardian(
            own, by=by, **{name: getattr(guardian, name) for name in GUARDIAN_FIELDS_COPIED}
        )
    return own


@transaction.atomic
def update_child(child: Child, *, by, expected_revision: int | None = None, **fields) -> Child:
    """Change the child's details. From a form, ``expected_revision`` is the revision the user
    opened: if someone saved the child since, nothing is saved and ``ConcurrentEdit`` says so."""
    current = claim_revision(child, expected_revision)
    if current is not None:
        raise ConcurrentEdit(
            _(
                "Någon annan har ändrat barnets uppgifter medan du skrev. Dina ändringar är "
                "inte sparade, men allt du skrev finns kvar nedan. Sparar du igen ersätter "
                "dina uppgifter den andras ändringar."
            ),
            current,
        )
    for name, value in fields.items():
        setattr(child, name, value)
    save_as(child, by)
    parties.changed(child, by=by)
    return child


@transaction.atomic
def add_guardian(child: Child, *, by, **fields) -> Guardian:
    guardian = save_as(Guardian(child=child, **fields), by)
    parties.changed(child, by=by)
    return guardian


@transaction.atomic
def update_guardian(guardian: Guardian, *, by, **fields) -> Guardian:
    for name, value in fields.items():
        setattr(guardian, name, value)
    save_as(guardian, by)
    parties.changed(guardian.child, by=by)
    return guardian


class StageNotRecorded(Exception):
    """A recorded stage that cannot hold; the message is for the user."""


def record_stage(child: Child, *, by, stage: str, starts_on, reason: str, ends_on=None):
    """Record the child's stage where it differs from what the birth date says, from
    ``starts_on`` through ``ends_on`` (open: until the responsibility ends at 20). Kept with
    every earlier record, so the history shows how the child's road was read, and by whom."""
    if not reason.strip():
        raise StageNotRecorded(_("Skriv varför barnets stadium avviker."))
    if ends_on is not None and ends_on < starts_on:
        raise StageNotRecorded(_("Slutdatumet kan inte vara före startdatumet."))
    record = RecordedStage(
        child=child, stage=stage, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    return save_as(record, by)


def _responsible_bba(agency):
    membership = (
        Membership.objects.current()
        .filter(agency=agency, role=Membership.Role.BBA)
        .select_related("user")
        .order_by("starts_on", "pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def open_case(*, by, child: Child) -> Case:
    case = save_as(Case(child=child, agency=child.agency, bba=_responsible_bba(child.agency)), by)
    policy.grant_new_case(case, by=by)
    return case


def _open_case_of(child: Child) -> Case | None:
    return child.cases.exclude(status=S.CLOSED).order_by("-opened_at").first()


@transaction.atomic
def log_concern(
    *,
    by,
    agency,
    personal_number: PersonalNumber | None,
    child_fields: dict,
    areas: list[str],
    observation: str,
    child_words: str = "",
    source: str = Concern.Source.OWN_UNIT,
    social_services_report_made: bool = False,
    social_services_report_date=None,
) -> Concern:
    """A staff member's concern about a child goes to the BBA inbox of their own unit.

    The child is found by personnummer among the unit's own children, or registered; the
    concern joins the child's open case, or opens one. The reporter is told the same thing
    either way, so logging a concern reveals nothing about what the unit already knows: the
    concern keeps the name as they wrote it, which is all their own pages show of the child.
    """
    child = known_child(
        agency,
        personal_number=personal_number.normalised if personal_number else None,
        region_reserve_number=child_fields.get("region_reserve_number"),
        region=child_fields.get("reserve_number_region", ""),
    )
    if child is None:
        child = register_child(
            by=by, agency=agency, personal_number=personal_number, **child_fields
        )
    case = _open_case_of(child) or open_case(by=by, child=child)
    concern = save_as(
        Concern(
            case=case,
            reported_by=by,
            reported_name=f"{child_fields['first_name']} {child_fields['last_name']}",
            areas=areas,
            observation=observation,
            child_words=child_words,
            source=source,
            social_services_report_made=social_services_report_made,
            social_services_report_date=social_services_report_date,
        ),
        by,
    )
    policy.grant_concern_reporter(concern, by, agency, by=by)
    transaction.on_commit(lambda: tasks.notify_bba_of_concern.delay(concern.pk))
    return concern


def record_social_services_report(concern: Concern, *, by, made_on) -> Concern:
    concern.social_services_report_made = True
    concern.social_services_report_date = made_on
    return save_as(concern, by)


@transaction.atomic
def assign_handler(case: Case, handler, *, by) -> Case:
    """Delegation within the unit: the handler sees and works on this case, nothing more."""
    previous = case.handler
    if previous == handler:
        return case
    if previous is not None:
        policy.revoke_case_handler(case, previous, by=by)
    if handler is not None:
        policy.grant_case_handler(case, handler, by=by)
    case.handler = handler
    return save_as(case, by)


def start_mapping(case: Case, *, by) -> Case:
    """Called when the first assessment of a case is made."""
    if case.status == S.DETECTED:
        change_status(case, S.MAPPING, by=by)
    return case
